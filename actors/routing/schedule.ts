/**
 * Schedules (seed CF-20): whether a schedule is open at an instant, in its time zone, and where a
 * closed schedule sends the call.
 *
 * @remarks
 * The reference platform's order: an exceptional period that holds closes the schedule with that
 * period's destination; else an opening period that holds opens it; else it is closed with its
 * closed destination. A period holds when each of its set criteria does: hours (`HH:MM` to
 * `HH:MM`, both minutes included), ISO week days, days of the month, months, all read in the
 * schedule's time zone, so a period keeps its local meaning across daylight-saving changes. A
 * disabled schedule is always open.
 *
 * Local time comes from `Intl.DateTimeFormat` (the IANA time-zone database Node.js ships), which
 * is all this needs: fields of an instant in a zone, never the reverse.
 */
import type { RoutingDestination, Schedule, SchedulePeriod } from './routing-objects.ts';

/** The outcome of {@link scheduleState}. */
export type ScheduleState =
  | { readonly type: 'open' }
  | { readonly type: 'closed'; readonly reason: 'exception' | 'closed'; readonly destination: RoutingDestination }
  | { readonly type: 'invalid-timezone'; readonly timezone: string };

/** The local fields a period reads. */
export interface LocalTime {
  readonly month: number;
  readonly monthDay: number;
  /** ISO: 1 Monday … 7 Sunday. */
  readonly weekDay: number;
  readonly hour: number;
  readonly minute: number;
}

const WEEK_DAYS: Readonly<Record<string, number>> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timezone: string): Intl.DateTimeFormat | undefined {
  const known = formats.get(timezone);
  if (known !== undefined) return known;
  try {
    const format = new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', weekday: 'short', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    formats.set(timezone, format);
    return format;
  } catch {
    return undefined;
  }
}

/** Whether a text names a time zone this runtime knows (`Europe/Paris`, `UTC`). */
export function isKnownTimezone(timezone: string): boolean {
  return timezone !== '' && formatFor(timezone) !== undefined;
}

/** The local fields of an instant (milliseconds since the epoch) in a time zone; undefined for an unknown zone. */
export function localTime(instant: number, timezone: string): LocalTime | undefined {
  const format = formatFor(timezone);
  if (format === undefined) return undefined;
  const parts = new Map(format.formatToParts(new Date(instant)).map((part) => [part.type, part.value]));
  return {
    month: Number(parts.get('month')),
    monthDay: Number(parts.get('day')),
    weekDay: WEEK_DAYS[parts.get('weekday') ?? ''] ?? 0,
    hour: Number(parts.get('hour')),
    minute: Number(parts.get('minute')),
  };
}

/** Minutes after midnight of an `HH:MM` text; undefined when it is not one (00:00 to 23:59). */
export function parseClock(text: string): number | undefined {
  const match = /^([01][0-9]|2[0-3]):([0-5][0-9])$/.exec(text);
  return match === null ? undefined : Number(match[1]) * 60 + Number(match[2]);
}

/** Whether a period holds at a local time. */
export function periodHolds(period: SchedulePeriod, time: LocalTime): boolean {
  if (period.weekDays.length > 0 && !period.weekDays.includes(time.weekDay)) return false;
  if (period.monthDays.length > 0 && !period.monthDays.includes(time.monthDay)) return false;
  if (period.months.length > 0 && !period.months.includes(time.month)) return false;
  const start = period.hoursStart === null ? undefined : parseClock(period.hoursStart);
  const end = period.hoursEnd === null ? undefined : parseClock(period.hoursEnd);
  const now = time.hour * 60 + time.minute;
  if (start !== undefined && now < start) return false;
  if (end !== undefined && now > end) return false;
  return true;
}

/** Whether a schedule is open at `instant` (milliseconds since the epoch), and if not where calls go. */
export function scheduleState(schedule: Schedule, instant: number): ScheduleState {
  if (!schedule.enabled) return { type: 'open' };
  const time = localTime(instant, schedule.timezone);
  if (time === undefined) return { type: 'invalid-timezone', timezone: schedule.timezone };
  const exception = schedule.exceptionalPeriods.find((period) => periodHolds(period, time));
  if (exception !== undefined) return { type: 'closed', reason: 'exception', destination: exception.destination };
  if (schedule.openPeriods.some((period) => periodHolds(period, time))) return { type: 'open' };
  return { type: 'closed', reason: 'closed', destination: schedule.closedDestination };
}
