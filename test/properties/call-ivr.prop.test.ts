/**
 * Property: a call that reaches an IVR, whatever the caller keys, however long it waits, and
 * whether it hangs up, is routed on, or the call actor crashes, ends with every channel hung up
 * and stopped, the media released and exactly one call log; the caller is answered once, and
 * never rung (180/183) after the node answered it.
 */
import '../support/property-seed.ts';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { call, channel, type ivr } from '../../actors/index.ts';
import { CallSimulator, FAR_END_FACTS } from '../support/call-simulator.ts';

const contact = (port: number) => ({ requestUri: `sip:1002@10.0.0.2:${port}`, destination: { transport: 'udp' as const, address: '10.0.0.2', port }, toUri: 'sip:1002@pbx' });

/** The seed's reference IVR with a submenu-free set of destinations the call can follow or not. */
const MENU: ivr.IvrMenu<call.IvrDestination> = {
  greetingSound: 'welcome', menuSound: 'choices', invalidSound: 'invalid-choice', abortSound: 'error', timeoutSeconds: 5, maxTries: 3,
  choices: [
    { exten: '1', action: { type: 'destination', destination: { type: 'user', userId: 2 } } },
    { exten: '2', action: { type: 'destination', destination: { type: 'extension', exten: '8833', context: 'default' } } },
    { exten: '3', action: { type: 'destination', destination: { type: 'hangup', cause: 'normal' } } },
    { exten: '44', action: { type: 'destination', destination: { type: 'ivr', ivrId: 8 } } },
    { exten: '9', action: { type: 'destination', destination: { type: 'unsupported', kind: 'queue' } } },
  ],
};

type Action =
  | { type: 'deliver' }
  | { type: 'ivr' }
  | { type: 'route'; contacts: number }
  | { type: 'refuse' }
  | { type: 'digit'; digit: string }
  | { type: 'play' }
  | { type: 'time' }
  | { type: 'leg'; leg: number; what: 'ringing' | 'early' | 'answer' | 'busy' | 'bye' }
  | { type: 'caller'; what: 'cancel' | 'bye' }
  | { type: 'crash' };

/* A crash or the caller's hang-up ends the run's story, so each is drawn once per run (at a random step, or never) rather than among the actions. */

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 8, arbitrary: fc.constant({ type: 'deliver' as const }) },
  { weight: 1, arbitrary: fc.constant({ type: 'ivr' as const }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('route' as const), contacts: fc.constantFrom(0, 1, 1, 1, 2) }) },
  { weight: 1, arbitrary: fc.constant({ type: 'refuse' as const }) },
  // Mostly the choice that leaves for a user, so calls get past the IVR often.
  { weight: 10, arbitrary: fc.record({ type: fc.constant('digit' as const), digit: fc.constantFrom('1', '1', '1', '2', '3', '4', '5', '9', '*', '#') }) },
  { weight: 5, arbitrary: fc.constant({ type: 'play' as const }) },
  { weight: 3, arbitrary: fc.constant({ type: 'time' as const }) },
  { weight: 6, arbitrary: fc.record({ type: fc.constant('leg' as const), leg: fc.integer({ min: 1, max: 2 }), what: fc.constantFrom('ringing', 'early', 'answer', 'answer', 'answer', 'answer', 'busy', 'bye') }) },
);

function apply(sim: CallSimulator, step: Action): void {
  const callKey = `call/${sim.callId}`;
  switch (step.type) {
    case 'deliver':
      sim.deliverNext();
      return;
    case 'ivr':
    case 'route':
    case 'refuse': {
      if (sim.pendingRoutes.shift() === undefined) return;
      const outcome: call.RouteOutcome = step.type === 'refuse'
        ? { type: 'refuse', cause: channel.CAUSES.notFound }
        : step.type === 'ivr'
          ? { type: 'ivr', ivrId: 7, tenantUuid: 't1', menu: MENU }
          : { type: 'dial', user: { userId: 2, userUuid: 'u2', name: 'Bob', number: '1002', context: 'default' }, ringSeconds: 30, contacts: Array.from({ length: step.contacts }, (_, index) => contact(5060 + index)), busy: false };
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
      sim.deliver(`channel/${sim.callId}-${step.leg}`, FAR_END_FACTS[step.what]);
      return;
    case 'caller':
      sim.deliver(`channel/${sim.callId}-0`, FAR_END_FACTS[step.what]);
      return;
    case 'crash':
      sim.crashCall();
      return;
  }
}

describe('calls in an IVR under random digits, timeouts, hang-ups and crashes', () => {
  it('every call ends cleanly with exactly one call log, the caller answered at most once and never rung after', () => {
    // Each in about one run out of five, at a random step.
    const sometimes = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });
    const callerEnd = fc.record({ at: fc.nat(100), what: fc.constantFrom('cancel' as const, 'bye' as const) });
    fc.assert(
      fc.property(fc.boolean(), sometimes(fc.nat(100)), sometimes(callerEnd), fc.array(action, { maxLength: 100, size: 'max' }), (hangUpAtEnd, crashAt, callerHangsUp, actions) => {
        const sim = new CallSimulator('c1');
        // The first route reaches the IVR, as the dialed extension does.
        apply(sim, { type: 'ivr' });
        actions.forEach((step, index) => {
          if (index === crashAt) apply(sim, { type: 'crash' });
          if (index === callerHangsUp?.at) apply(sim, { type: 'caller', what: callerHangsUp.what });
          apply(sim, step);
        });
        // Either the caller hangs up, or everything plays out (timeouts to the abort, routes refused).
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
        const commands = sim.record.callerCommands;
        const answers = commands.filter((type) => type === 'channel.answer').length;
        assert.ok(answers <= 1, `caller answered ${answers} times: ${commands.join(' ')}`);
        const answeredAt = commands.indexOf('channel.answer');
        if (answeredAt >= 0) assert.ok(!commands.slice(answeredAt).includes('channel.progress'), `rung after the answer: ${commands.join(' ')}`);
        const [log] = sim.record.logs;
        if (log?.answerMs !== undefined) assert.ok(log.startMs <= log.answerMs && log.answerMs <= log.endMs);
      }),
      { numRuns: 2000 },
    );
  });
});
