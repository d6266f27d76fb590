import type { Queryable } from '../database.ts';
import type { TenantUuid, UserUuid } from '../ids.ts';
import type { CallDirection, CallLogRow } from './call-log.ts';
import { toCallLogText } from './call-log-text.ts';

/** What `listCallLogs` can sort by. */
export type CallLogOrder = 'date' | 'duration' | 'sourceName' | 'destinationName' | 'id';

/** Which call logs `listCallLogs` returns, and in which order. */
export interface CallLogQuery {
  /** At most `CALL_LOG_LIST_MAX_LIMIT`; `CALL_LOG_LIST_DEFAULT_LIMIT` when absent. */
  readonly limit?: number;
  readonly offset?: number;
  /** `date` when absent. */
  readonly order?: CallLogOrder;
  /** The sort direction, `desc` (newest first) when absent. */
  readonly direction?: 'asc' | 'desc';
  /** Keeps the logs whose names, numbers or line identities contain this text, whatever its case. */
  readonly search?: string;
  /** Keeps one tenant's logs; every tenant's when absent (and `tenantUuids` absent). */
  readonly tenantUuid?: TenantUuid;
  /** Keeps the logs of these tenants (call-logd's `recurse`); `total` counts these tenants' logs. */
  readonly tenantUuids?: readonly TenantUuid[];
  /** Keeps the calls that went one way. */
  readonly callDirection?: CallDirection;
  /** Keeps the calls a user took part in. */
  readonly userUuid?: UserUuid;
  /** Keeps the calls any of these users took part in (call-logd's `user_uuid`, comma separated). */
  readonly userUuids?: readonly UserUuid[];
  /** Keeps the calls whose source or destination number matches; `_` stands for any one character (call-logd's `number`). */
  readonly number?: string;
  /** Keeps the calls carrying every one of these tags on some participant (call-logd's `tags`). */
  readonly tags?: readonly string[];
  /** Keeps the logs with an id above this one (call-logd's `from_id`). */
  readonly fromId?: number;
  /**
   * Keeps, of the logs that pass the other filters, the newest with each peer number (call-logd's
   * `distinct=peer_exten`): for the users filtered on, the number they called, or the caller's.
   * Needs `userUuid` or `userUuids`; ignored without.
   */
  readonly distinctPeerExten?: boolean;
  /** Keeps the calls that started at or after this time, in epoch milliseconds (call-logd's `from`). */
  readonly fromMs?: number;
  /** Keeps the calls that started before this time, in epoch milliseconds (call-logd's `until`). */
  readonly untilMs?: number;
}

/** A page of call logs, and how many logs there are. */
export interface CallLogPage {
  /** Logs in the tenant (or in all tenants), before the filters. */
  readonly total: number;
  /** Logs that pass the filters, before limit and offset. */
  readonly filtered: number;
  readonly items: readonly CallLogRow[];
}

/** The page size when the query names none. */
export const CALL_LOG_LIST_DEFAULT_LIMIT = 100;

/** The largest page a query can ask for. */
export const CALL_LOG_LIST_MAX_LIMIT = 1000;

const EARLIEST_FILTER_MS = -210_000_000_000_000;
const LATEST_FILTER_MS = 8_640_000_000_000_000;

/** The largest value of a PostgreSQL `integer`. */
const MAX_INTEGER = 2_147_483_647;

const EPOCH_MS = (column: string): string => `round(extract(epoch FROM ${column}) * 1000)::float8`;

const DURATION_MS = `CASE WHEN call_log.date_end IS NULL THEN NULL WHEN call_log.date_answer IS NULL THEN 0::float8
  ELSE ${EPOCH_MS('call_log.date_end')} - ${EPOCH_MS('call_log.date_answer')} END`;

const ORDER_COLUMNS: Readonly<Record<CallLogOrder, string>> = {
  date: 'call_log.date',
  duration: `(${DURATION_MS})`,
  sourceName: 'call_log.source_name',
  destinationName: 'call_log.destination_name',
  id: 'call_log.id',
};

const CALL_LOG_COLUMNS = `call_log.id::float8 AS id, call_log.call_id AS "callId", call_log.tenant_uuid AS "tenantUuid",
  ${EPOCH_MS('call_log.date')} AS "startedAtMs", ${EPOCH_MS('call_log.date_answer')} AS "answeredAtMs",
  ${EPOCH_MS('call_log.date_end')} AS "endedAtMs", call_log.answered, ${DURATION_MS} AS "durationMs", call_log.direction,
  call_log.source_name AS "sourceName", call_log.source_exten AS "sourceExten",
  call_log.source_line_identity AS "sourceLineIdentity", call_log.requested_exten AS "requestedExten",
  call_log.requested_context AS "requestedContext", call_log.destination_name AS "destinationName",
  call_log.destination_exten AS "destinationExten", call_log.destination_line_identity AS "destinationLineIdentity",
  call_log.hangup_sip_status AS "hangupSipStatus", call_log.hangup_q850_cause AS "hangupQ850Cause",
  call_log.user_field AS "userField",
  COALESCE((
    SELECT json_agg(json_build_object('userUuid', participant.user_uuid, 'lineId', participant.line_id,
      'role', participant.role, 'answered', participant.answered, 'tags', participant.tags) ORDER BY participant.id)
    FROM call_log_participant AS participant WHERE participant.call_log_id = call_log.id
  ), '[]'::json) AS participants`;

const SEARCHED_COLUMNS = [
  'source_name',
  'source_exten',
  'source_line_identity',
  'requested_exten',
  'destination_name',
  'destination_exten',
  'destination_line_identity',
] as const;

const TENANTS = '($1::uuid[] IS NULL OR call_log.tenant_uuid = ANY($1::uuid[]))';

/** The filters $1…$9 on the call logs of `alias`. */
function filtersOn(alias: string): string {
  return `($1::uuid[] IS NULL OR ${alias}.tenant_uuid = ANY($1::uuid[]))
  AND ($2::text IS NULL OR ${alias}.direction = $2::text)
  AND ($3::uuid[] IS NULL OR EXISTS (
    SELECT 1 FROM call_log_participant AS participant WHERE participant.call_log_id = ${alias}.id AND participant.user_uuid = ANY($3::uuid[])))
  AND ($4::text IS NULL OR ${SEARCHED_COLUMNS.map((column) => `${alias}.${column} ILIKE $4::text`).join(' OR ')})
  AND ($5::float8 IS NULL OR ${alias}.date >= to_timestamp($5::float8 / 1000))
  AND ($6::float8 IS NULL OR ${alias}.date < to_timestamp($6::float8 / 1000))
  AND ($7::text IS NULL OR ${alias}.source_exten LIKE $7::text OR ${alias}.destination_exten LIKE $7::text
       OR ${alias}.requested_exten LIKE $7::text)
  AND ($8::text[] IS NULL OR $8::text[] <@ COALESCE((
    SELECT array_agg(tag) FROM call_log_participant AS participant, unnest(participant.tags) AS tag
    WHERE participant.call_log_id = ${alias}.id), '{}'::text[]))
  AND ($9::float8 IS NULL OR ${alias}.id > $9::float8)`;
}

/** The number at the other end of a call for the users of $3: the number called for its caller, the caller's for the others. */
function peerExtenOf(alias: string): string {
  return `(SELECT CASE WHEN peer_participant.role = 'source' THEN COALESCE(${alias}.requested_exten, ${alias}.destination_exten) ELSE ${alias}.source_exten END
    FROM call_log_participant AS peer_participant
    WHERE peer_participant.call_log_id = ${alias}.id AND peer_participant.user_uuid = ANY($3::uuid[]) ORDER BY peer_participant.id LIMIT 1)`;
}

/** $10 (call-logd's `distinct=peer_exten`): keep, of the matching logs, the newest with each peer number. */
const FILTERS = `${filtersOn('call_log')}
  AND ($10::boolean IS NOT TRUE OR NOT EXISTS (
    SELECT 1 FROM call_log AS newer
    WHERE ${filtersOn('newer')} AND ${peerExtenOf('newer')} IS NOT DISTINCT FROM ${peerExtenOf('call_log')}
      AND (newer.date, newer.id) > (call_log.date, call_log.id)))`;

/** Reads a call log by its id, among some tenants' logs (call-logd's `/cdr/{id}`). */
export async function findCallLogById(db: Queryable, id: number, tenantUuids: readonly TenantUuid[]): Promise<CallLogRow | undefined> {
  if (!Number.isSafeInteger(id) || id < 1) return undefined;
  const { rows } = await db.query<CallLogRow>(
    `SELECT ${CALL_LOG_COLUMNS} FROM call_log WHERE call_log.id = $1::bigint AND call_log.tenant_uuid = ANY($2::uuid[])`,
    [id, tenantUuids],
  );
  return rows[0];
}

/** Reads the log of one call, by the call's id. */
export async function findCallLog(db: Queryable, callId: string): Promise<CallLogRow | undefined> {
  const { rows } = await db.query<CallLogRow>(`SELECT ${CALL_LOG_COLUMNS} FROM call_log WHERE call_id = $1`, [callId]);
  return rows[0];
}

/**
 * Lists call logs, filtered, sorted and paged, as call-logd's `GET /cdr` does.
 *
 * @remarks
 * Rows with equal sort keys are ordered by id in the same direction, so that pages neither
 * repeat nor skip a log; logs without the sorted value (no name) come last. The search is a
 * substring match: `%` and `_` in it are literal. A limit above `CALL_LOG_LIST_MAX_LIMIT` is
 * lowered to it, and a negative or non-integer limit or offset is read as the nearest valid one.
 */
export async function listCallLogs(db: Queryable, query: CallLogQuery = {}): Promise<CallLogPage> {
  const direction = query.direction === 'asc' ? 'ASC' : 'DESC';
  const orderColumn = ORDER_COLUMNS[query.order ?? 'date'];
  const { rows } = await db.query<CallLogRow & { filtered: number; total: number }>(
    `SELECT ${CALL_LOG_COLUMNS}, count(*) OVER ()::integer AS filtered,
       (SELECT count(*)::integer FROM call_log WHERE ${TENANTS}) AS total
     FROM call_log
     WHERE ${FILTERS}
     ORDER BY ${orderColumn} ${direction} NULLS LAST, call_log.id ${direction}
     LIMIT $11::integer OFFSET $12::integer`,
    [
      ...filterParameters(query),
      clamp(query.limit ?? CALL_LOG_LIST_DEFAULT_LIMIT, CALL_LOG_LIST_MAX_LIMIT),
      clamp(query.offset ?? 0, MAX_INTEGER),
    ],
  );
  const items = rows.map(({ filtered: _filtered, total: _total, ...log }) => log);
  const [first] = rows;
  const counts = first ?? (await countCallLogs(db, query));
  return { total: counts.total, filtered: counts.filtered, items };
}

/** The counts of an empty page (past the end, or nothing matches), which has no row to carry them. */
async function countCallLogs(db: Queryable, query: CallLogQuery): Promise<{ total: number; filtered: number }> {
  const { rows } = await db.query<{ total: number; filtered: number }>(
    `SELECT (SELECT count(*)::integer FROM call_log WHERE ${TENANTS}) AS total,
       (SELECT count(*)::integer FROM call_log WHERE ${FILTERS}) AS filtered`,
    filterParameters(query),
  );
  return rows[0] ?? { total: 0, filtered: 0 };
}

/** The parameters $1…$10 of `FILTERS`. */
function filterParameters(query: CallLogQuery): unknown[] {
  const search = toCallLogText(query.search);
  const tenants = query.tenantUuids ?? (query.tenantUuid === undefined ? null : [query.tenantUuid]);
  const users = query.userUuids ?? (query.userUuid === undefined ? null : [query.userUuid]);
  return [
    tenants,
    query.callDirection ?? null,
    users,
    search === null ? null : `%${search.replace(/[\\%_]/g, (character) => `\\${character}`)}%`,
    finiteOrNull(query.fromMs),
    finiteOrNull(query.untilMs),
    query.number === undefined ? null : query.number.replace(/[\\%]/g, (character) => `\\${character}`),
    query.tags === undefined || query.tags.length === 0 ? null : query.tags,
    query.fromId === undefined || Number.isNaN(query.fromId) ? null : query.fromId,
    query.distinctPeerExten === true && users !== null,
  ];
}

/**
 * A filter time PostgreSQL can convert: null when absent or not a number, else brought within
 * 4713 BC (PostgreSQL's first date) and JavaScript's last date.
 */
function finiteOrNull(value: number | undefined): number | null {
  if (value === undefined || Number.isNaN(value)) return null;
  return Math.min(Math.max(value, EARLIEST_FILTER_MS), LATEST_FILTER_MS);
}

/** Reads a limit or offset as a whole number from 0 to `maximum`. */
function clamp(value: number, maximum: number): number {
  if (Number.isNaN(value)) return 0;
  return Math.min(Math.max(Math.trunc(value), 0), maximum);
}
