/**
 * Runs the effects a step left, in order: kernel sends and replies, then kind effects through the
 * runner table; a `stop` is noted and acted on once all effects have run.
 *
 * @remarks
 * Effects of one message run one after the other, each awaited, so their order is the order the
 * machine returned them in. The run stays synchronous until a runner returns a promise, so a
 * message whose effects are all synchronous costs no extra promise. A missing runner, or a runner
 * that throws, propagates: the actor crashes.
 */
import { InvalidEffectError } from '../errors.ts';
import type { ActorEffect, EffectContext, EffectRunner, ReplyEffect, SendEffect } from './effects.ts';
import type { ActorMessage } from './messages.ts';
import type { OutboundEffect } from './step.ts';

/** Where the kernel effects go, and what kind effects run with. */
export interface EffectTargets<Message extends ActorMessage> {
  /** The runner table, indexed by effect type. */
  readonly runners: object;
  /** The context for kind-effect runners of the message being handled (built on first use). */
  context(): EffectContext<Message>;
  send(effect: SendEffect): void;
  reply(effect: ReplyEffect): void;
  /** False once the activation was killed: the remaining effects are abandoned. */
  isAlive(): boolean;
}

/** What running the effects decided. */
export interface EffectsRun {
  /** The reason of the last `stop` effect, when there was one. */
  readonly stopReason: string | undefined;
}

/** Runs `effects` in order; returns a promise only when a runner did. */
export function runEffects<Effect extends ActorEffect, Message extends ActorMessage>(
  effects: readonly OutboundEffect<Effect>[],
  targets: EffectTargets<Message>,
): EffectsRun | Promise<EffectsRun> {
  return runFrom(effects, 0, targets, undefined);
}

function runFrom<Effect extends ActorEffect, Message extends ActorMessage>(
  effects: readonly OutboundEffect<Effect>[],
  start: number,
  targets: EffectTargets<Message>,
  stopSoFar: string | undefined,
): EffectsRun | Promise<EffectsRun> {
  let stopReason = stopSoFar;
  for (let index = start; index < effects.length && targets.isAlive(); index += 1) {
    const effect = effects[index] as OutboundEffect<Effect>;
    if (effect.type === 'stop') {
      stopReason = (effect as { readonly reason: string }).reason;
    } else if (effect.type === 'send') {
      targets.send(effect as SendEffect);
    } else if (effect.type === 'reply') {
      targets.reply(effect as ReplyEffect);
    } else {
      const pending = runnerFor<Message>(targets.runners, effect.type)(effect, targets.context());
      // A runner typed `void` may still return a value (`(x) => list.push(x)`): only a thenable waits.
      if (isThenable(pending)) return pending.then(() => runFrom(effects, index + 1, targets, stopReason));
    }
  }
  return { stopReason };
}

function runnerFor<Message extends ActorMessage>(runners: object, effectType: string): EffectRunner<ActorEffect, Message> {
  const runner: unknown = Object.hasOwn(runners, effectType) ? (runners as Record<string, unknown>)[effectType] : undefined;
  if (typeof runner !== 'function') throw new InvalidEffectError(effectType, 'no runner in the effect-runner table');
  return runner as EffectRunner<ActorEffect, Message>;
}

function isThenable(value: unknown): value is Promise<void> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
