/**
 * Property: a call in a queue, whatever the queue tells it (let in or refused, members rung and
 * withdrawn under successive offers, exit), whatever the members' phones, the caller and the timers
 * do, when the call and its channels move to another node through their snapshots, and even when
 * the call crashes, has at most one member answered, reports each entry's end
 * exactly once (left by the queue's word, taken by a member, or abandoned), reports a member's
 * failure at most once per offer and an answered call's end at most once, and still ends with
 * every channel hung up and exactly one call log.
 */
import '../support/property-seed.ts';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { channel, type call } from '../../actors/index.ts';
import { CallSimulator, FAR_END_FACTS } from '../support/call-simulator.ts';

const contact = (port: number): call.DialTarget => ({ requestUri: `sip:m@10.0.0.2:${port}`, destination: { transport: 'udp', address: '10.0.0.2', port }, toUri: 'sip:m@pbx' });
const QUEUE_ID = 4;

type Action =
  | { type: 'deliver' }
  | { type: 'route'; fallbacks: boolean }
  | { type: 'update'; update: 'entered' | 'not_entered' | 'exit' }
  | { type: 'ring'; phones: readonly number[] }
  | { type: 'stop'; offer: number; member: number }
  | { type: 'leg'; leg: number; what: 'ringing' | 'answer' | 'busy' | 'decline' | 'bye'; flush: boolean }
  | { type: 'caller'; what: 'cancel' | 'bye' }
  | { type: 'migrate' }
  | { type: 'crash' }
  | { type: 'time' };

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ type: 'deliver' as const }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('route' as const), fallbacks: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('update' as const), update: fc.constantFrom('entered' as const, 'not_entered' as const, 'exit' as const) }) },
  { weight: 4, arbitrary: fc.record({ type: fc.constant('ring' as const), phones: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('stop' as const), offer: fc.integer({ min: 1, max: 3 }), member: fc.integer({ min: 0, max: 2 }) }) },
  { weight: 8, arbitrary: fc.record({ type: fc.constant('leg' as const), leg: fc.integer({ min: 1, max: 4 }), what: fc.constantFrom('ringing' as const, 'answer' as const, 'answer' as const, 'busy' as const, 'decline' as const, 'bye' as const), flush: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('caller' as const), what: fc.constantFrom('cancel' as const, 'bye' as const) }) },
  { weight: 1, arbitrary: fc.constant({ type: 'crash' as const }) },
  { weight: 1, arbitrary: fc.constant({ type: 'migrate' as const }) },
  { weight: 2, arbitrary: fc.constant({ type: 'time' as const }) },
);

function queueRoute(fallbacks: boolean): call.QueueRoute {
  const elsewhere = { type: 'dial' as const, dialed: '1003', context: 'default' };
  return {
    queueId: QUEUE_ID, tenantUuid: 't1', name: 'support', label: 'Support', musicOnHold: { mohClass: 'default', order: 'sequential' },
    fallbacks: fallbacks ? { noanswer: elsewhere, congestion: elsewhere, fail: elsewhere } : {}, diversions: {},
  };
}

/** The world around the call: the queue's side of the conversation, and what left the queue. */
interface World { readonly sim: CallSimulator; offers: number; left: number }

function ring(world: World, phones: readonly number[]): void {
  world.offers += 1;
  const offerId = `offer-${world.offers}`;
  const members = phones.map((count, index): call.QueueRingMember => ({
    memberId: `agent:${index}`,
    user: { userId: 10 + index, userUuid: `m${index}`, name: `Agent ${index}`, number: `20${index}`, context: 'default' },
    contacts: Array.from({ length: count }, (_, phone) => contact(5060 + index * 2 + phone)),
  }));
  update(world, { type: 'ring', offerId, members });
}

function update(world: World, value: call.QueueUpdate): void {
  const inQueue = world.sim.callSnapshot.queue !== undefined && world.sim.callSnapshot.state === 'queued';
  world.sim.deliver(`call/${world.sim.callId}`, { type: 'call.queue_update', queueId: QUEUE_ID, update: value });
  const after = world.sim.callSnapshot;
  if (inQueue && (after.queue === undefined || after.state !== 'queued') && after.state !== 'established') world.left += 1;
}

function apply(world: World, step: Action): void {
  const { sim } = world;
  switch (step.type) {
    case 'deliver':
      sim.deliverNext();
      return;
    case 'route':
      if (sim.pendingRoutes.shift() === undefined) return;
      sim.deliver(`call/${sim.callId}`, { type: 'call.routed', outcome: { type: 'queue', queue: queueRoute(step.fallbacks) } });
      return;
    case 'update':
      update(world, step.update === 'entered' ? { type: 'entered', position: 1 } : step.update === 'exit' ? { type: 'exit', status: 'timeout' } : { type: 'not_entered', status: 'full' });
      return;
    case 'ring':
      ring(world, step.phones);
      // The dials reach the members' channels before their far ends act (the network is quick).
      while (sim.deliverNext());
      return;
    case 'stop':
      update(world, { type: 'stop_ringing', offerId: `offer-${step.offer}`, memberIds: [`agent:${step.member}`] });
      return;
    case 'leg':
      sim.deliver(`channel/${sim.callId}-${step.leg}`, FAR_END_FACTS[step.what]);
      // Half the time the call hears of it at once; else it races the other actions.
      if (step.flush) while (sim.deliverNext());
      return;
    case 'caller':
      sim.deliver(`channel/${sim.callId}-0`, FAR_END_FACTS[step.what]);
      return;
    case 'migrate':
      sim.migrate();
      return;
    case 'crash':
      sim.crashCall();
      return;
    case 'time':
      sim.fireNextTimer();
      return;
  }
}

const reports = (sim: CallSimulator, type: call.QueueCallEffect['type']) => sim.record.queueReports.filter((report) => report.type === type);

/** The reports so far: one answer at most, each member's failure once per offer, an end only after an answer. */
function assertReports(sim: CallSimulator): void {
  const answered = reports(sim, 'queue.member_answered');
  assert.ok(answered.length <= 1, `members answered: ${answered.length}`);
  const failures = reports(sim, 'queue.member_failed').map((report) => (report.type === 'queue.member_failed' ? `${report.offerId}/${report.memberId}` : ''));
  assert.equal(new Set(failures).size, failures.length, `a member failed twice in one offer: ${failures.join(', ')}`);
  const ended = reports(sim, 'queue.call_ended');
  assert.ok(ended.length <= (answered.length === 1 ? 1 : 0), `ends reported: ${ended.length} after ${answered.length} answers`);
}

describe('calls in a queue under random queue, member, caller and timer actions', () => {
  it('one member at most takes the call, every entry ends once for the queue, and the call ends cleanly with one call log', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.constantFrom(true, true, true, false), fc.array(action, { maxLength: 40, size: 'max' }), (fallbacks, enters, actions) => {
        const world: World = { sim: new CallSimulator('c1'), offers: 0, left: 0 };
        const { sim } = world;
        // The call reaches the queue first, and mostly gets in: the random actions then play around a waiting call.
        apply(world, { type: 'route', fallbacks });
        if (enters) apply(world, { type: 'update', update: 'entered' });
        for (const step of actions) {
          apply(world, step);
          assertReports(sim);
        }
        sim.deliver(`call/${sim.callId}`, { type: 'call.hangup', cause: channel.CAUSES.normal });
        sim.settle();
        assertReports(sim);
        for (const leg of sim.channels()) assert.equal((leg.snapshot as channel.ChannelSnapshot).state, 'hungUp', `channel ${leg.id} left in ${leg.snapshot.state}`);
        assert.equal(sim.record.logs.length, 1, `call logs: ${sim.record.logs.length}`);
        const entries = reports(sim, 'queue.enter').length;
        const ends = world.left + reports(sim, 'queue.member_answered').length + reports(sim, 'queue.abandon').length;
        assert.equal(ends, entries, `entries ${entries}, ends ${ends}: ${JSON.stringify(sim.record.queueReports.map((report) => report.type))}`);
      }),
      { numRuns: 3000 },
    );
  });
});
