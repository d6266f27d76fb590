/**
 * The inspection stream of actor transitions, published on `node:diagnostics_channel`.
 *
 * @remarks
 * One event per message an actor took (handled, ignored or rejected), on the channel
 * `pbx:actor:transition`, as undici publishes its request lifecycle: subscribers (the admin console,
 * tracing, tests) attach without the kernel knowing them, and nothing is built when nobody listens.
 */
import { channel } from 'node:diagnostics_channel';
import type { Activation, TraceId } from './address.ts';

/** The name of the diagnostics channel. */
export const ACTOR_TRANSITION_CHANNEL = 'pbx:actor:transition';

/** One transition, as published. */
export interface TransitionEvent {
  /** The actor kind (log field `actor`). */
  readonly actor: string;
  readonly id: string;
  readonly activation: Activation;
  readonly epoch: number;
  readonly traceId: TraceId;
  /** The type of the message taken (log field `msg.type`). */
  readonly messageType: string;
  readonly outcome: 'handled' | 'ignored' | 'rejected';
  /** The state before and after the message. */
  readonly from: string;
  readonly to: string;
  /** The types of the effects left to run, in order (timer effects are already applied). */
  readonly effects: readonly string[];
  /** The armed timers after the message, name → deadline (epoch ms). */
  readonly timers: Readonly<Record<string, number>>;
  /** True when the snapshot changed. */
  readonly changed: boolean;
  /** The time of the transition, epoch ms. */
  readonly atMs: number;
}

/** The channel, for subscribers: `actorTransitionChannel.subscribe(listener)`. */
export const actorTransitionChannel = channel(ACTOR_TRANSITION_CHANNEL);

/** True when someone listens, so that the event is worth building. */
export function transitionsObserved(): boolean {
  return actorTransitionChannel.hasSubscribers;
}

/** Publishes one transition event. */
export function publishTransition(event: TransitionEvent): void {
  actorTransitionChannel.publish(event);
}
