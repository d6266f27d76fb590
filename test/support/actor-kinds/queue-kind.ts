/** The queue kind in the migration property: entries, abandons, members' states, reservations, answers, failures and its timers. */
import fc from 'fast-check';
import { queue } from '../../../actors/index.ts';
import type { MigrationKind } from '../actor-migration.ts';

const QUEUE_ID = 1;
const CALLS = ['c0', 'c1', 'c2', 'c3'];
/** The queue's offers are named `<queueId>.<sequence>`: the first few are the ones a run reaches. */
const OFFERS = ['1.1', '1.2', '1.3', '1.4', '1.5', '1.6'];
const members: queue.QueueMemberConfig[] = [0, 1, 2].map((index) => ({
  memberId: index === 2 ? 'user:12' : `agent:${index}`, kind: index === 2 ? 'user' : 'agent', name: `Member ${index}`, position: index, penalty: index % 2, skills: {},
}));
const callId = fc.constantFrom(...CALLS);
const memberId = fc.constantFrom(...members.map((member) => member.memberId));
const offerId = fc.constantFrom(...OFFERS);

const messages: fc.Arbitrary<queue.QueueMessage> = fc.oneof(
  { weight: 4, arbitrary: callId.map((id): queue.QueueMessage => ({ type: 'queue.enter', callId: id, callerIdNumber: '0155' })) },
  { weight: 1, arbitrary: callId.map((id): queue.QueueMessage => ({ type: 'queue.abandon', callId: id })) },
  { weight: 3, arbitrary: fc.record({ memberId, loggedIn: fc.boolean(), available: fc.boolean(), paused: fc.boolean() }).map((state): queue.QueueMessage => ({ type: 'queue.member_state', ...state })) },
  { weight: 3, arbitrary: fc.record({ offerId, memberId, granted: fc.boolean() }).map((reply): queue.QueueMessage => ({ type: 'queue.reservation', ...reply })) },
  { weight: 2, arbitrary: fc.record({ callId, offerId, memberId }).map((answer): queue.QueueMessage => ({ type: 'queue.answered', ...answer })) },
  { weight: 1, arbitrary: fc.record({ callId, offerId, memberId }).map((failure): queue.QueueMessage => ({ type: 'queue.ring_failed', ...failure })) },
  { weight: 1, arbitrary: fc.record({ callId, by: fc.constantFrom<'agent' | 'caller'>('agent', 'caller') }).map((end): queue.QueueMessage => ({ type: 'queue.connected_ended', ...end })) },
  { weight: 1, arbitrary: fc.subarray(members, { minLength: 1 }).map((configured): queue.QueueMessage => ({ type: 'queue.members', members: configured })) },
);

const settings = fc.record({
  strategy: fc.constantFrom<queue.QueueStrategy>('ringall', 'linear', 'leastrecent', 'fewestcalls', 'rrmemory', 'random', 'wrandom'),
  memberTimeoutSeconds: fc.constantFrom(2, 5),
  retrySeconds: fc.constantFrom(1, 3),
  queueTimeoutSeconds: fc.constantFrom(0, 9),
});

export const queueKind: MigrationKind<queue.QueueSnapshot, queue.QueueMessage, null> = {
  file: 'actors/queue/queue-actor.ts',
  newWorld: () => null,
  initial: fc.record({ settings, randomSeed: fc.nat() }).map(({ settings: configured, randomSeed }) => queue.newQueue({ queueId: QUEUE_ID, name: 'support', tenantUuid: 't', settings: configured, members, randomSeed })),
  spawn: (system, from, ports, _world, hooks) => system.spawn(queue.queueSpec({
    queueId: QUEUE_ID, from, hooks,
    ports: {
      offer: (effect) => ports.record('offer', effect), ring: (effect) => ports.record('ring', effect), stopRinging: (effect) => ports.record('stop_ringing', effect),
      release: (effect) => ports.record('release', effect), exit: (effect) => ports.record('exit', effect), log: (entries, atMs) => ports.record('log', { entries, atMs }),
    },
  })),
  peers: () => [],
  messages,
  maxAdvanceMs: 6_000,
  maxSteps: 40,
  numRuns: 300,
};
