/**
 * The machine contract: the pure half of every actor kind.
 *
 * @remarks
 * `transition(snapshot, message, env)` decides everything and does nothing: it returns the next
 * snapshot and the effects to run, reading time only from `env.now`. That is what lets the kernel
 * replay, migrate and property-test actors. The thin shell around it (the kernel) runs the effects.
 */
import type { ActorAddress } from './address.ts';
import type { ActorEffect, KernelEffect } from './effects.ts';
import type { ActorMessage, KernelMessage } from './messages.ts';
import type { TimerTable } from './timer-table.ts';

/** The least a machine snapshot holds: the name of its state (a string-literal union). */
export interface MachineSnapshot {
  readonly state: string;
}

/** What the kernel adds to a kind's environment for each transition. */
export interface KernelEnv {
  /** The time of this transition, epoch ms. */
  readonly now: number;
  readonly self: ActorAddress;
  /** The sender of the message when it came from an actor (itself included), else `undefined`. */
  readonly from: ActorAddress | undefined;
  /** The armed timers (name → deadline, epoch ms) before this transition. */
  readonly timers: TimerTable;
}

/** The environment a transition reads: the kind's own read-only context plus the kernel's. */
export type MachineEnv<Env> = Env & KernelEnv;

/** The message handled: next snapshot and the effects to run, in order. */
export interface Handled<Snapshot, Effect> {
  readonly type: 'handled';
  readonly snapshot: Snapshot;
  readonly effects: readonly Effect[];
}

/**
 * The current state does not expect the message.
 *
 * @remarks
 * `ignored` is for messages that may legitimately arrive late (a pong after the timeout); `rejected`
 * for commands the state refuses (answer a call that is already hung up). Both leave the snapshot as
 * it was and are logged with `actor`, `id`, `state`, `msg.type`: never lost silently (Kazoo's
 * catch-all clauses). An asker receives the outcome and the reason.
 */
export interface Unexpected {
  readonly type: 'ignored' | 'rejected';
  readonly reason: string;
}

/** The result of one transition. */
export type Transition<Snapshot, Effect> = Handled<Snapshot, Effect> | Unexpected;

/**
 * The pure half of an actor kind.
 *
 * @remarks
 * A transition that returns the snapshot object it was given declares "no change" (the replication
 * hook is not called); any other object counts as a change. Illegal state moves throw
 * `StateTransitionError` (a bug: the actor crashes and its supervisor decides).
 */
export interface ActorMachine<
  Snapshot extends MachineSnapshot,
  Message extends ActorMessage,
  Effect extends ActorEffect,
  Env,
> {
  transition(
    snapshot: Snapshot,
    message: Message | KernelMessage,
    env: MachineEnv<Env>,
  ): Transition<Snapshot, Effect | KernelEffect>;
}

/** Builds a {@link Handled} result. */
export function handled<Snapshot, Effect>(snapshot: Snapshot, effects: readonly Effect[] = []): Handled<Snapshot, Effect> {
  return { type: 'handled', snapshot, effects };
}

/** Builds an `ignored` result. */
export function ignored(reason: string): Unexpected {
  return { type: 'ignored', reason };
}

/** Builds a `rejected` result. */
export function rejected(reason: string): Unexpected {
  return { type: 'rejected', reason };
}
