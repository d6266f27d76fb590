/**
 * `listCallLogs` with `distinctPeerExten` (call-logd's `distinct=peer_exten`): of the logs that
 * pass the other filters, the newest with each number the user talked with, whether the user
 * called or was called.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectWritten } from '../expect-written.ts';
import type { UserUuid } from '../ids.ts';
import { createMigratedTestDatabase, type TestDatabase } from '../test-database.ts';
import { insertCallLog } from './call-log-insert.ts';
import { listCallLogs } from './call-log-queries.ts';

const START_MS = Date.parse('2026-04-01T08:00:00Z');
const CAROL = '33333333-3333-4333-8333-333333333333' as UserUuid;

describe('listCallLogs with distinctPeerExten', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createMigratedTestDatabase('postgres');
    // 1 and 2: 1009 calls Carol; 3: Carol calls 1009; 4: 1010 calls Carol; 5: 1009 calls someone else.
    const calls = [
      { source: '1009', requested: '3000', role: 'destination' as const },
      { source: '1009', requested: '3000', role: 'destination' as const },
      { source: '3000', requested: '1009', role: 'source' as const },
      { source: '1010', requested: '3000', role: 'destination' as const },
      { source: '1009', requested: '4000', role: undefined },
    ];
    for (const [index, call] of calls.entries()) {
      expectWritten(await insertCallLog(db, {
        callId: `distinct-${index + 1}`, direction: 'internal', startedAtMs: START_MS + index * 60_000, endedAtMs: START_MS + index * 60_000 + 5_000,
        sourceExten: call.source, requestedExten: call.requested, destinationExten: call.requested,
        participants: call.role === undefined ? [] : [{ userUuid: CAROL, lineId: null, role: call.role, answered: false, tags: [] }],
      }));
    }
  });
  after(() => db.close());

  it('MUST keep the newest log with each peer number, the user calling or called', async () => {
    const page = await listCallLogs(db, { userUuid: CAROL, distinctPeerExten: true });
    assert.deepEqual(page.items.map((log) => log.callId), ['distinct-4', 'distinct-3']);
    assert.equal(page.filtered, 2);
  });

  it('MUST apply the other filters first, then keep the newest of what is left', async () => {
    const page = await listCallLogs(db, { userUuid: CAROL, distinctPeerExten: true, untilMs: START_MS + 2 * 60_000 });
    assert.deepEqual(page.items.map((log) => log.callId), ['distinct-2']);
  });

  it('MUST change nothing without a user filter, or when off', async () => {
    assert.equal((await listCallLogs(db, { distinctPeerExten: true })).items.length, 5);
    assert.equal((await listCallLogs(db, { userUuid: CAROL })).items.length, 4);
  });
});
