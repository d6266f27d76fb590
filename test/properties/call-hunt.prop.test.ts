/**
 * Property: a call to a group (all or linear, members with one or two phones, with or without a
 * fallback), whatever the members' phones, the caller and the timers do, never has two members
 * answered, leaves no other member ringing once one answered, and still ends with every channel
 * hung up and exactly one call log naming the member who answered, if any.
 */
import '../support/property-seed.ts';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { channel, type call } from '../../actors/index.ts';
import { CallSimulator, FAR_END_FACTS } from '../support/call-simulator.ts';

const contact = (port: number): call.DialTarget => ({ requestUri: `sip:m@10.0.0.2:${port}`, destination: { transport: 'udp', address: '10.0.0.2', port }, toUri: 'sip:m@pbx' });

type Action =
  | { type: 'deliver' }
  | { type: 'route'; strategy: 'all' | 'linear'; phones: readonly number[]; fallback: boolean; timeout: boolean }
  | { type: 'leg'; leg: number; what: 'ringing' | 'answer' | 'busy' | 'decline' | 'timeout' | 'bye' }
  | { type: 'caller'; what: 'cancel' | 'bye' }
  | { type: 'time' };

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ type: 'deliver' as const }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('route' as const), strategy: fc.constantFrom('all' as const, 'linear' as const), phones: fc.array(fc.integer({ min: 1, max: 2 }), { maxLength: 3 }), fallback: fc.boolean(), timeout: fc.boolean() }) },
  { weight: 5, arbitrary: fc.record({ type: fc.constant('leg' as const), leg: fc.integer({ min: 1, max: 8 }), what: fc.constantFrom('ringing' as const, 'answer' as const, 'busy' as const, 'decline' as const, 'timeout' as const, 'bye' as const) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('caller' as const), what: fc.constantFrom('cancel' as const, 'bye' as const) }) },
  { weight: 3, arbitrary: fc.constant({ type: 'time' as const }) },
);

function plan(step: Extract<Action, { type: 'route' }>): call.HuntPlan {
  const members = step.phones.map((phones, index): call.HuntMember => ({
    user: { userId: 10 + index, userUuid: `m${index}`, name: `Member ${index}`, number: `20${index}`, context: 'default' },
    contacts: Array.from({ length: phones }, (_, phone) => contact(5060 + index * 2 + phone)),
  }));
  const steps = members.length === 0 ? [] : step.strategy === 'all' ? [members] : members.map((member) => [member]);
  return {
    groupId: 1, groupUuid: 'g1', groupName: 'sales', steps, stepSeconds: 15, retryDelaySeconds: 5, timeoutSeconds: step.timeout ? 60 : null,
    ...(step.fallback ? { fallback: { type: 'dial' as const, dialed: '1003', context: 'default' } } : {}),
  };
}

function apply(sim: CallSimulator, step: Action): void {
  switch (step.type) {
    case 'deliver':
      sim.deliverNext();
      return;
    case 'route':
      if (sim.pendingRoutes.shift() === undefined) return;
      sim.deliver(`call/${sim.callId}`, { type: 'call.routed', outcome: { type: 'hunt', plan: plan(step) } });
      return;
    case 'leg':
      sim.deliver(`channel/${sim.callId}-${step.leg}`, FAR_END_FACTS[step.what]);
      return;
    case 'caller':
      sim.deliver(`channel/${sim.callId}-0`, FAR_END_FACTS[step.what]);
      return;
    case 'time':
      sim.fireNextTimer();
      return;
  }
}

/**
 * At most one leg answered; once one is, every other leg of the call still ringing has been told
 * to hang up (the order is in flight to its channel, or its channel is stopping).
 */
function assertOneMemberTakesTheCall(sim: CallSimulator): void {
  const snapshot = sim.callSnapshot;
  const answered = snapshot.legs.filter((leg) => leg.status === 'answered');
  assert.ok(answered.length <= 1, `answered legs: ${answered.map((leg) => leg.channelId).join(', ')}`);
  if (snapshot.state === 'established' && answered.length === 1) {
    const stopping = (channelId: string) =>
      sim.queue.some((item) => item.to === `channel/${channelId}` && item.message.type === 'channel.hangup')
      || (sim.actors.get(`channel/${channelId}`)?.snapshot.state ?? 'hungUp') === 'hungUp';
    const ringing = snapshot.legs.filter((leg) => (leg.status === 'dialing' || leg.status === 'ringing') && !stopping(leg.channelId));
    assert.deepEqual(ringing.map((leg) => leg.channelId), [], 'legs still ringing after the answer, never told to stop');
    assert.equal(snapshot.callee?.userUuid, answered[0]?.user?.userUuid ?? snapshot.callee?.userUuid);
  }
}

describe('calls to a group under random member, caller and timer actions', () => {
  it('one member at most takes the call, the others stop ringing, and the call ends cleanly with one call log', () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 50 }), (actions) => {
        const sim = new CallSimulator('c1');
        for (const step of actions) {
          apply(sim, step);
          assertOneMemberTakesTheCall(sim);
        }
        sim.deliver(`call/${sim.callId}`, { type: 'call.hangup', cause: channel.CAUSES.normal });
        sim.settle();
        for (const leg of sim.channels()) assert.equal((leg.snapshot as channel.ChannelSnapshot).state, 'hungUp', `channel ${leg.id} left in ${leg.snapshot.state}`);
        assert.equal(sim.record.logs.length, 1, `call logs: ${sim.record.logs.length}`);
      }),
      { numRuns: 1000 },
    );
  });
});
