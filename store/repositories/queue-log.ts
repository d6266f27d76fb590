/**
 * queue_log and the statistics kept from it (seed CC-09, CC-10): rows are appended, and in the
 * same transaction the `stat_call_on_queue` row of the call they concern is written and its hour
 * of `stat_queue_periodic` recounted; a rebuild empties both tables and folds the whole log again.
 *
 * @remarks
 * The store does not know how rows make statistics: the caller gives the fold (the queue rules of
 * the actors) as a {@link QueueLogFold}. A call's row depends only on the earlier rows of the same
 * call id and queue, so a new row is folded after those alone, in the order rows were written
 * (`queue_log.id`), which is the order a rebuild folds them in. `stat_queue` and `stat_agent` rows
 * are created the first time a name is used (`q1`, `Agent/3001`), linked to the queue or agent of
 * that name when there is exactly one; they are never deleted, so statistics outlive
 * configuration. Times are epoch ms in code, `timestamptz` in the tables; hours are UTC hours.
 */
import type { Queryable } from '../database.ts';

/** A queue_log row as written (the `QueueLogRow` of the queue rules). */
export interface StoredQueueLogRow {
  /** Epoch ms. */
  readonly time: number;
  readonly callid: string;
  readonly queuename: string;
  readonly agent: string;
  readonly event: string;
  readonly data1: string;
  readonly data2: string;
  readonly data3: string;
  readonly data4: string;
  readonly data5: string;
}

/** A `stat_call_on_queue` row by names (the `CallOnQueue` of the queue rules). */
export interface StoredCallOnQueue {
  readonly callid: string;
  readonly queue: string;
  /** Epoch ms. */
  readonly time: number;
  readonly ringtime: number;
  readonly talktime: number;
  readonly waittime: number;
  readonly status: string;
  readonly agent: string | null;
}

/** A `stat_queue_periodic` row by queue name; `hour` is epoch ms. */
export interface StoredQueuePeriod {
  readonly queue: string;
  readonly hour: number;
  readonly total: number;
  readonly answered: number;
  readonly abandoned: number;
  readonly full: number;
  readonly closed: number;
  readonly joinempty: number;
  readonly leaveempty: number;
  readonly divert_ca_ratio: number;
  readonly divert_waittime: number;
  readonly timeout: number;
}

/** How rows make statistics: the queue rules' `EMPTY_QUEUE_STATISTICS`, `applyQueueLogRow`, `foldQueueLog` and `periodicCounters`. */
export interface QueueLogFold<State extends { readonly calls: ReadonlyMap<string, StoredCallOnQueue> }> {
  readonly empty: State;
  // Methods, so that the queue rules' functions (typed with their own row and event types) fit as they are.
  apply(state: State, row: StoredQueueLogRow): { readonly state: State; readonly written?: StoredCallOnQueue };
  fold(rows: Iterable<StoredQueueLogRow>): State;
  periodic(calls: Iterable<StoredCallOnQueue>): readonly StoredQueuePeriod[];
}

const STATUSES = ['answered', 'abandoned', 'full', 'closed', 'joinempty', 'leaveempty', 'divert_ca_ratio', 'divert_waittime', 'timeout'] as const;
const HOUR_MS = 3_600_000;
const iso = (timeMs: number): string => new Date(timeMs).toISOString();
const hourOf = (timeMs: number): number => timeMs - (((timeMs % HOUR_MS) + HOUR_MS) % HOUR_MS);

const ROW_COLUMNS = `round(extract(epoch FROM time) * 1000)::float8 AS time, callid, queuename, agent, event, data1, data2, data3, data4, data5`;

async function insertLogRow(db: Queryable, row: StoredQueueLogRow): Promise<number> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO queue_log (time, callid, queuename, agent, event, data1, data2, data3, data4, data5)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id::text AS id`,
    [iso(row.time), row.callid, row.queuename, row.agent, row.event, row.data1, row.data2, row.data3, row.data4, row.data5],
  );
  return Number(rows[0]?.id);
}

/** The stat id of a queue name, created on first use. */
async function statQueueId(db: Queryable, name: string): Promise<number> {
  await db.query(
    `INSERT INTO stat_queue (name, tenant_uuid, queue_id)
     SELECT $1, (SELECT tenant_uuid FROM queue WHERE name = $1), (SELECT id FROM queue WHERE name = $1)
     ON CONFLICT (name) DO NOTHING`,
    [name],
  );
  const { rows } = await db.query<{ id: number }>('SELECT id FROM stat_queue WHERE name = $1', [name]);
  return Number(rows[0]?.id);
}

/** The stat id of an agent interface name (`Agent/3001`), created on first use. */
async function statAgentId(db: Queryable, name: string): Promise<number> {
  const number = name.startsWith('Agent/') ? name.slice('Agent/'.length) : null;
  await db.query(
    `INSERT INTO stat_agent (name, tenant_uuid, agent_id)
     SELECT $1, one.tenant_uuid, one.id FROM (SELECT NULL) AS nothing
       LEFT JOIN (SELECT min(tenant_uuid::text)::uuid AS tenant_uuid, min(id) AS id FROM agent WHERE number = $2 HAVING count(*) = 1) AS one ON true
     ON CONFLICT (name) DO NOTHING`,
    [name, number],
  );
  const { rows } = await db.query<{ id: number }>('SELECT id FROM stat_agent WHERE name = $1', [name]);
  return Number(rows[0]?.id);
}

async function upsertCall(db: Queryable, call: StoredCallOnQueue): Promise<number> {
  const queueId = await statQueueId(db, call.queue);
  const agentId = call.agent === null ? null : await statAgentId(db, call.agent);
  await db.query(
    `INSERT INTO stat_call_on_queue (callid, time, ringtime, talktime, waittime, status, queue_id, agent_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (callid, queue_id, time) DO UPDATE SET ringtime = EXCLUDED.ringtime, talktime = EXCLUDED.talktime, waittime = EXCLUDED.waittime,
       status = EXCLUDED.status, agent_id = EXCLUDED.agent_id`,
    [call.callid, iso(call.time), call.ringtime, call.talktime, call.waittime, call.status, queueId, agentId],
  );
  return queueId;
}

/** Counts one queue's calls of one hour again from `stat_call_on_queue`. */
async function recountHour(db: Queryable, queueId: number, hourMs: number): Promise<void> {
  const counters = STATUSES.map((status) => `count(*) FILTER (WHERE status = '${status}')::integer`).join(', ');
  await db.query(
    `INSERT INTO stat_queue_periodic (time, queue_id, ${STATUSES.map((status) => `"${status}"`).join(', ')}, total)
     SELECT $2, $1, ${counters}, count(*)::integer FROM stat_call_on_queue WHERE queue_id = $1 AND time >= $2 AND time < $3
     ON CONFLICT (queue_id, time) DO UPDATE SET ${STATUSES.map((status) => `"${status}" = EXCLUDED."${status}"`).join(', ')}, total = EXCLUDED.total`,
    [queueId, iso(hourMs), iso(hourMs + HOUR_MS)],
  );
}

/**
 * Appends rows to queue_log and keeps the statistics up to date, row by row; run it in a
 * transaction so that the log and the statistics move together.
 */
export async function writeQueueLogRows<State extends { readonly calls: ReadonlyMap<string, StoredCallOnQueue> }>(
  db: Queryable,
  fold: QueueLogFold<State>,
  rows: readonly StoredQueueLogRow[],
): Promise<void> {
  for (const row of rows) {
    const id = await insertLogRow(db, row);
    const { rows: earlier } = await db.query<StoredQueueLogRow>(
      `SELECT ${ROW_COLUMNS} FROM queue_log WHERE callid = $1 AND queuename = $2 AND id < $3 ORDER BY id`,
      [row.callid, row.queuename, id],
    );
    const { written } = fold.apply(fold.fold(earlier), row);
    if (written === undefined) continue;
    const queueId = await upsertCall(db, written);
    await recountHour(db, queueId, hourOf(written.time));
  }
}

/** Empties `stat_call_on_queue` and `stat_queue_periodic` and folds the whole log again; run it in a transaction. */
export async function rebuildQueueStatistics<State extends { readonly calls: ReadonlyMap<string, StoredCallOnQueue> }>(
  db: Queryable,
  fold: QueueLogFold<State>,
): Promise<{ readonly calls: number; readonly periods: number }> {
  await db.query('DELETE FROM stat_queue_periodic');
  await db.query('DELETE FROM stat_call_on_queue');
  const { rows } = await db.query<StoredQueueLogRow>(`SELECT ${ROW_COLUMNS} FROM queue_log ORDER BY id`);
  const calls = [...fold.fold(rows).calls.values()];
  const queueIds = new Map<string, number>();
  for (const call of calls) queueIds.set(call.queue, await upsertCall(db, call));
  const periods = fold.periodic(calls);
  for (const period of periods) {
    await db.query(
      `INSERT INTO stat_queue_periodic (time, queue_id, ${STATUSES.map((status) => `"${status}"`).join(', ')}, total)
       VALUES ($1, $2, ${STATUSES.map((_, index) => `$${index + 3}`).join(', ')}, $${STATUSES.length + 3})`,
      [iso(period.hour), queueIds.get(period.queue), ...STATUSES.map((status) => period[status]), period.total],
    );
  }
  return { calls: calls.length, periods: periods.length };
}

/** The statistics tables by names, sorted (calls by queue, call id and time; periods by queue and hour). */
export async function readQueueStatistics(db: Queryable): Promise<{ readonly calls: StoredCallOnQueue[]; readonly periods: StoredQueuePeriod[] }> {
  const { rows: calls } = await db.query<StoredCallOnQueue>(
    `SELECT stat_call_on_queue.callid, stat_queue.name AS queue, round(extract(epoch FROM stat_call_on_queue.time) * 1000)::float8 AS time,
       ringtime, talktime, waittime, status, stat_agent.name AS agent
     FROM stat_call_on_queue JOIN stat_queue ON stat_queue.id = stat_call_on_queue.queue_id LEFT JOIN stat_agent ON stat_agent.id = stat_call_on_queue.agent_id
     ORDER BY stat_queue.name, stat_call_on_queue.callid, stat_call_on_queue.time`,
  );
  const { rows: periods } = await db.query<StoredQueuePeriod>(
    `SELECT stat_queue.name AS queue, round(extract(epoch FROM stat_queue_periodic.time) * 1000)::float8 AS hour, total,
       ${STATUSES.map((status) => `"${status}"`).join(', ')}
     FROM stat_queue_periodic JOIN stat_queue ON stat_queue.id = stat_queue_periodic.queue_id ORDER BY stat_queue.name, stat_queue_periodic.time`,
  );
  return { calls, periods };
}
