/**
 * The statistics of queue calls (seed CC-10), computed from queue_log rows only: one
 * `stat_call_on_queue` row per call received on a queue, and the hourly `stat_queue_periodic`
 * counters.
 *
 * @remarks
 * {@link applyQueueLogRow} folds one row at a time, so the tables are kept up to date as rows
 * arrive; folding the whole log from the start gives the same tables (a rebuild). A call's row
 * appears when its outcome is known: at `CONNECT` (answered, talk time 0), completed by
 * `COMPLETEAGENT`/`COMPLETECALLER` (talk time); at `ABANDON` (abandoned), `EXITWITHTIMEOUT`
 * (timeout), `EXITEMPTY` (leaveempty); at once for the calls that never wait (`FULL`, `CLOSED`,
 * `JOINEMPTY`, `DIVERT_CA_RATIO`, `DIVERT_HOLDTIME`). Its time is its `ENTERQUEUE` time (or the
 * event's for a call that never entered); waits and talks are seconds. The hour of a row is the UTC
 * hour of its time. Pure.
 */
import type { QueueLogRow } from './queue-log.ts';

/** A queue call's outcome (seed CC-10). */
export type QueueCallStatus = 'full' | 'closed' | 'joinempty' | 'leaveempty' | 'divert_ca_ratio' | 'divert_waittime' | 'answered' | 'abandoned' | 'timeout';

export const QUEUE_CALL_STATUSES: readonly QueueCallStatus[] = ['answered', 'abandoned', 'full', 'closed', 'joinempty', 'leaveempty', 'divert_ca_ratio', 'divert_waittime', 'timeout'];

/** A `stat_call_on_queue` row (the queue and agent by name; the store maps them to stat ids). */
export interface CallOnQueue {
  readonly callid: string;
  readonly queue: string;
  /** Epoch ms. */
  readonly time: number;
  readonly ringtime: number;
  readonly talktime: number;
  readonly waittime: number;
  readonly status: QueueCallStatus;
  readonly agent: string | null;
}

/** The fold's state: the calls waiting in a queue, and the rows so far. */
export interface QueueStatistics {
  /** Entry time of each call now in a queue, by `callid` and queue. */
  readonly waiting: ReadonlyMap<string, number>;
  /** The rows, by `callid`, queue and time. */
  readonly calls: ReadonlyMap<string, CallOnQueue>;
}

export const EMPTY_QUEUE_STATISTICS: QueueStatistics = { waiting: new Map(), calls: new Map() };

const NEVER_QUEUED: Partial<Record<QueueLogRow['event'], QueueCallStatus>> = {
  FULL: 'full',
  CLOSED: 'closed',
  JOINEMPTY: 'joinempty',
  DIVERT_CA_RATIO: 'divert_ca_ratio',
  DIVERT_HOLDTIME: 'divert_waittime',
};

const LEFT_WAITING: Partial<Record<QueueLogRow['event'], QueueCallStatus>> = {
  ABANDON: 'abandoned',
  EXITWITHTIMEOUT: 'timeout',
  EXITEMPTY: 'leaveempty',
};

const callKey = (callid: string, queue: string): string => `${callid}\u0000${queue}`;
const rowKey = (call: Pick<CallOnQueue, 'callid' | 'queue' | 'time'>): string => `${call.callid}\u0000${call.queue}\u0000${call.time}`;
const seconds = (text: string): number => {
  const value = Number(text);
  return Number.isFinite(value) && value >= 0 ? Math.round(value) : 0;
};

/** Folds one row into mutable maps; the call row written or updated, if any. */
function step(waiting: Map<string, number>, calls: Map<string, CallOnQueue>, row: QueueLogRow): CallOnQueue | undefined {
  const key = callKey(row.callid, row.queuename);
  const write = (call: CallOnQueue): CallOnQueue => {
    calls.set(rowKey(call), call);
    return call;
  };
  const never = NEVER_QUEUED[row.event];
  if (never !== undefined) return write({ callid: row.callid, queue: row.queuename, time: row.time, ringtime: 0, talktime: 0, waittime: 0, status: never, agent: null });
  if (row.event === 'ENTERQUEUE') {
    waiting.set(key, row.time);
    return undefined;
  }
  const enteredAt = waiting.get(key);
  if (enteredAt === undefined) return undefined;
  const left = LEFT_WAITING[row.event];
  if (left !== undefined) {
    waiting.delete(key);
    return write({ callid: row.callid, queue: row.queuename, time: enteredAt, ringtime: 0, talktime: 0, waittime: seconds(row.data3), status: left, agent: null });
  }
  if (row.event === 'CONNECT') {
    return write({ callid: row.callid, queue: row.queuename, time: enteredAt, ringtime: seconds(row.data3), talktime: 0, waittime: seconds(row.data1), status: 'answered', agent: row.agent });
  }
  if (row.event === 'COMPLETEAGENT' || row.event === 'COMPLETECALLER') {
    waiting.delete(key);
    const answered = calls.get(rowKey({ callid: row.callid, queue: row.queuename, time: enteredAt }));
    const base = answered ?? { callid: row.callid, queue: row.queuename, time: enteredAt, ringtime: 0, waittime: seconds(row.data1), status: 'answered' as const, agent: row.agent };
    return write({ ...base, talktime: seconds(row.data2) });
  }
  return undefined;
}

/** Folds one row: the new state and the call row it wrote or updated, if any (the state given is left as it was). */
export function applyQueueLogRow(state: QueueStatistics, row: QueueLogRow): { readonly state: QueueStatistics; readonly written?: CallOnQueue } {
  const waiting = new Map(state.waiting);
  const calls = new Map(state.calls);
  const written = step(waiting, calls, row);
  return { state: { waiting, calls }, ...(written === undefined ? {} : { written }) };
}

/** Folds a whole log (a rebuild), in time linear in the number of rows. */
export function foldQueueLog(rows: Iterable<QueueLogRow>, from: QueueStatistics = EMPTY_QUEUE_STATISTICS): QueueStatistics {
  const waiting = new Map(from.waiting);
  const calls = new Map(from.calls);
  for (const row of rows) step(waiting, calls, row);
  return { waiting, calls };
}

/** A `stat_queue_periodic` row: one queue's counters over one hour. */
export type QueuePeriod = { readonly queue: string; readonly hour: number; readonly total: number } & Readonly<Record<QueueCallStatus, number>>;

/** The hour (epoch ms, UTC) a time falls in. */
export function hourOf(timeMs: number): number {
  return timeMs - (((timeMs % 3_600_000) + 3_600_000) % 3_600_000);
}

/** The hourly counters of the calls, by queue and hour; `total` is the sum of the status counters. */
export function periodicCounters(calls: Iterable<CallOnQueue>): QueuePeriod[] {
  const periods = new Map<string, Record<QueueCallStatus, number> & { queue: string; hour: number; total: number }>();
  for (const call of calls) {
    const hour = hourOf(call.time);
    const key = `${call.queue}\u0000${hour}`;
    const period = periods.get(key) ?? { queue: call.queue, hour, total: 0, ...Object.fromEntries(QUEUE_CALL_STATUSES.map((status) => [status, 0])) as Record<QueueCallStatus, number> };
    period[call.status] += 1;
    period.total += 1;
    periods.set(key, period);
  }
  return [...periods.values()].sort((left, right) => left.hour - right.hour || left.queue.localeCompare(right.queue));
}
