/**
 * What the node's contact center reads (seed CC-01..CC-10): every queue and agent of every tenant,
 * and the statistics of one queue over one hour for the live queue view.
 */
import type { Queryable } from '../database.ts';
import { listAgentPage, type AgentRow } from './agents.ts';
import { listQueuePage, type QueueRow } from './queues.ts';

/** The queues and agents of all tenants, by id. */
export async function loadContactCenterRows(db: Queryable): Promise<{ readonly queues: readonly QueueRow[]; readonly agents: readonly AgentRow[] }> {
  const { rows } = await db.query<{ uuid: string }>('SELECT uuid::text AS uuid FROM tenant');
  const tenants = rows.map((row) => row.uuid);
  const queues = await listQueuePage(db, tenants, { order: 'id' });
  const agents = await listAgentPage(db, tenants, { order: 'id' });
  return { queues: queues.items, agents: agents.items };
}

/** A queue's calls of one hour from `stat_call_on_queue`: answered, abandoned, answered within the service level. */
export interface QueueHourCounts {
  readonly answered: number;
  readonly abandoned: number;
  readonly answeredWithinServiceLevel: number;
}

/** Counts the calls of queue `queueName` that entered in `[hourMs, hourMs + 1 h)`. */
export async function queueHourCounts(db: Queryable, queueName: string, hourMs: number, serviceLevelSeconds: number): Promise<QueueHourCounts> {
  const { rows } = await db.query<QueueHourCounts>(
    `SELECT count(*) FILTER (WHERE status = 'answered')::integer AS answered,
       count(*) FILTER (WHERE status = 'abandoned')::integer AS abandoned,
       count(*) FILTER (WHERE status = 'answered' AND waittime <= $4)::integer AS "answeredWithinServiceLevel"
     FROM stat_call_on_queue JOIN stat_queue ON stat_queue.id = stat_call_on_queue.queue_id
     WHERE stat_queue.name = $1 AND stat_call_on_queue.time >= $2 AND stat_call_on_queue.time < $3`,
    [queueName, new Date(hourMs).toISOString(), new Date(hourMs + 3_600_000).toISOString(), serviceLevelSeconds],
  );
  return rows[0] ?? { answered: 0, abandoned: 0, answeredWithinServiceLevel: 0 };
}

/** One call's wait in a queue as queue_log tells it: when it entered, and when it left (null: no row says so yet). */
export interface QueueWaitRow {
  readonly queueName: string;
  readonly callId: string;
  readonly enteredAtMs: number;
  readonly leftAtMs: number | null;
}

/**
 * The waits of calls that entered a queue at `fromMs` or later (ENTERQUEUE), each with the first
 * row that ended it (CONNECT, ABANDON, EXITWITHTIMEOUT, EXITEMPTY), for the console's chart of
 * waiting calls, rebuilt by a node that starts running the contact center.
 */
export async function queueWaits(db: Queryable, fromMs: number): Promise<readonly QueueWaitRow[]> {
  const { rows } = await db.query<QueueWaitRow>(
    `SELECT queuename AS "queueName", callid AS "callId",
       (extract(epoch FROM min(time) FILTER (WHERE event = 'ENTERQUEUE')) * 1000)::float8 AS "enteredAtMs",
       (extract(epoch FROM min(time) FILTER (WHERE event <> 'ENTERQUEUE')) * 1000)::float8 AS "leftAtMs"
     FROM queue_log
     WHERE time >= $1 AND event IN ('ENTERQUEUE', 'CONNECT', 'ABANDON', 'EXITWITHTIMEOUT', 'EXITEMPTY')
     GROUP BY queuename, callid
     HAVING min(time) FILTER (WHERE event = 'ENTERQUEUE') IS NOT NULL`,
    [new Date(fromMs).toISOString()],
  );
  return rows;
}
