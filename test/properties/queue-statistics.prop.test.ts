/**
 * Queue statistics, properties: for random queue calls and outcomes written to queue_log, keeping
 * the tables up to date row by row gives the same tables as a rebuild from the whole log, every
 * finished call has exactly one row with one status, and each hour's total is the sum of its
 * status counters.
 */
import '../support/property-seed.ts';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { queue } from '../../actors/index.ts';

type Outcome = 'answered' | 'abandoned' | 'timeout' | 'leaveempty' | 'full' | 'closed' | 'joinempty' | 'divert_ca_ratio' | 'divert_waittime' | 'waiting';

const callArbitrary = fc.record({
  queue: fc.constantFrom('q1', 'q2', 'q3'),
  enteredAtSeconds: fc.integer({ min: 0, max: 4 * 3600 }),
  waitSeconds: fc.integer({ min: 0, max: 600 }),
  talkSeconds: fc.integer({ min: 0, max: 600 }),
  outcome: fc.constantFrom<Outcome>('answered', 'abandoned', 'timeout', 'leaveempty', 'full', 'closed', 'joinempty', 'divert_ca_ratio', 'divert_waittime', 'waiting'),
});

const NEVER: Partial<Record<Outcome, 'FULL' | 'CLOSED' | 'JOINEMPTY' | 'DIVERT_CA_RATIO' | 'DIVERT_HOLDTIME'>> = { full: 'FULL', closed: 'CLOSED', joinempty: 'JOINEMPTY', divert_ca_ratio: 'DIVERT_CA_RATIO', divert_waittime: 'DIVERT_HOLDTIME' };
const LEFT: Partial<Record<Outcome, 'ABANDON' | 'EXITWITHTIMEOUT' | 'EXITEMPTY'>> = { abandoned: 'ABANDON', timeout: 'EXITWITHTIMEOUT', leaveempty: 'EXITEMPTY' };

type GeneratedCall = typeof callArbitrary extends fc.Arbitrary<infer T> ? T : never;

function rowsOf(callId: string, call: GeneratedCall): [number, queue.QueueLogEvent][] {
  const start = Date.UTC(2026, 0, 1) + call.enteredAtSeconds * 1000;
  const never = NEVER[call.outcome];
  if (never !== undefined) return [[start, { event: never, callId, queue: call.queue }]];
  const rows: [number, queue.QueueLogEvent][] = [[start, { event: 'ENTERQUEUE', callId, queue: call.queue, callerIdNumber: '1000', position: 1 }]];
  const left = LEFT[call.outcome];
  const end = start + call.waitSeconds * 1000;
  if (left !== undefined) rows.push([end, { event: left, callId, queue: call.queue, position: 1, originalPosition: 1, waitSeconds: call.waitSeconds }]);
  if (call.outcome === 'answered') {
    rows.push([end, { event: 'CONNECT', callId, queue: call.queue, agent: 'Agent/1', holdSeconds: call.waitSeconds, memberChannelId: 'm', ringSeconds: 1 }]);
    rows.push([end + call.talkSeconds * 1000, { event: 'COMPLETECALLER', callId, queue: call.queue, agent: 'Agent/1', holdSeconds: call.waitSeconds, talkSeconds: call.talkSeconds, originalPosition: 1 }]);
  }
  return rows;
}

describe('queue statistics (properties)', () => {
  it('MUST give the same tables row by row as by a rebuild, one row per finished call, and hourly totals equal to the sum of the statuses', () => {
    fc.assert(
      fc.property(fc.array(callArbitrary, { maxLength: 60 }), (generated) => {
        const entries = generated.flatMap((call, index) => rowsOf(`call-${index}`, call)).sort((left, right) => left[0] - right[0]);
        const rows = entries.map(([time, entry]) => queue.queueLogRow(time, entry));
        let state = queue.EMPTY_QUEUE_STATISTICS;
        const table = new Map<string, queue.CallOnQueue>();
        for (const row of rows) {
          const step = queue.applyQueueLogRow(state, row);
          state = step.state;
          if (step.written !== undefined) table.set(`${step.written.callid}|${step.written.queue}|${step.written.time}`, step.written);
        }
        const rebuilt = [...queue.foldQueueLog(rows).calls.values()];
        assert.deepEqual([...table.values()].sort((a, b) => a.callid.localeCompare(b.callid)), rebuilt.sort((a, b) => a.callid.localeCompare(b.callid)));
        const finished = generated.map((call, index) => [`call-${index}`, call.outcome] as const).filter(([, outcome]) => outcome !== 'waiting');
        assert.deepEqual(rebuilt.map((call) => [call.callid, call.status]).sort(), [...finished].sort());
        for (const period of queue.periodicCounters(rebuilt)) {
          assert.equal(period.total, queue.QUEUE_CALL_STATUSES.reduce((sum, status) => sum + period[status], 0));
        }
      }),
    );
  });
});
