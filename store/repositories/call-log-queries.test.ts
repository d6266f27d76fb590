import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectWritten } from '../expect-written.ts';
import type { TenantUuid, UserUuid } from '../ids.ts';
import { createMigratedTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../test-database.ts';
import type { NewCallLog } from './call-log.ts';
import { insertCallLog } from './call-log-insert.ts';
import { CALL_LOG_LIST_MAX_LIMIT, findCallLog, listCallLogs } from './call-log-queries.ts';

const START_MS = 1_764_000_000_000;
const MINUTE_MS = 60_000;
const ALICE = '11111111-1111-4111-8111-111111111111' as UserUuid;

/** Five calls a minute apart: 1 and 4 inbound, the others internal; call 3 has a % in its name. */
const LOGS: readonly NewCallLog[] = [1, 2, 3, 4, 5].map((index) => ({
  callId: `call-${index}`,
  direction: index === 1 || index === 4 ? 'inbound' : 'internal',
  startedAtMs: START_MS + index * MINUTE_MS,
  answeredAtMs: START_MS + index * MINUTE_MS + 1_000,
  endedAtMs: START_MS + index * MINUTE_MS + 1_000 + (6 - index) * 1_000,
  sourceName: index === 3 ? '100% Sales' : `Caller ${index}`,
  sourceExten: `100${index}`,
  destinationExten: '2000',
  participants: index === 2 ? [{ userUuid: ALICE, lineId: null, role: 'destination', answered: true, tags: [] }] : [],
}));

const callIds = (items: readonly { readonly callId: string }[]): string[] => items.map((log) => log.callId);

for (const kind of TEST_DATABASE_KINDS) {
  describe(`listCallLogs, on ${kind}`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createMigratedTestDatabase(kind);
      for (const log of LOGS) expectWritten(await insertCallLog(db, log));
    });
    after(() => db.close());

    it('MUST list the newest call first by default', async () => {
      const page = await listCallLogs(db);
      assert.deepEqual(callIds(page.items), ['call-5', 'call-4', 'call-3', 'call-2', 'call-1']);
    });

    it('MUST list the oldest call first when asked for ascending dates', async () => {
      const page = await listCallLogs(db, { direction: 'asc', limit: 2 });
      assert.deepEqual(callIds(page.items), ['call-1', 'call-2']);
    });

    it('MUST sort by talk duration', async () => {
      const page = await listCallLogs(db, { order: 'duration', direction: 'asc' });
      assert.deepEqual(callIds(page.items), ['call-5', 'call-4', 'call-3', 'call-2', 'call-1']);
    });

    it('MUST page without repeating or skipping a log', async () => {
      const first = await listCallLogs(db, { limit: 2, offset: 0 });
      const second = await listCallLogs(db, { limit: 2, offset: 2 });
      const third = await listCallLogs(db, { limit: 2, offset: 4 });
      assert.deepEqual(callIds([...first.items, ...second.items, ...third.items]), callIds((await listCallLogs(db)).items));
    });

    it('MUST count all logs and the filtered ones apart from the page', async () => {
      const page = await listCallLogs(db, { callDirection: 'inbound', limit: 1 });
      assert.deepEqual([page.total, page.filtered, callIds(page.items)], [5, 2, ['call-4']]);
    });

    it('MUST still count the logs on a page past the end', async () => {
      const page = await listCallLogs(db, { offset: 50 });
      assert.deepEqual([page.total, page.filtered, page.items.length], [5, 5, 0]);
    });

    it('MUST search names and numbers whatever their case', async () => {
      const page = await listCallLogs(db, { search: 'caller 4' });
      assert.deepEqual(callIds(page.items), ['call-4']);
    });

    it('MUST read % in the search as a literal character', async () => {
      const page = await listCallLogs(db, { search: '0%' });
      assert.deepEqual(callIds(page.items), ['call-3']);
    });

    it('MUST find nothing, without failing, for a search carrying NUL', async () => {
      const page = await listCallLogs(db, { search: 'Caller\u0000' });
      assert.equal(page.filtered, 0);
    });

    it('MUST keep the calls started from fromMs included until untilMs excluded', async () => {
      const page = await listCallLogs(db, { fromMs: START_MS + 2 * MINUTE_MS, untilMs: START_MS + 4 * MINUTE_MS });
      assert.deepEqual(callIds(page.items), ['call-3', 'call-2']);
    });

    it('MUST read an infinite untilMs as no upper bound rather than fail', async () => {
      const page = await listCallLogs(db, { fromMs: START_MS + 5 * MINUTE_MS, untilMs: Number.POSITIVE_INFINITY });
      assert.deepEqual(callIds(page.items), ['call-5']);
    });

    it('MUST keep the calls a user took part in', async () => {
      const page = await listCallLogs(db, { userUuid: ALICE });
      assert.deepEqual(callIds(page.items), ['call-2']);
    });

    it("MUST keep one tenant's logs", async () => {
      const { rows } = await db.query<{ uuid: TenantUuid }>("INSERT INTO tenant (name) VALUES ('other') RETURNING uuid");
      const tenantUuid = rows[0]?.uuid;
      assert.ok(tenantUuid !== undefined);
      expectWritten(await insertCallLog(db, { callId: 'other-1', tenantUuid, direction: 'outbound', startedAtMs: START_MS }));
      const page = await listCallLogs(db, { tenantUuid });
      assert.deepEqual([page.total, callIds(page.items)], [1, ['other-1']]);
    });

    it('MUST lower a limit above the maximum to the maximum rather than fail', async () => {
      const page = await listCallLogs(db, { limit: CALL_LOG_LIST_MAX_LIMIT * 10, offset: -3 });
      assert.equal(page.items.length, page.filtered);
    });

    it('MUST find no log for an unknown call id', async () => {
      assert.equal(await findCallLog(db, 'no-such-call'), undefined);
    });
  });
}
