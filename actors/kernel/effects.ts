/**
 * Effects: what a pure transition asks the world to do. The kernel's own effects are defined here;
 * each kind adds its own and runs them through an effect-runner table (its ports).
 *
 * @remarks
 * A transition returns effects as data and performs none. The shell runs them in order after the
 * transition: timer effects update the timer table of the snapshot (so timers survive a move to
 * another node), the other kernel effects are run by the kernel, and every other effect goes to the
 * runner registered for its `type`. Kind effect types must not reuse a kernel effect type.
 */
import type { Activation, ActorAddress, TraceId } from './address.ts';
import type { ActorMessage } from './messages.ts';

/** Any effect: a discriminated union member on `type`. */
export interface ActorEffect {
  readonly type: string;
}

/**
 * Arms (or re-arms) the named timer. Give either an absolute deadline or a delay from `env.now`.
 *
 * @remarks
 * Starting a timer that is already armed replaces its deadline, as a restarted SIP timer does.
 */
export type TimerStartEffect =
  | { readonly type: 'timer.start'; readonly name: string; readonly atMs: number }
  | { readonly type: 'timer.start'; readonly name: string; readonly delayMs: number };

/** Disarms the named timer; cancelling a timer that is not armed does nothing. */
export interface TimerCancelEffect {
  readonly type: 'timer.cancel';
  readonly name: string;
}

/** Sends a message to another actor (or to itself), fire and forget. */
export interface SendEffect {
  readonly type: 'send';
  readonly to: ActorAddress;
  readonly message: ActorMessage;
}

/**
 * Answers the `ask` being handled. Outside an `ask` it is dropped with a debug line.
 *
 * @remarks
 * An asked message handled without a reply answers the asker with `{ type: 'accepted' }`.
 */
export interface ReplyEffect {
  readonly type: 'reply';
  readonly reply: unknown;
}

/**
 * Stops this actor once the effects of this transition have run (a normal exit, deactivation
 * reason `requested`). `reason` is a free text for the logs.
 */
export interface StopEffect {
  readonly type: 'stop';
  readonly reason: string;
}

/** The effects every actor can return besides its own kind's. */
export type KernelEffect = TimerStartEffect | TimerCancelEffect | SendEffect | ReplyEffect | StopEffect;

/** The `type`s of the kernel effects. */
export const KERNEL_EFFECT_TYPES: ReadonlySet<string> = new Set<KernelEffect['type']>([
  'timer.start',
  'timer.cancel',
  'send',
  'reply',
  'stop',
]);

/** True when the effect is one the kernel runs itself. */
export function isKernelEffect(effect: ActorEffect): effect is KernelEffect {
  return KERNEL_EFFECT_TYPES.has(effect.type);
}

/** What an effect runner may use besides its own ports. */
export interface EffectContext<Message extends ActorMessage> {
  readonly self: ActorAddress;
  readonly activation: Activation;
  /** The trace of the message whose transition produced the effect. */
  readonly traceId: TraceId;
  /** The time at which the transition ran (epoch ms). */
  readonly now: number;
  /**
   * Delivers a message to this activation later (a port's result, for example). Dropped with a log
   * line once this activation has stopped: it never reaches a later incarnation.
   */
  tell(message: Message): void;
}

/**
 * Runs one kind effect. A runner that throws or rejects crashes the actor.
 *
 * @remarks
 * The mailbox waits for a returned promise before the next message: effects of one actor never
 * overlap or reorder. A runner that starts long work should return at once and `tell` the result.
 */
export type EffectRunner<Effect extends ActorEffect, Message extends ActorMessage> = (
  effect: Effect,
  context: EffectContext<Message>,
) => void | Promise<void>;

/** The effect-runner table of a kind: one runner per effect `type` (the actor's ports). */
export type EffectRunners<Effect extends ActorEffect, Message extends ActorMessage> = {
  readonly [EffectType in Effect['type']]: EffectRunner<Extract<Effect, { readonly type: EffectType }>, Message>;
};
