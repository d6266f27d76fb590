/**
 * Spawn specs for the example ping kind, with a probe port that records what the actor's effects
 * did, for the kernel's tests.
 */
import { actorAddress, type ActorAddress } from '../address.ts';
import type { ActorHooks, ActorSpec, SpawnOrigin } from '../actor-spec.ts';
import type { EffectRunners } from '../effects.ts';
import type { ActorSnapshot } from '../snapshot.ts';
import { INITIAL_PING, pingMachine, type PingEffect, type PingEnv, type PingMessage, type PingSnapshot } from './ping-machine.ts';

/** What the probe port saw. */
export interface Probe {
  /** Values of `probe.record` effects, in the order they ran. */
  readonly recorded: number[];
  /** Start and end marks of each `probe.record`, to check that effects never overlap. */
  readonly marks: string[];
  /** When set, each `probe.record` waits for it before ending. */
  hold: Promise<void> | undefined;
}

/** Creates an empty probe. */
export function createProbe(): Probe {
  return { recorded: [], marks: [], hold: undefined };
}

/** The runner table of the ping kind over a probe. */
export function pingRunners(probe: Probe): EffectRunners<PingEffect, PingMessage> {
  return {
    'probe.record': async (effect) => {
      probe.marks.push(`start ${effect.value}`);
      if (probe.hold !== undefined) await probe.hold;
      probe.recorded.push(effect.value);
      probe.marks.push(`end ${effect.value}`);
    },
    'probe.fail': () => {
      throw new Error('probe port failure');
    },
  };
}

/** The address of the ping actor with this id. */
export function pingAddress(id: string): ActorAddress<'ping', string> {
  return actorAddress('ping', id);
}

/** Options of {@link pingSpec}. */
export interface PingSpecOptions {
  readonly probe?: Probe;
  readonly snapshot?: ActorSnapshot<PingSnapshot>;
  readonly hooks?: ActorHooks<PingSnapshot>;
  readonly pongTimeoutMs?: number;
  readonly mailboxLimit?: number;
}

/** A spawn spec for a ping actor, fresh or from a snapshot. */
export function pingSpec(id: string, options: PingSpecOptions = {}): ActorSpec<PingSnapshot, PingMessage, PingEffect, PingEnv> {
  const from: SpawnOrigin<PingSnapshot> =
    options.snapshot === undefined ? { type: 'initial', data: INITIAL_PING, epoch: 1 } : { type: 'snapshot', snapshot: options.snapshot };
  return {
    address: pingAddress(id),
    machine: pingMachine,
    env: { pongTimeoutMs: options.pongTimeoutMs ?? 1_000 },
    runners: pingRunners(options.probe ?? createProbe()),
    from,
    ...(options.hooks === undefined ? {} : { hooks: options.hooks }),
    ...(options.mailboxLimit === undefined ? {} : { mailboxLimit: options.mailboxLimit }),
  };
}
