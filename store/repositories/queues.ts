/**
 * Queues (Wazo confd's `/queues`, seed CC-02..CC-05): their settings, Asterisk options, fallbacks,
 * members (agents and users with penalty and position), extensions and schedule.
 *
 * @remarks
 * An extension leads to a queue when its type is `queue` and its `typeval` the queue's id, as Wazo
 * keeps them; dissociating it or deleting the queue turns it back into a free extension. Every
 * table here moves the configuration version on (migration 0018).
 */
import type { Queryable } from '../database.ts';
import type { TenantUuid } from '../ids.ts';
import { notFound, writeRow, type WriteResult } from '../write-result.ts';
import type { StoredDestination } from './incalls.ts';
import { selectPage, type Page, type PageQuery } from './list-page.ts';
import { rowId } from './row-changes.ts';
import { deleteRowById, insertRow, updateRowById, type RowTable } from './routing-object-rows.ts';

export interface QueueMemberRow {
  readonly id: number;
  readonly penalty: number;
  readonly priority: number;
}

export interface QueueRow {
  readonly id: number;
  readonly tenantUuid: TenantUuid;
  readonly name: string;
  readonly label: string;
  readonly enabled: boolean;
  /** Asterisk's queues.conf settings as [key, value] pairs. */
  readonly options: readonly (readonly [string, string])[];
  readonly timeout: number | null;
  readonly retryOnTimeout: boolean;
  readonly waitTimeThreshold: number | null;
  readonly waitTimeDestination: StoredDestination | null;
  readonly waitRatioThreshold: number | null;
  readonly waitRatioDestination: StoredDestination | null;
  readonly musicOnHold: string | null;
  readonly preprocessSubroutine: string | null;
  readonly announceHoldTimeOnEntry: boolean;
  readonly ignoreForward: boolean;
  readonly dtmfHangupCalleeEnabled: boolean;
  readonly dtmfHangupCallerEnabled: boolean;
  readonly dtmfTransferCalleeEnabled: boolean;
  readonly dtmfTransferCallerEnabled: boolean;
  readonly dtmfRecordCalleeEnabled: boolean;
  readonly dtmfRecordCallerEnabled: boolean;
  readonly markAnsweredElsewhere: boolean;
  readonly dataQuality: boolean;
  readonly callerIdMode: 'prepend' | 'append' | 'overwrite' | null;
  readonly callerIdName: string | null;
  readonly noanswerDestination: StoredDestination | null;
  readonly busyDestination: StoredDestination | null;
  readonly congestionDestination: StoredDestination | null;
  readonly failDestination: StoredDestination | null;
  readonly scheduleId: number | null;
  readonly agents: readonly QueueMemberRow[];
  readonly users: readonly (QueueMemberRow & { readonly uuid: string })[];
  readonly extensions: readonly { readonly id: number; readonly exten: string; readonly context: string }[];
}

/** The fields a request may write (the associations have their own functions). */
export type QueueFields = Partial<Omit<QueueRow, 'id' | 'tenantUuid' | 'scheduleId' | 'agents' | 'users' | 'extensions' | `${string}Destination`>> & {
  readonly waitTimeDestination?: StoredDestination | null;
  readonly waitRatioDestination?: StoredDestination | null;
};

export type QueueFallbackName = 'noanswer' | 'busy' | 'congestion' | 'fail';
export type QueueFallbacks = Readonly<Record<`${QueueFallbackName}Destination`, StoredDestination | null>>;

export type QueueOrder = 'id' | 'name' | 'label';

const FIELD_COLUMNS = {
  name: 'name', label: 'label', enabled: 'enabled', options: 'options', timeout: 'timeout', retryOnTimeout: 'retry_on_timeout',
  waitTimeThreshold: 'wait_time_threshold', waitTimeDestination: 'wait_time_destination', waitRatioThreshold: 'wait_ratio_threshold',
  waitRatioDestination: 'wait_ratio_destination', musicOnHold: 'music_on_hold', preprocessSubroutine: 'preprocess_subroutine',
  announceHoldTimeOnEntry: 'announce_hold_time_on_entry', ignoreForward: 'ignore_forward', dtmfHangupCalleeEnabled: 'dtmf_hangup_callee_enabled',
  dtmfHangupCallerEnabled: 'dtmf_hangup_caller_enabled', dtmfTransferCalleeEnabled: 'dtmf_transfer_callee_enabled',
  dtmfTransferCallerEnabled: 'dtmf_transfer_caller_enabled', dtmfRecordCalleeEnabled: 'dtmf_record_callee_enabled',
  dtmfRecordCallerEnabled: 'dtmf_record_caller_enabled', markAnsweredElsewhere: 'mark_answered_elsewhere', dataQuality: 'data_quality',
  callerIdMode: 'caller_id_mode', callerIdName: 'caller_id_name',
} as const;

const READ_ONLY_COLUMNS = {
  noanswerDestination: 'noanswer_destination', busyDestination: 'busy_destination', congestionDestination: 'congestion_destination',
  failDestination: 'fail_destination', scheduleId: 'schedule_id',
} as const;

const COLUMNS = `queue.id, queue.tenant_uuid::text AS "tenantUuid", ${Object.entries({ ...FIELD_COLUMNS, ...READ_ONLY_COLUMNS })
  .filter(([field]) => field !== 'waitRatioThreshold').map(([field, column]) => `queue.${column} AS "${field}"`).join(', ')},
  queue.wait_ratio_threshold::float8 AS "waitRatioThreshold",
  COALESCE((SELECT json_agg(json_build_object('id', agent_id, 'penalty', penalty, 'priority', priority) ORDER BY priority, agent_id)
    FROM queue_member_agent WHERE queue_member_agent.queue_id = queue.id), '[]'::json) AS agents,
  COALESCE((SELECT json_agg(json_build_object('id', users.id, 'uuid', users.uuid, 'penalty', penalty, 'priority', priority) ORDER BY priority, users.id)
    FROM queue_member_user JOIN users ON users.id = queue_member_user.user_id WHERE queue_member_user.queue_id = queue.id), '[]'::json) AS users,
  COALESCE((SELECT json_agg(json_build_object('id', extension.id, 'exten', extension.exten, 'context', extension.context) ORDER BY extension.id)
    FROM extension WHERE extension.type = 'queue' AND extension.typeval = queue.id::text AND extension.tenant_uuid = queue.tenant_uuid), '[]'::json) AS extensions`;

const ORDER_COLUMNS: Readonly<Record<QueueOrder, string>> = { id: 'queue.id', name: 'queue.name', label: 'queue.label' };

export async function findQueue(db: Queryable, queueId: string, tenantUuids: readonly string[]): Promise<QueueRow | undefined> {
  const id = rowId(queueId);
  if (id === undefined) return undefined;
  const { rows } = await db.query<QueueRow>(`SELECT ${COLUMNS} FROM queue WHERE queue.id = $1 AND queue.tenant_uuid = ANY($2::uuid[])`, [id, tenantUuids]);
  return rows[0];
}

/** A queue as routing reaches it (by id, from an extension or a destination, in any tenant): undefined when it is gone. */
export async function findQueueForRouting(db: Queryable, queueId: number): Promise<QueueRow | undefined> {
  const { rows } = await db.query<QueueRow>(`SELECT ${COLUMNS} FROM queue WHERE queue.id = $1`, [queueId]);
  return rows[0];
}

const TABLE: RowTable<QueueRow> = {
  table: 'queue',
  resource: 'queue',
  columns: FIELD_COLUMNS,
  jsonColumns: ['options', 'wait_time_destination', 'wait_ratio_destination'],
  find: findQueue,
};

export function listQueuePage(db: Queryable, tenantUuids: readonly string[], query: PageQuery & { readonly order: QueueOrder }): Promise<Page<QueueRow>> {
  return selectPage<QueueRow>(db, {
    from: 'FROM queue',
    columns: COLUMNS,
    where: ['queue.tenant_uuid = ANY($1::uuid[])'],
    params: [tenantUuids],
    searchColumns: ['queue.name', 'queue.label'],
    orderBy: ORDER_COLUMNS[query.order],
    tieBreaker: 'queue.id',
  }, query);
}

export function createQueue(db: Queryable, tenantUuid: TenantUuid, fields: QueueFields & { readonly name: string; readonly label: string }): Promise<WriteResult<QueueRow>> {
  return insertRow(db, TABLE, tenantUuid, fields);
}

export function updateQueue(db: Queryable, queueId: string, tenantUuids: readonly string[], changes: QueueFields): Promise<WriteResult<QueueRow>> {
  return updateRowById(db, TABLE, queueId, tenantUuids, changes);
}

/** Deletes a queue and frees its extensions; run it in a transaction. */
export async function deleteQueue(db: Queryable, queueId: string, tenantUuids: readonly string[]): Promise<QueueRow | undefined> {
  const queue = await findQueue(db, queueId, tenantUuids);
  if (queue === undefined) return undefined;
  await db.query(`UPDATE extension SET type = 'user', typeval = '0' WHERE type = 'queue' AND typeval = $1`, [String(queue.id)]);
  return deleteRowById(db, TABLE, queueId, tenantUuids);
}

/** Sets the queue's four fallback destinations (null: none). */
export function setQueueFallbacks(db: Queryable, queueId: number, fallbacks: QueueFallbacks): Promise<WriteResult<{ readonly id: number }>> {
  const json = (destination: StoredDestination | null) => (destination === null ? null : JSON.stringify(destination));
  return writeRow(async () => (await db.query<{ id: number }>(
    'UPDATE queue SET noanswer_destination = $2, busy_destination = $3, congestion_destination = $4, fail_destination = $5 WHERE id = $1 RETURNING id',
    [queueId, json(fallbacks.noanswerDestination), json(fallbacks.busyDestination), json(fallbacks.congestionDestination), json(fallbacks.failDestination)],
  )).rows, notFound(`no queue ${queueId}`));
}

/** Sets (or, with null, removes) the queue's schedule. */
export function setQueueSchedule(db: Queryable, queueId: number, scheduleId: number | null): Promise<WriteResult<{ readonly id: number }>> {
  return writeRow(async () => (await db.query<{ id: number }>('UPDATE queue SET schedule_id = $2 WHERE id = $1 RETURNING id', [queueId, scheduleId])).rows, notFound(`no queue ${queueId}`));
}

/** Adds a member to the queue or changes its penalty and position (agents and users of the queue's tenant). */
export function putQueueMember(
  db: Queryable,
  queue: { readonly id: number; readonly tenantUuid: string },
  member: { readonly kind: 'agent' | 'user'; readonly id: number; readonly penalty: number; readonly priority: number },
): Promise<WriteResult<{ readonly id: number }>> {
  const [table, column] = member.kind === 'agent' ? ['queue_member_agent', 'agent_id'] : ['queue_member_user', 'user_id'];
  return writeRow(async () => (await db.query<{ id: number }>(
    `INSERT INTO ${table} (queue_id, ${column}, tenant_uuid, penalty, priority) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (queue_id, ${column}) DO UPDATE SET penalty = EXCLUDED.penalty, priority = EXCLUDED.priority RETURNING queue_id AS id`,
    [queue.id, member.id, queue.tenantUuid, member.penalty, member.priority],
  )).rows);
}

/** Removes a member from the queue; false when it was not one. */
export async function removeQueueMember(db: Queryable, queueId: number, member: { readonly kind: 'agent' | 'user'; readonly id: number }): Promise<boolean> {
  const [table, column] = member.kind === 'agent' ? ['queue_member_agent', 'agent_id'] : ['queue_member_user', 'user_id'];
  const { rowCount } = await db.query(`DELETE FROM ${table} WHERE queue_id = $1 AND ${column} = $2`, [queueId, member.id]);
  return rowCount > 0;
}

/** Points a free extension (a `user` extension no line uses, or one of this queue already) at the queue. */
export async function associateQueueExtension(db: Queryable, queueId: number, extensionId: number): Promise<'associated' | 'in-use'> {
  const { rowCount } = await db.query(
    `UPDATE extension SET type = 'queue', typeval = $2
     WHERE id = $1 AND ((type = 'user' AND NOT EXISTS (SELECT 1 FROM line_extension WHERE line_extension.extension_id = extension.id)) OR (type = 'queue' AND typeval = $2))`,
    [extensionId, String(queueId)],
  );
  return rowCount > 0 ? 'associated' : 'in-use';
}

/** Frees an extension of the queue; false when it was not one. */
export async function dissociateQueueExtension(db: Queryable, queueId: number, extensionId: number): Promise<boolean> {
  const { rowCount } = await db.query(`UPDATE extension SET type = 'user', typeval = '0' WHERE id = $1 AND type = 'queue' AND typeval = $2`, [extensionId, String(queueId)]);
  return rowCount > 0;
}
