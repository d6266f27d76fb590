/**
 * The query string of call-logd's `GET /cdr` (and its `/users/.../cdr` forms), checked as a whole:
 * the list parameters (`direction` defaults to `desc`, newest first), `from` and `until` (ISO 8601),
 * `call_direction`, `number` (`_` any one character), `tags` and `user_uuid` (comma separated),
 * `from_id`, `recurse` and `distinct=peer_exten`. Every problem is told at once (400).
 */
import { z } from 'zod';
import { CALL_LOG_LIST_MAX_LIMIT, type CallLogOrder, type CallLogQuery, type UserUuid } from '../../store/index.ts';
import type { ApiRequest } from '../http/api-route.ts';
import { parseListQuery } from '../http/list-query.ts';
import { zodMessages } from '../http/zod-messages.ts';

const ORDERS: Readonly<Record<string, CallLogOrder>> = { start: 'date', id: 'id', duration: 'duration', source_name: 'sourceName', destination_name: 'destinationName' };

const commaList = <Item extends z.ZodType<unknown, string>>(item: Item) =>
  z.string().max(4096).transform((text) => text.split(',').map((word) => word.trim()).filter((word) => word !== '')).pipe(z.array(item).max(100));

const Filters = z.object({
  from: z.iso.datetime({ offset: true, local: true }).optional(),
  until: z.iso.datetime({ offset: true, local: true }).optional(),
  call_direction: z.enum(['internal', 'inbound', 'outbound']).optional(),
  number: z.string().regex(/^[0-9_*#+]{1,40}$/, 'digits, *, #, + and _ only').optional(),
  tags: commaList(z.string().min(1).max(128)).optional(),
  user_uuid: commaList(z.uuid()).optional(),
  from_id: z.string().regex(/^\d{1,15}$/, 'must be a positive integer').optional(),
  recurse: z.enum(['true', 'false']).optional(),
  distinct: z.enum(['peer_exten']).optional(),
});

const FILTER_NAMES = ['from', 'until', 'call_direction', 'number', 'tags', 'user_uuid', 'from_id', 'recurse', 'distinct'] as const;

export type CdrQueryResult = { readonly type: 'ok'; readonly query: CallLogQuery; readonly recurse: boolean } | { readonly type: 'invalid'; readonly errors: readonly string[] };

const epochMs = (text: string) => Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`);

export function parseCdrQuery(request: ApiRequest): CdrQueryResult {
  const list = parseListQuery(request.query, { orderColumns: Object.keys(ORDERS), defaultOrder: 'start', maxLimit: CALL_LOG_LIST_MAX_LIMIT });
  const errors: string[] = list.type === 'invalid' ? [...list.errors] : [];
  const raw: Record<string, string> = {};
  for (const name of FILTER_NAMES) {
    const values = request.query.getAll(name);
    if (values.length > 1) errors.push(`${name}: given more than once`);
    if (values[0] !== undefined) raw[name] = values[0];
  }
  const filters = Filters.safeParse(raw);
  if (!filters.success) errors.push(...zodMessages(filters.error));
  if (errors.length > 0 || list.type === 'invalid' || !filters.success) return { type: 'invalid', errors };
  const { data } = filters;
  const query: CallLogQuery = {
    ...(list.query.limit === undefined ? {} : { limit: list.query.limit }),
    offset: list.query.offset,
    order: ORDERS[list.query.order] ?? 'date',
    direction: request.query.has('direction') ? list.query.direction : 'desc',
    ...(list.query.search === undefined ? {} : { search: list.query.search }),
    ...(data.from === undefined ? {} : { fromMs: epochMs(data.from) }),
    ...(data.until === undefined ? {} : { untilMs: epochMs(data.until) }),
    ...(data.call_direction === undefined ? {} : { callDirection: data.call_direction }),
    ...(data.number === undefined ? {} : { number: data.number }),
    ...(data.tags === undefined ? {} : { tags: data.tags }),
    ...(data.user_uuid === undefined ? {} : { userUuids: data.user_uuid.map((uuid: string) => uuid.toLowerCase() as UserUuid) }),
    ...(data.from_id === undefined ? {} : { fromId: Number(data.from_id) }),
    ...(data.distinct === undefined ? {} : { distinctPeerExten: true }),
  };
  return { type: 'ok', query, recurse: data.recurse === 'true' };
}

export const CDR_ORDERS = Object.keys(ORDERS);
