/** The example ping kind of the kernel in the migration property: its counter, its pong timer, its forwards, crashes and stops. */
import fc from 'fast-check';
import { actorAddress } from '../../../actors/index.ts';
import { INITIAL_PING, type PingMessage, type PingSnapshot } from '../../../actors/kernel/testing/ping-machine.ts';
import { pingSpec } from '../../../actors/kernel/testing/ping-actor.ts';
import type { MigrationKind } from '../actor-migration.ts';

const PEER = actorAddress('ping', 'peer');

const messages: fc.Arbitrary<PingMessage> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<PingMessage>({ type: 'ping.start' }) },
  { weight: 2, arbitrary: fc.integer({ min: -5, max: 5 }).map((amount): PingMessage => ({ type: 'counter.add', amount })) },
  { weight: 1, arbitrary: fc.constant<PingMessage>({ type: 'count.get' }) },
  { weight: 2, arbitrary: fc.constant<PingMessage>({ type: 'ping.pong' }) },
  { weight: 1, arbitrary: fc.constant<PingMessage>({ type: 'ping.close' }) },
  { weight: 1, arbitrary: fc.constant<PingMessage>({ type: 'ping.reopen' }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }).map((amount): PingMessage => ({ type: 'ping.forward', to: PEER, amount })) },
  { weight: 1, arbitrary: fc.constant<PingMessage>({ type: 'ping.fail' }) },
  { weight: 1, arbitrary: fc.constant<PingMessage>({ type: 'ping.crash' }) },
  { weight: 1, arbitrary: fc.constant<PingMessage>({ type: 'ping.stop', reason: 'asked' }) },
);

export const pingKind: MigrationKind<PingSnapshot, PingMessage, null> = {
  file: 'actors/kernel/testing/ping-actor.ts',
  newWorld: () => null,
  initial: fc.constant(INITIAL_PING),
  spawn: (system, from, ports, _world, hooks) => {
    const spec = pingSpec('p1', { pongTimeoutMs: 1_000, hooks, ...(from.type === 'snapshot' ? { snapshot: from.snapshot } : {}) });
    return system.spawn({
      ...spec,
      runners: {
        'probe.record': (effect) => ports.record('probe.record', effect.value),
        'probe.fail': () => {
          throw new Error('probe port failure');
        },
      },
    });
  },
  peers: () => [PEER],
  messages,
  maxAdvanceMs: 1_500,
  maxSteps: 25,
  numRuns: 250,
};
