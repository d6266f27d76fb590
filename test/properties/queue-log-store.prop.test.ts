/**
 * queue_log in the database, properties: writing a random sequence of queue_log rows one by one
 * (each in its own transaction, the statistics kept up to date as they arrive) leaves
 * `stat_call_on_queue` and `stat_queue_periodic` exactly as a rebuild from the whole log does, and
 * as the pure fold says; every hour's total is the sum of its status counters.
 */
import '../support/property-seed.ts';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { queue } from '../../actors/index.ts';
import { createAgent, createMigratedTestDatabase, createQueue, createTenant, deleteQueue, expectWritten, findRootTenant, readQueueStatistics, rebuildQueueStatistics, writeQueueLogRows, type QueueLogFold, type TenantUuid, type TestDatabase } from '../../store/index.ts';

/** The queue rules as the store's fold port. */
const FOLD: QueueLogFold<queue.QueueStatistics> = {
  empty: queue.EMPTY_QUEUE_STATISTICS,
  apply: queue.applyQueueLogRow,
  fold: queue.foldQueueLog,
  periodic: queue.periodicCounters,
};

type Outcome = 'answered' | 'abandoned' | 'timeout' | 'leaveempty' | 'full' | 'closed' | 'joinempty' | 'divert_ca_ratio' | 'divert_waittime' | 'waiting';
const NEVER: Partial<Record<Outcome, 'FULL' | 'CLOSED' | 'JOINEMPTY' | 'DIVERT_CA_RATIO' | 'DIVERT_HOLDTIME'>> = { full: 'FULL', closed: 'CLOSED', joinempty: 'JOINEMPTY', divert_ca_ratio: 'DIVERT_CA_RATIO', divert_waittime: 'DIVERT_HOLDTIME' };
const LEFT: Partial<Record<Outcome, 'ABANDON' | 'EXITWITHTIMEOUT' | 'EXITEMPTY'>> = { abandoned: 'ABANDON', timeout: 'EXITWITHTIMEOUT', leaveempty: 'EXITEMPTY' };

const callArbitrary = fc.record({
  queue: fc.constantFrom('q1', 'q2'),
  agent: fc.constantFrom('Agent/3001', 'Agent/3002'),
  enteredAtSeconds: fc.integer({ min: 0, max: 3 * 3600 }),
  enteredAtMs: fc.integer({ min: 0, max: 999 }),
  waitSeconds: fc.integer({ min: 0, max: 900 }),
  talkSeconds: fc.integer({ min: 0, max: 900 }),
  outcome: fc.constantFrom<Outcome>('answered', 'abandoned', 'timeout', 'leaveempty', 'full', 'closed', 'joinempty', 'divert_ca_ratio', 'divert_waittime', 'waiting'),
  /** The caller comes back to the same queue once more (the same call id, a later entry). */
  again: fc.boolean(),
});
type GeneratedCall = typeof callArbitrary extends fc.Arbitrary<infer T> ? T : never;

function entriesOf(callId: string, call: GeneratedCall, offsetSeconds: number): [number, queue.QueueLogEvent][] {
  const start = Date.UTC(2026, 0, 1) + (call.enteredAtSeconds + offsetSeconds) * 1000 + call.enteredAtMs;
  const never = NEVER[call.outcome];
  if (never !== undefined) return [[start, { event: never, callId, queue: call.queue }]];
  const entries: [number, queue.QueueLogEvent][] = [[start, { event: 'ENTERQUEUE', callId, queue: call.queue, callerIdNumber: '1000', position: 1 }]];
  const end = start + call.waitSeconds * 1000;
  const left = LEFT[call.outcome];
  if (left !== undefined) entries.push([end, { event: left, callId, queue: call.queue, position: 1, originalPosition: 1, waitSeconds: call.waitSeconds }]);
  if (call.outcome === 'answered') {
    entries.push([end, { event: 'CONNECT', callId, queue: call.queue, agent: call.agent, holdSeconds: call.waitSeconds, memberChannelId: 'm.1', ringSeconds: 1 }]);
    entries.push([end + call.talkSeconds * 1000, { event: 'COMPLETEAGENT', callId, queue: call.queue, agent: call.agent, holdSeconds: call.waitSeconds, talkSeconds: call.talkSeconds, originalPosition: 1 }]);
  }
  return entries;
}

function logOf(generated: readonly GeneratedCall[]): queue.QueueLogRow[] {
  const entries = generated.flatMap((call, index) => [
    ...entriesOf(`call-${index}`, call, 0),
    ...(call.again && call.outcome !== 'waiting' ? entriesOf(`call-${index}`, call, 2000) : []),
  ]);
  entries.push([Date.UTC(2026, 0, 1), { event: 'PAUSEALL', agent: 'Agent/3001' }]);
  return entries.sort((left, right) => left[0] - right[0]).map(([time, entry]) => queue.queueLogRow(time, entry));
}

describe('queue_log in the database (properties)', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createMigratedTestDatabase('postgres');
  });
  after(() => db.close());

  it('MUST keep, row by row, the same stat_call_on_queue and stat_queue_periodic as a rebuild and as the pure fold', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(callArbitrary, { maxLength: 12 }), async (generated) => {
        await db.transaction(async (tx) => {
          for (const table of ['stat_queue_periodic', 'stat_call_on_queue', 'queue_log']) await tx.query(`DELETE FROM ${table}`);
        });
        const rows = logOf(generated);
        for (const row of rows) await db.transaction((tx) => writeQueueLogRows(tx, FOLD, [row]));
        const byRows = await readQueueStatistics(db);
        await db.transaction((tx) => rebuildQueueStatistics(tx, FOLD));
        const rebuilt = await readQueueStatistics(db);
        assert.deepEqual(byRows, rebuilt);
        const folded = [...queue.foldQueueLog(rows).calls.values()];
        assert.equal(rebuilt.calls.length, folded.length);
        assert.deepEqual(rebuilt.periods.map((period) => [period.queue, period.hour, period.total]).sort(),
          queue.periodicCounters(folded).map((period) => [period.queue, period.hour, period.total]).sort());
        for (const period of rebuilt.periods) assert.equal(period.total, queue.QUEUE_CALL_STATUSES.reduce((sum, status) => sum + period[status], 0));
      }),
      { numRuns: 30 },
    );
  });

  it('MUST give a queue and an agent one stat id each, on first use by name, and keep it', async () => {
    const { rows } = await db.query<{ name: string }>('SELECT name FROM stat_queue UNION ALL SELECT name FROM stat_agent ORDER BY name');
    const names = rows.map((row) => row.name);
    assert.equal(new Set(names).size, names.length);
    assert.ok(names.every((name) => ['q1', 'q2', 'Agent/3001', 'Agent/3002'].includes(name)), names.join());
  });

  it('MUST write the seed’s answered call (ENTERQUEUE, CONNECT, COMPLETEAGENT) as one answered row linked to stat ids that outlive the queue', async () => {
    const tenant = expectWritten(await createTenant(db, { name: 'stats', parentUuid: (await findRootTenant(db)).uuid })).uuid as TenantUuid;
    const configured = expectWritten(await createQueue(db, tenant, { name: 'seed-q1', label: 'q1' }));
    const agent = expectWritten(await createAgent(db, tenant, { number: '93001' }));
    const at = Date.UTC(2026, 5, 1, 10, 59, 58, 250);
    const rows = [
      queue.queueLogRow(at, { event: 'ENTERQUEUE', callId: '1341401598.26', queue: 'seed-q1', callerIdNumber: '1000', position: 1 }),
      queue.queueLogRow(at + 2000, { event: 'CONNECT', callId: '1341401598.26', queue: 'seed-q1', agent: 'Agent/93001', holdSeconds: 2, memberChannelId: '1341401601.27', ringSeconds: 1 }),
      queue.queueLogRow(at + 14_000, { event: 'COMPLETEAGENT', callId: '1341401598.26', queue: 'seed-q1', agent: 'Agent/93001', holdSeconds: 2, talkSeconds: 12, originalPosition: 1 }),
    ];
    await db.transaction((tx) => writeQueueLogRows(tx, FOLD, rows));
    await db.transaction((tx) => deleteQueue(tx, String(configured.id), [tenant]));
    const { calls, periods } = await readQueueStatistics(db);
    assert.deepEqual(calls.filter((call) => call.queue === 'seed-q1'),
      [{ callid: '1341401598.26', queue: 'seed-q1', time: at, ringtime: 1, talktime: 12, waittime: 2, status: 'answered', agent: 'Agent/93001' }]);
    assert.deepEqual(periods.filter((period) => period.queue === 'seed-q1').map((period) => [period.hour, period.total, period.answered]), [[Date.UTC(2026, 5, 1, 10), 1, 1]]);
    const { rows: links } = await db.query<{ queue_id: number; agent_id: number }>(
      `SELECT (SELECT queue_id FROM stat_queue WHERE name = 'seed-q1') AS queue_id, (SELECT agent_id FROM stat_agent WHERE name = 'Agent/93001') AS agent_id`);
    assert.deepEqual(links[0], { queue_id: configured.id, agent_id: agent.id });
  });
});
