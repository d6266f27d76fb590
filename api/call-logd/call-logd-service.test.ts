/**
 * call-logd's `/cdr` handlers on a real database: Wazo's CDR shape, the list conventions (newest
 * first by default), call-logd's filters, `/users/me/cdr` and `/users/{uuid}/cdr`, one CDR by id,
 * tenant isolation, and 400 with every bad parameter.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createMigratedTestDatabase, createTenant, expectWritten, findRootTenant, insertCallLog, type TenantUuid, type TestDatabase, type UserUuid } from '../../store/index.ts';
import { callRoute } from '../../test/support/api-request.ts';
import type { ApiRoute } from '../http/api-route.ts';
import { callLogdRoutes } from './call-logd-service.ts';

const START_MS = Date.parse('2026-03-01T10:00:00Z');
const MINUTE_MS = 60_000;
const ALICE = '11111111-1111-4111-8111-111111111111' as UserUuid;
const BOB = '22222222-2222-4222-8222-222222222222' as UserUuid;

type Cdr = Record<string, unknown>;

describe('call-logd CDRs', () => {
  let db: TestDatabase;
  let routes: ApiRoute[];
  let tenant = '';
  let other = '';
  const ids: number[] = [];
  const list = async (path: string, query = '', options: { tenantUuid?: string; userUuid?: string; visible?: string[] } = {}) => {
    const answer = await callRoute(routes, 'GET', path, {
      tenantUuid: options.tenantUuid ?? tenant, query, ...(options.userUuid === undefined ? {} : { userUuid: options.userUuid }),
      ...(options.visible === undefined ? {} : { visibleTenantUuids: options.visible }),
    });
    return answer;
  };
  const conversations = async (query: string) => ((await list('/cdr', query)).body as { items: Cdr[] }).items.map((cdr) => cdr['conversation_id']);
  before(async () => {
    db = await createMigratedTestDatabase('postgres');
    routes = callLogdRoutes({ db });
    const root = (await findRootTenant(db)).uuid;
    tenant = expectWritten(await createTenant(db, { name: 'logs', parentUuid: root })).uuid;
    other = expectWritten(await createTenant(db, { name: 'elsewhere', parentUuid: root })).uuid;
    for (const index of [1, 2, 3, 4]) {
      const written = expectWritten(await insertCallLog(db, {
        callId: `call-${index}`, tenantUuid: (index === 4 ? other : tenant) as TenantUuid,
        direction: index === 3 ? 'inbound' : 'internal',
        startedAtMs: START_MS + index * MINUTE_MS, answeredAtMs: index === 2 ? null : START_MS + index * MINUTE_MS + 2_000,
        endedAtMs: START_MS + index * MINUTE_MS + 12_000,
        sourceName: `Caller ${index}`, sourceExten: `100${index}`, destinationName: 'Alice', destinationExten: '2000', requestedExten: '2000', requestedContext: 'default',
        participants: [
          { userUuid: ALICE, lineId: null, role: 'destination', answered: index !== 2, tags: index === 1 ? ['sales', 'vip'] : ['sales'] },
          ...(index === 1 ? [{ userUuid: BOB, lineId: null, role: 'source' as const, answered: true, tags: [] }] : []),
        ],
      }));
      ids.push(written.id);
    }
  });
  after(() => db.close());

  it('MUST list the tenant\'s CDRs newest first, as {total, filtered, items} of Wazo\'s shape', async () => {
    const answer = await list('/cdr');
    assert.equal(answer.status, 200);
    const body = answer.body as { total: number; filtered: number; items: Cdr[] };
    assert.deepEqual([body.total, body.filtered], [3, 3]);
    assert.deepEqual(body.items.map((cdr) => cdr['conversation_id']), ['call-3', 'call-2', 'call-1']);
    const first = body.items[2] ?? {};
    assert.deepEqual(
      [first['start'], first['answer'], first['end'], first['answered'], first['duration'], first['call_direction'], first['source_user_uuid'], first['destination_user_uuid'], first['tags'], first['recordings']],
      ['2026-03-01T10:01:00.000Z', '2026-03-01T10:01:02.000Z', '2026-03-01T10:01:12.000Z', true, 10, 'internal', BOB, ALICE, ['sales', 'vip'], []],
    );
    for (const field of ['source_line_id', 'destination_line_id', 'requested_name', 'source_internal_context']) assert.equal(first[field], null, field);
    assert.deepEqual(((await list('/cdr', 'direction=asc&limit=1&offset=1')).body as { items: Cdr[] }).items.map((cdr) => cdr['conversation_id']), ['call-2']);
  });

  it('MUST filter as call-logd does: from, until, call_direction, number, tags, user_uuid, from_id, search', async () => {
    assert.deepEqual(await conversations('from=2026-03-01T10:02:00Z'), ['call-3', 'call-2']);
    assert.deepEqual(await conversations('until=2026-03-01T10:02:00%2B00:00'), ['call-1']);
    assert.deepEqual(await conversations('call_direction=inbound'), ['call-3']);
    assert.deepEqual(await conversations('number=100_'), ['call-3', 'call-2', 'call-1']);
    assert.deepEqual(await conversations('number=1002'), ['call-2']);
    assert.deepEqual(await conversations('tags=vip,sales'), ['call-1']);
    assert.deepEqual(await conversations(`user_uuid=${BOB}`), ['call-1']);
    assert.deepEqual(await conversations(`user_uuid=${BOB},${ALICE}`), ['call-3', 'call-2', 'call-1']);
    assert.deepEqual(await conversations(`from_id=${ids[1] ?? 0}`), ['call-3']);
    assert.deepEqual(await conversations('search=caller 2'), ['call-2']);
    assert.deepEqual(await conversations('order=duration&direction=asc'), ['call-2', 'call-1', 'call-3']);
  });

  it('MUST keep the newest CDR with each peer number with distinct=peer_exten, and refuse it without a user', async () => {
    // For Alice (destination of all three), the peers are the callers 1001, 1002, 1003: three; for the tag filter, one.
    const alice = (await list(`/users/${ALICE}/cdr`, 'distinct=peer_exten')).body as { items: Cdr[] };
    assert.deepEqual(alice.items.map((cdr) => cdr['conversation_id']), ['call-3', 'call-2', 'call-1']);
    const bob = (await list('/users/me/cdr', 'distinct=peer_exten', { userUuid: BOB })).body as { items: Cdr[] };
    assert.deepEqual(bob.items.map((cdr) => cdr['conversation_id']), ['call-1']);
    assert.equal((await list('/cdr', 'distinct=peer_exten')).status, 400);
    assert.equal((await list('/cdr', 'distinct=everything')).status, 400);
  });

  it('MUST answer 400 with every bad parameter at once', async () => {
    const answer = await list('/cdr', 'from=yesterday&call_direction=sideways&user_uuid=nope&limit=x&order=password&from_id=-1');
    assert.equal(answer.status, 400);
    const messages = answer.body as string[];
    for (const name of ['from', 'call_direction', 'user_uuid', 'limit', 'order', 'from_id']) assert.ok(messages.some((message) => message.startsWith(name)), `${name} in ${messages.join(' | ')}`);
  });

  it('MUST serve /users/me/cdr for the token\'s user and /users/{uuid}/cdr for one user', async () => {
    const mine = (await list('/users/me/cdr', '', { userUuid: BOB })).body as { items: Cdr[] };
    assert.deepEqual(mine.items.map((cdr) => cdr['conversation_id']), ['call-1']);
    const alice = (await list(`/users/${ALICE}/cdr`, 'limit=1')).body as { filtered: number; items: Cdr[] };
    assert.deepEqual([alice.filtered, alice.items.length], [3, 1]);
    assert.equal((await list('/users/me/cdr')).status, 400);
    assert.equal((await list('/users/not-a-uuid/cdr')).status, 404);
  });

  it('MUST read one CDR by id, and answer 404 for another tenant\'s or an unknown one; recurse=true reaches the tenants below', async () => {
    const one = await list(`/cdr/${ids[0] ?? 0}`);
    assert.equal((one.body as Cdr)['conversation_id'], 'call-1');
    assert.equal((await list(`/cdr/${ids[3] ?? 0}`)).status, 404);
    assert.equal((await list('/cdr/999999')).status, 404);
    assert.equal((await list('/cdr/abc')).status, 404);
    const root = (await findRootTenant(db)).uuid;
    const everything = (await list('/cdr', 'recurse=true', { tenantUuid: root, visible: [root, tenant, other] })).body as { total: number };
    assert.equal(everything.total, 4);
    const rootOnly = (await list('/cdr', '', { tenantUuid: root, visible: [root, tenant, other] })).body as { total: number };
    assert.equal(rootOnly.total, 0);
  });
});
