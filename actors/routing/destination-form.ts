/**
 * Reads the configuration API's JSON forms of destinations and schedule periods (Wazo confd's
 * `{"type": "user", "user_id": 1, "ring_time": 20}`, `{"hours_start": "08:00", "week_days": […]}`)
 * into the routing objects' values.
 *
 * @remarks
 * The API validates these forms before storing them; a form this module still cannot read (written
 * by an older version, or by hand) becomes `none` (a destination leading nowhere) rather than a
 * failure at call time, and a period field of the wrong shape does not restrict.
 */
import type { UserId } from './dialplan.ts';
import type { RoutingDestination, ScheduleException, SchedulePeriod } from './routing-objects.ts';

type Form = Readonly<Record<string, unknown>>;

function positive(form: Form, key: string): number | undefined {
  const value = form[key];
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

function text(form: Form, key: string): string | undefined {
  const value = form[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

const NONE: RoutingDestination = { type: 'none' };

function byId(form: Form, key: string, build: (id: number) => RoutingDestination): RoutingDestination {
  const id = positive(form, key);
  return id === undefined ? NONE : build(id);
}

/** A string-to-string map (the skill rule variables); undefined for anything else or an empty one. */
function textMap(form: Form, key: string): Readonly<Record<string, string>> | undefined {
  const value = form[key];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

/** A queue destination with the skill rule set and variables it gives the call (confd's `skill_rule_id`, `skill_rule_variables`). */
function queueDestination(form: Form, queueId: number): RoutingDestination {
  const skillRuleSetId = positive(form, 'skill_rule_id');
  const skillRuleVariables = textMap(form, 'skill_rule_variables');
  return { type: 'queue', queueId, ...(skillRuleSetId === undefined ? {} : { skillRuleSetId }), ...(skillRuleVariables === undefined ? {} : { skillRuleVariables }) };
}

/** The routing destination of a stored destination form; `none` for one it cannot read. */
export function destinationFromForm(form: unknown): RoutingDestination {
  if (typeof form !== 'object' || form === null) return NONE;
  const value = form as Form;
  switch (value['type']) {
    case 'user': {
      const ringSeconds = positive(value, 'ring_time');
      return byId(value, 'user_id', (id) => ({ type: 'user', userId: id as UserId, ...(ringSeconds === undefined ? {} : { ringSeconds }) }));
    }
    case 'group':
      return byId(value, 'group_id', (groupId) => ({ type: 'group', groupId }));
    case 'queue':
      return byId(value, 'queue_id', (queueId) => queueDestination(value, queueId));
    case 'ivr':
      return byId(value, 'ivr_id', (ivrId) => ({ type: 'ivr', ivrId }));
    case 'voicemail':
      return byId(value, 'voicemail_id', (voicemailId) => ({ type: 'voicemail', voicemailId }));
    case 'conference':
      return byId(value, 'conference_id', (conferenceId) => ({ type: 'conference', conferenceId }));
    case 'extension': {
      const exten = text(value, 'exten');
      const context = text(value, 'context');
      return exten === undefined || context === undefined ? NONE : { type: 'extension', exten, context };
    }
    case 'custom': {
      const command = text(value, 'command');
      return command === undefined ? NONE : { type: 'custom', command };
    }
    case 'sound': {
      const filename = text(value, 'filename');
      return filename === undefined ? NONE : { type: 'sound', filename };
    }
    case 'hangup': {
      const cause = value['cause'];
      return cause === 'busy' || cause === 'congestion' || cause === 'normal' ? { type: 'hangup', cause } : { type: 'hangup', cause: 'normal' };
    }
    default:
      return NONE;
  }
}

function numbers(form: Form, key: string): readonly number[] {
  const value = form[key];
  return Array.isArray(value) ? value.filter((item): item is number => typeof item === 'number' && Number.isSafeInteger(item)) : [];
}

/** The schedule period of a stored period form. */
export function periodFromForm(form: unknown): SchedulePeriod {
  const value = typeof form === 'object' && form !== null ? (form as Form) : {};
  return {
    hoursStart: text(value, 'hours_start') ?? null,
    hoursEnd: text(value, 'hours_end') ?? null,
    weekDays: numbers(value, 'week_days'),
    monthDays: numbers(value, 'month_days'),
    months: numbers(value, 'months'),
  };
}

/** The exceptional period of a stored form: a period and its destination. */
export function exceptionFromForm(form: unknown): ScheduleException {
  const destination = typeof form === 'object' && form !== null ? (form as Form)['destination'] : undefined;
  return { ...periodFromForm(form), destination: destinationFromForm(destination) };
}
