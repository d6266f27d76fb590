/**
 * Property: transfers and relocates never break a call. Whatever the parties, the recipients, the
 * API (transfer, relocate, complete, cancel) and the network do, in any order, and wherever the
 * call and its channels move through their snapshots, the call still ends
 * with every channel hung up and one call log; each channel has its own created…ended events; and
 * each transfer or relocate that started tells its end exactly once, last.
 */
import '../support/property-seed.ts';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { channel } from '../../actors/index.ts';
import { CallSimulator, FAR_END_FACTS } from '../support/call-simulator.ts';

const contact = (port: number) => ({ requestUri: `sip:x@10.0.0.2:${port}`, destination: { transport: 'udp' as const, address: '10.0.0.2', port }, toUri: 'sip:x@pbx' });
const user = (number: string) => ({ userId: Number(number), userUuid: `u${number}`, name: `User ${number}`, number, context: 'default' });

type Action =
  | { type: 'deliver' }
  | { type: 'route'; contacts: number; busy: boolean; refuse: boolean }
  | { type: 'leg'; leg: number; what: 'ringing' | 'early' | 'answer' | 'busy' | 'timeout' | 'bye' | 'hold' }
  | { type: 'caller'; what: 'bye' | 'hold' }
  | { type: 'transfer'; flow: 'attended' | 'blind'; from: 'caller' | 'callee' }
  | { type: 'relocate'; completion: 'answer' | 'api' }
  | { type: 'consult'; ok: boolean }
  | { type: 'complete' }
  | { type: 'cancel' }
  | { type: 'time' }
  | { type: 'migrate' }
  | { type: 'crash' };

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 12, arbitrary: fc.constant({ type: 'deliver' as const }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('route' as const), contacts: fc.integer({ min: 0, max: 2 }), busy: fc.boolean(), refuse: fc.constantFrom(false, false, true) }) },
  { weight: 6, arbitrary: fc.record({ type: fc.constant('leg' as const), leg: fc.constantFrom(1, 2, 2, 2, 3, 3, 4), what: fc.constantFrom('ringing', 'early', 'answer', 'answer', 'answer', 'answer', 'busy', 'timeout', 'bye', 'hold') }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('caller' as const), what: fc.constantFrom('bye', 'hold', 'hold') }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('transfer' as const), flow: fc.constantFrom('attended', 'blind'), from: fc.constantFrom('caller', 'callee') }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('relocate' as const), completion: fc.constantFrom('answer', 'api') }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('consult' as const), ok: fc.constantFrom(true, true, false) }) },
  { weight: 3, arbitrary: fc.constant({ type: 'complete' as const }) },
  { weight: 1, arbitrary: fc.constant({ type: 'cancel' as const }) },
  { weight: 1, arbitrary: fc.constant({ type: 'time' as const }) },
  { weight: 1, arbitrary: fc.constantFrom({ type: 'crash' as const }, { type: 'deliver' as const }, { type: 'deliver' as const }) },
  { weight: 1, arbitrary: fc.constant({ type: 'migrate' as const }) },
);

function apply(sim: CallSimulator, step: Action, handovers: { count: number }): void {
  const callKey = `call/${sim.callId}`;
  const snapshot = sim.callSnapshot;
  switch (step.type) {
    case 'deliver':
      sim.deliverNext();
      return;
    case 'route': {
      if (sim.pendingRoutes.shift() === undefined) return;
      const outcome = step.refuse
        ? { type: 'refuse' as const, cause: channel.CAUSES.notFound }
        : { type: 'dial' as const, user: user('1002'), ringSeconds: 30, contacts: Array.from({ length: step.contacts }, (_, index) => contact(5060 + index)), busy: step.busy };
      sim.deliver(callKey, { type: 'call.routed', outcome });
      return;
    }
    case 'leg': {
      sim.deliver(`channel/${sim.callId}-${step.leg}`, FAR_END_FACTS[step.what]);
      return;
    }
    case 'caller':
      sim.deliver(`channel/${snapshot.caller.channelId}`, FAR_END_FACTS[step.what]);
      return;
    case 'transfer': {
      const initiator = step.from === 'caller' ? snapshot.caller.channelId : snapshot.answeredChannelId ?? `${sim.callId}-1`;
      handovers.count += 1;
      sim.deliver(callKey, { type: 'call.transfer', id: `t${handovers.count}`, flow: step.flow, initiatorChannelId: initiator, exten: '1003', context: 'default', initiatorUuid: 'u1', initiatorTenantUuid: 't' });
      return;
    }
    case 'relocate':
      handovers.count += 1;
      sim.deliver(callKey, { type: 'call.relocate', id: `r${handovers.count}`, initiatorChannelId: snapshot.answeredChannelId ?? `${sim.callId}-1`, user: user('1002'), targets: [contact(6000)], completions: [step.completion], ringSeconds: 20 });
      return;
    case 'consult': {
      const id = sim.pendingConsults.shift();
      if (id === undefined) return;
      sim.deliver(callKey, step.ok ? { type: 'call.consult_opened', id, sdp: 'consult' } : { type: 'call.consult_failed', id, reason: 'no port' });
      return;
    }
    case 'complete':
    case 'cancel':
      sim.deliver(callKey, { type: step.type === 'complete' ? 'call.handover_complete' : 'call.handover_cancel', id: snapshot.handover?.id ?? 'none' });
      return;
    case 'time':
      sim.fireNextTimer();
      return;
    case 'migrate':
      sim.migrate();
      return;
    case 'crash':
      sim.crashCall();
      return;
  }
}

describe('transfers and relocates under random parties, recipients, API orders and network', () => {
  it('the call still ends cleanly with one call log, every channel has its created and ended, and every handover ends exactly once, last', () => {
    const seen = { runs: 0, started: 0, completed: 0 };
    fc.assert(
      fc.property(fc.array(action, { minLength: 30, maxLength: 90 }), (actions) => {
        const sim = new CallSimulator('c1');
        // The call is answered first, so that handovers may start.
        apply(sim, { type: 'route', contacts: 1, busy: false, refuse: false }, { count: 0 });
        sim.deliverNext();
        sim.deliverNext();
        sim.deliver('channel/c1-1', { type: 'sip.answered', sdp: 'answer' });
        while (sim.deliverNext());
        const handovers = { count: 0 };
        for (const step of actions) apply(sim, step, handovers);
        sim.deliver(`call/${sim.callId}`, { type: 'call.hangup', cause: channel.CAUSES.normal });
        sim.settle();
        for (const leg of sim.channels()) {
          assert.equal((leg.snapshot as channel.ChannelSnapshot).state, 'hungUp', `channel ${leg.id} left in ${leg.snapshot.state}`);
        }
        assert.equal(sim.record.logs.length, 1, `call logs: ${sim.record.logs.length}`);
        assert.ok(sim.record.mediaReleased >= 1, 'media never released');
        assert.equal(sim.record.logs[0]?.source.number, '1001', 'the call log keeps the original caller');
        for (const id of [sim.callId + '-0', ...sim.channels().map((leg) => leg.id)]) {
          const lifecycle = sim.record.events.filter((event) => event.callId === id && ['call_created', 'call_ended'].includes(event.name)).map((event) => event.name);
          assert.deepEqual(lifecycle, ['call_created', 'call_ended'], `channel ${id}`);
        }
        seen.runs += 1;
        if (sim.record.events.some((event) => event.name === 'transfer_created' || event.name === 'relocate_initiated')) seen.started += 1;
        if (sim.record.events.some((event) => event.name.endsWith('_completed'))) seen.completed += 1;
        const started = new Set(sim.record.events.filter((event) => event.name === 'transfer_created' || event.name === 'relocate_initiated').map((event) => event.handoverId));
        for (const id of started) {
          const names = sim.record.events.filter((event) => event.handoverId === id).map((event) => event.name);
          assert.equal(names.filter((name) => name.endsWith('_ended')).length, 1, `${id}: ${names.join(' ')}`);
          assert.ok(names.at(-1)?.endsWith('_ended'), `${id}: ${names.join(' ')}`);
        }
      }),
      { numRuns: 1500 },
    );
    process.stdout.write(`# handover paths: ${JSON.stringify(seen)}\n`);
    // The generator must reach the interesting paths, or the property proves little.
    assert.ok(seen.started > seen.runs / 4 && seen.completed > seen.runs / 100, JSON.stringify(seen));
  });
});
