/**
 * Property (seed CF-10): a call whose route asks for a password, whatever the caller keys, however
 * long it waits, whatever routing answers to the digits, and whether it hangs up or the call actor
 * crashes, ends with every channel hung up and stopped, the media released and exactly one call
 * log; the caller is answered once and never rung after; at most three entries are sent to verify.
 */
import '../support/property-seed.ts';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { call, channel } from '../../actors/index.ts';
import { CallSimulator, FAR_END_FACTS } from '../support/call-simulator.ts';

const contact = (port: number) => ({ requestUri: `sip:1002@10.0.0.2:${port}`, destination: { transport: 'udp' as const, address: '10.0.0.2', port }, toUri: 'sip:1002@pbx' });
const CHALLENGE: call.RouteOutcome = { type: 'challenge', tenantUuid: 't1', request: { dialed: '1002', context: 'default' } };

type Action =
  | { type: 'deliver' }
  /** Routing answers the pending route: `wrong` (another challenge, to a password route), a dial, or a refusal. */
  | { type: 'answer'; with: 'wrong' | 'dial' | 'refuse' }
  | { type: 'digit'; digit: string }
  | { type: 'play' }
  | { type: 'time' }
  | { type: 'leg'; what: 'ringing' | 'answer' | 'busy' | 'bye' }
  | { type: 'caller'; what: 'cancel' | 'bye' }
  | { type: 'crash' };

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 8, arbitrary: fc.constant({ type: 'deliver' as const }) },
  { weight: 4, arbitrary: fc.record({ type: fc.constant('answer' as const), with: fc.constantFrom('wrong' as const, 'wrong' as const, 'dial' as const, 'refuse' as const) }) },
  { weight: 10, arbitrary: fc.record({ type: fc.constant('digit' as const), digit: fc.constantFrom('1', '2', '3', '4', '9', '*', '#', '#') }) },
  { weight: 4, arbitrary: fc.constant({ type: 'play' as const }) },
  { weight: 3, arbitrary: fc.constant({ type: 'time' as const }) },
  { weight: 4, arbitrary: fc.record({ type: fc.constant('leg' as const), what: fc.constantFrom('ringing' as const, 'answer' as const, 'answer' as const, 'busy' as const, 'bye' as const) }) },
);

function apply(sim: CallSimulator, step: Action, verified: { count: number }): void {
  const callKey = `call/${sim.callId}`;
  switch (step.type) {
    case 'deliver':
      sim.deliverNext();
      return;
    case 'answer': {
      const reason = sim.pendingRoutes.shift();
      if (reason === undefined) return;
      if (reason === 'password') verified.count += 1;
      // Only the entry of a challenge is answered with another challenge (a wrong password).
      const outcome: call.RouteOutcome = step.with === 'wrong' && reason === 'password'
        ? CHALLENGE
        : step.with === 'refuse'
          ? { type: 'refuse', cause: channel.CAUSES.busy }
          : { type: 'dial', user: { userId: 2, userUuid: 'u2', name: 'Bob', number: '1002', context: 'default' }, ringSeconds: 30, contacts: [contact(5060)], busy: false };
      sim.deliver(callKey, { type: 'call.routed', outcome });
      return;
    }
    case 'digit':
      sim.pressDigit(step.digit);
      return;
    case 'play':
      sim.finishPlay();
      return;
    case 'time':
      sim.fireNextTimer();
      return;
    case 'leg':
      sim.deliver(`channel/${sim.callId}-1`, FAR_END_FACTS[step.what]);
      return;
    case 'caller':
      sim.deliver(`channel/${sim.callId}-0`, FAR_END_FACTS[step.what]);
      return;
    case 'crash':
      sim.crashCall();
      return;
  }
}

describe('calls in a password challenge under random digits, timeouts, answers, hang-ups and crashes', () => {
  it('every call ends cleanly with one call log, the caller answered once, and at most three entries verified', () => {
    const sometimes = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });
    const callerEnd = fc.record({ at: fc.nat(100), what: fc.constantFrom('cancel' as const, 'bye' as const) });
    fc.assert(
      fc.property(fc.boolean(), sometimes(fc.nat(100)), sometimes(callerEnd), fc.array(action, { maxLength: 100, size: 'max' }), (hangUpAtEnd, crashAt, callerHangsUp, actions) => {
        const sim = new CallSimulator('c1');
        const verified = { count: 0 };
        // The first route asks for a password, as a protected extension does.
        if (sim.pendingRoutes.shift() !== undefined) sim.deliver(`call/${sim.callId}`, { type: 'call.routed', outcome: CHALLENGE });
        actions.forEach((step, index) => {
          if (index === crashAt) apply(sim, { type: 'crash' }, verified);
          if (index === callerHangsUp?.at) apply(sim, { type: 'caller', what: callerHangsUp.what }, verified);
          apply(sim, step, verified);
        });
        const left = sim.pendingRoutes.filter((reason) => reason === 'password').length;
        if (hangUpAtEnd) sim.deliver(`channel/${sim.callId}-0`, FAR_END_FACTS.bye);
        sim.settle();
        sim.deliver(`call/${sim.callId}`, { type: 'call.hangup', cause: channel.CAUSES.normal });
        sim.settle();
        for (const leg of sim.channels()) {
          assert.equal((leg.snapshot as channel.ChannelSnapshot).state, 'hungUp', `channel ${leg.id} left in ${leg.snapshot.state}`);
          assert.equal(leg.stopped, true, `channel ${leg.id} not stopped`);
        }
        assert.equal(sim.record.logs.length, 1, `call logs: ${sim.record.logs.length}`);
        assert.ok(sim.record.mediaReleased >= 1, 'media never released');
        assert.ok(verified.count + left <= 3, `entries verified: ${verified.count + left}`);
        const commands = sim.record.callerCommands;
        assert.ok(commands.filter((type) => type === 'channel.answer').length <= 1, `caller answered more than once: ${commands.join(' ')}`);
        const answeredAt = commands.indexOf('channel.answer');
        if (answeredAt >= 0) assert.ok(!commands.slice(answeredAt).includes('channel.progress'), `rung after the answer: ${commands.join(' ')}`);
      }),
      { numRuns: 1000 },
    );
  });
});
