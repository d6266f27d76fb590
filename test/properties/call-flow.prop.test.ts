/**
 * Property: whatever the caller, the callees and the network do, when the call and its channels
 * move to another node through their snapshots at any moment, and even when the call actor
 * crashes, every call ends with every channel hung up and stopped, the media released, and
 * exactly one call log whose times are consistent.
 */
import '../support/property-seed.ts';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { channel } from '../../actors/index.ts';
import { CallSimulator, FAR_END_FACTS } from '../support/call-simulator.ts';

const contact = (port: number) => ({ requestUri: `sip:1002@10.0.0.2:${port}`, destination: { transport: 'udp' as const, address: '10.0.0.2', port }, toUri: 'sip:1002@pbx' });

type Action =
  | { type: 'deliver' }
  | { type: 'route'; contacts: number; busy: boolean; forward: boolean }
  | { type: 'refuse' }
  | { type: 'leg'; leg: number; what: 'ringing' | 'early' | 'answer' | 'busy' | 'decline' | 'timeout' | 'bye' | 'hold' | 'resume' }
  | { type: 'caller'; what: 'cancel' | 'bye' | 'hold' }
  | { type: 'time' }
  | { type: 'hangup' }
  | { type: 'crash' }
  | { type: 'migrate' };

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ type: 'deliver' as const }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('route' as const), contacts: fc.integer({ min: 0, max: 3 }), busy: fc.boolean(), forward: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ type: 'refuse' as const }) },
  { weight: 5, arbitrary: fc.record({ type: fc.constant('leg' as const), leg: fc.integer({ min: 1, max: 4 }), what: fc.constantFrom('ringing', 'early', 'answer', 'busy', 'decline', 'timeout', 'bye', 'hold', 'resume') }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('caller' as const), what: fc.constantFrom('cancel', 'bye', 'hold') }) },
  { weight: 1, arbitrary: fc.constant({ type: 'time' as const }) },
  { weight: 1, arbitrary: fc.constant({ type: 'hangup' as const }) },
  { weight: 1, arbitrary: fc.constant({ type: 'crash' as const }) },
  { weight: 2, arbitrary: fc.constant({ type: 'migrate' as const }) },
);

function apply(sim: CallSimulator, step: Action): void {
  const callKey = `call/${sim.callId}`;
  switch (step.type) {
    case 'deliver':
      sim.deliverNext();
      return;
    case 'route':
    case 'refuse': {
      if (sim.pendingRoutes.shift() === undefined) return;
      const outcome = step.type === 'refuse'
        ? { type: 'refuse' as const, cause: channel.CAUSES.notFound }
        : { type: 'dial' as const, user: { userId: 2, userUuid: 'u2', name: 'Bob', number: '1002', context: 'default' }, ringSeconds: 30,
            contacts: Array.from({ length: step.contacts }, (_, index) => contact(5060 + index)), busy: step.busy,
            ...(step.forward ? { noAnswerForward: '1003', busyForward: '1004' } : {}) };
      sim.deliver(callKey, { type: 'call.routed', outcome });
      return;
    }
    case 'leg': {
      const key = `channel/${sim.callId}-${step.leg}`;
      sim.deliver(key, FAR_END_FACTS[step.what]);
      return;
    }
    case 'caller': {
      const key = `channel/${sim.callId}-0`;
      sim.deliver(key, FAR_END_FACTS[step.what]);
      return;
    }
    case 'time':
      sim.fireNextTimer();
      return;
    case 'hangup':
      sim.deliver(callKey, { type: 'call.hangup', cause: channel.CAUSES.normal });
      return;
    case 'crash':
      sim.crashCall();
      return;
    case 'migrate':
      sim.migrate();
      return;
  }
}

describe('call flows under random caller, callee and network actions', () => {
  it('every call ends with every channel hung up, media released, exactly one consistent call log, and one call_created and one call_ended per channel', () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 40 }), (actions) => {
        const sim = new CallSimulator('c1');
        for (const step of actions) apply(sim, step);
        sim.deliver(`call/${sim.callId}`, { type: 'call.hangup', cause: channel.CAUSES.normal });
        sim.settle();
        for (const leg of sim.channels()) {
          assert.equal((leg.snapshot as channel.ChannelSnapshot).state, 'hungUp', `channel ${leg.id} left in ${leg.snapshot.state}`);
          assert.equal(leg.stopped, true, `channel ${leg.id} not stopped`);
        }
        assert.equal(sim.record.logs.length, 1, `call logs: ${sim.record.logs.length}`);
        assert.ok(sim.record.mediaReleased >= 1, 'media never released');
        const [log] = sim.record.logs;
        if (log === undefined) return;
        assert.ok(log.startMs <= log.endMs);
        if (log.answerMs !== undefined) assert.ok(log.startMs <= log.answerMs && log.answerMs <= log.endMs);
        assert.equal(log.answered, log.answerMs !== undefined);
        // Each channel's own events (calld model): created first, ended last, each exactly once.
        for (const id of [sim.callId + '-0', ...sim.channels().map((leg) => leg.id)]) {
          const lifecycle = sim.record.events.filter((event) => event.callId === id && event.name.startsWith('call_') && !['call_held', 'call_resumed'].includes(event.name)).map((event) => event.name);
          assert.equal(lifecycle[0], 'call_created', `channel ${id}: ${lifecycle.join(' ')}`);
          assert.equal(lifecycle.at(-1), 'call_ended', `channel ${id}: ${lifecycle.join(' ')}`);
          assert.equal(lifecycle.filter((name) => name === 'call_created' || name === 'call_ended').length, 2, `channel ${id}: ${lifecycle.join(' ')}`);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
