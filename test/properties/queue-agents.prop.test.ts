/**
 * Queues and agents together, model-based (fast-check commands): under random arrivals, logins,
 * logouts, pauses, answers, abandons, hang-ups and passing time, over two queues sharing their
 * agents, no agent ever rings for or holds two ACD calls, every call ends in exactly one status,
 * and each hour's stat_queue_periodic total is the sum of its status counters.
 */
import '../support/property-seed.ts';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { queue } from '../../actors/index.ts';
import { ContactCenterSimulator } from '../support/contact-center-simulator.ts';

const AGENTS = ['3001', '3002', '3003'];
type Model = { calls: number; ended: Set<string> };
type Real = { sim: ContactCenterSimulator };

/** No member rings for two calls at once or is connected to two unfinished calls. */
function checkInvariants(sim: ContactCenterSimulator, ended: Set<string>): void {
  const ringing = new Map<string, string>();
  const connected = new Map<string, string>();
  for (const call of sim.calls.values()) {
    if (call.outcome === undefined) {
      for (const memberId of call.ringing?.memberIds ?? []) {
        assert.equal(ringing.get(memberId), undefined, `${memberId} rings for ${ringing.get(memberId)} and ${call.callId}`);
        ringing.set(memberId, call.callId);
      }
    }
    if (call.outcome?.type === 'connected' && !ended.has(call.callId)) {
      const memberId = call.outcome.memberId;
      assert.equal(connected.get(memberId), undefined, `${memberId} holds ${connected.get(memberId)} and ${call.callId}`);
      assert.equal(ringing.get(memberId), undefined, `${memberId} holds ${call.callId} and rings for ${ringing.get(memberId)}`);
      connected.set(memberId, call.callId);
    }
  }
  for (const [memberId, entry] of sim.agents) {
    const held = entry.snapshot.acdCall;
    if (held !== undefined && entry.snapshot.state === 'onCall') assert.equal(connected.get(memberId) ?? held.callId, held.callId);
  }
}

const command = (name: string, run: (model: Model, real: Real) => void, check: (model: Model) => boolean = () => true): fc.Command<Model, Real> => ({
  check,
  run(model, real) {
    run(model, real);
    checkInvariants(real.sim, model.ended);
  },
  toString: () => name,
});

const arrive = fc.constantFrom(1, 2).map((queueId) =>
  command(`arrive(q${queueId})`, (model, { sim }) => {
    const callId = `c${model.calls++}`;
    sim.calls.set(callId, { callId, queue: queueId, ringing: undefined, outcome: undefined });
    const reply = sim.toQueue(queueId, { type: 'queue.enter', callId, callerIdNumber: '1000' }) as queue.QueueEnterReply | undefined;
    const call = sim.calls.get(callId);
    if (call !== undefined && reply?.type === 'queue.not_entered') call.outcome = { type: 'left', status: reply.status };
  }),
);
const agentAction = fc.record({ agent: fc.constantFrom(...AGENTS), action: fc.constantFrom('login', 'logout', 'pause', 'unpause') }).map(({ agent: number, action }) =>
  command(`${action}(${number})`, (_model, { sim }) => {
    const memberId = `agent:${number}`;
    if (action === 'login') sim.toAgent(memberId, { type: 'agent.login', extension: number, context: 'default' });
    else if (action === 'logout') sim.toAgent(memberId, { type: 'agent.logout' });
    else if (action === 'pause') sim.toAgent(memberId, { type: 'agent.pause', reason: 'break' });
    else sim.toAgent(memberId, { type: 'agent.unpause' });
  }),
);
const answer = fc.nat(20).map((pick) =>
  command(`answer(${pick})`, (_model, { sim }) => {
    const ringing = [...sim.calls.values()].filter((call) => call.outcome === undefined && (call.ringing?.memberIds.length ?? 0) > 0);
    const call = ringing[pick % Math.max(1, ringing.length)];
    if (call?.ringing === undefined) return;
    const memberId = call.ringing.memberIds[pick % call.ringing.memberIds.length] ?? '';
    const offerId = call.ringing.offerId;
    call.outcome = { type: 'connected', memberId };
    call.ringing = undefined;
    sim.toQueue(call.queue, { type: 'queue.answered', callId: call.callId, offerId, memberId });
  }),
);
const abandon = fc.nat(20).map((pick) =>
  command(`abandon(${pick})`, (_model, { sim }) => {
    const waiting = [...sim.calls.values()].filter((call) => call.outcome === undefined);
    const call = waiting[pick % Math.max(1, waiting.length)];
    if (call === undefined) return;
    call.outcome = { type: 'left', status: 'abandoned' };
    call.ringing = undefined;
    sim.toQueue(call.queue, { type: 'queue.abandon', callId: call.callId });
  }),
);
const hangup = fc.record({ pick: fc.nat(20), byAgent: fc.boolean() }).map(({ pick, byAgent }) =>
  command(`hangup(${pick})`, (model, { sim }) => {
    const talking = [...sim.calls.values()].filter((call) => call.outcome?.type === 'connected' && !model.ended.has(call.callId));
    const call = talking[pick % Math.max(1, talking.length)];
    if (call?.outcome?.type !== 'connected') return;
    model.ended.add(call.callId);
    sim.toQueue(call.queue, { type: 'queue.connected_ended', callId: call.callId, by: byAgent ? 'agent' : 'caller' });
    sim.toAgent(call.outcome.memberId, { type: 'agent.acd_call_ended', callId: call.callId, byAgent });
  }),
);
const advance = fc.integer({ min: 100, max: 40_000 }).map((ms) => command(`advance(${ms})`, (_model, { sim }) => sim.advance(ms)));

const settingsArbitrary = fc.record({
  strategy: fc.constantFrom<queue.QueueStrategy>(...queue.QUEUE_STRATEGIES),
  memberTimeoutSeconds: fc.integer({ min: 5, max: 20 }),
  retrySeconds: fc.integer({ min: 0, max: 5 }),
  queueTimeoutSeconds: fc.constantFrom(0, 30, 60),
  timeoutPriority: fc.constantFrom<'configuration' | 'dialplan'>('configuration', 'dialplan'),
  maxLength: fc.constantFrom(0, 3),
  wrapupSeconds: fc.constantFrom(0, 5),
});

describe('queues and agents (model-based properties)', () => {
  it('MUST never give an agent two ACD calls, end every call in exactly one status, and keep hourly totals equal to the sum of statuses', () => {
    fc.assert(
      fc.property(settingsArbitrary, fc.commands([arrive, agentAction, answer, abandon, hangup, advance], { maxCommands: 120 }), (settings, commands) => {
        const sim = new ContactCenterSimulator();
        for (const number of AGENTS) sim.addAgent(number, ['q1', 'q2'], settings.wrapupSeconds);
        const members = AGENTS.map((number, position) => ({ memberId: `agent:${number}`, kind: 'agent' as const, name: `Agent/${number}`, position, penalty: position === 2 ? 1 : 0, skills: {} }));
        const { wrapupSeconds: _wrapup, ...queueSettings } = settings;
        sim.addQueue(1, queueSettings, members);
        sim.addQueue(2, { ...queueSettings, strategy: 'ringall' }, [...members].reverse());
        const model: Model = { calls: 0, ended: new Set() };
        fc.modelRun(() => ({ model, real: { sim } }), commands);
        // Every call still in a queue is abandoned, every talk hung up: each call then has one status.
        for (const call of sim.calls.values()) {
          if (call.outcome === undefined) {
            call.outcome = { type: 'left', status: 'abandoned' };
            sim.toQueue(call.queue, { type: 'queue.abandon', callId: call.callId });
          } else if (call.outcome.type === 'connected' && !model.ended.has(call.callId)) {
            sim.toQueue(call.queue, { type: 'queue.connected_ended', callId: call.callId, by: 'caller' });
          }
        }
        const statistics = queue.foldQueueLog(sim.rows);
        const statuses = new Map([...statistics.calls.values()].map((row) => [row.callid, row.status]));
        assert.equal(statuses.size, statistics.calls.size, 'one row per call');
        for (const call of sim.calls.values()) {
          const expected = call.outcome?.type === 'connected' ? 'answered' : call.outcome?.status;
          assert.equal(statuses.get(call.callId), expected, `${call.callId}: ${JSON.stringify(call.outcome)}`);
        }
        for (const period of queue.periodicCounters(statistics.calls.values())) {
          assert.equal(period.total, queue.QUEUE_CALL_STATUSES.reduce((sum, status) => sum + period[status], 0));
        }
      }),
      { numRuns: 150 },
    );
  });
});
