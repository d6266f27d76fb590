/**
 * What an activation tells the outside about the messages it takes: log lines for unexpected and
 * undeliverable messages, and transition events for inspectors.
 *
 * @remarks
 * Every line carries `actor`, `id`, `state` and `msg.type` (style §7.9).
 */
import type { Activation, ActorAddress, TraceId } from './address.ts';
import type { CellHost } from './cell-host.ts';
import { actorLogFields, type Logger } from './logger.ts';
import type { ActorSnapshot } from './snapshot.ts';
import type { StepResult } from './step.ts';
import { publishTransition, transitionsObserved, type TransitionEvent } from './transition-diagnostics.ts';
import type { ActorEffect } from './effects.ts';
import type { MachineSnapshot } from './machine.ts';

/** Why a message was not delivered. */
export type DeadLetterReason = 'not-found' | 'stopped' | 'overloaded';

/** Logs a message the machine ignored (info) or rejected (warn). */
export function reportUnexpected(
  logger: Logger,
  address: ActorAddress,
  state: string,
  messageType: string,
  outcome: { readonly type: 'ignored' | 'rejected'; readonly reason: string },
): void {
  const fields = actorLogFields(address, state, messageType, { reason: outcome.reason });
  if (outcome.type === 'rejected') logger.warn(fields, 'message rejected by its state');
  else logger.info(fields, 'message ignored by its state');
}

/**
 * Logs a message that reached no machine. Kernel timer messages (due after their actor stopped)
 * are expected and logged at debug level; the rest at info, so no message is lost silently.
 */
export function reportDeadLetter(
  logger: Logger,
  address: ActorAddress,
  state: string | undefined,
  messageType: string,
  reason: DeadLetterReason,
): void {
  const fields = actorLogFields(address, state, messageType, { reason });
  if (messageType.startsWith('sys.')) logger.debug(fields, 'dead letter');
  else logger.info(fields, 'dead letter');
}

/** The facts of one step, for the inspection stream. */
export interface StepFacts<Data extends MachineSnapshot, Effect extends ActorEffect> {
  readonly address: ActorAddress;
  readonly activation: Activation;
  readonly traceId: TraceId;
  readonly messageType: string;
  readonly before: ActorSnapshot<Data>;
  readonly result: StepResult<Data, Effect>;
  readonly atMs: number;
}

/**
 * Publishes a transition on the diagnostics channel and to the system's inspection callback, when
 * either listens. A throwing inspection callback is logged and does not affect the actor.
 */
export function reportTransition<Data extends MachineSnapshot, Effect extends ActorEffect>(
  host: CellHost,
  facts: StepFacts<Data, Effect>,
): void {
  const outcome = facts.result.outcome;
  if (outcome.type === 'stale') return;
  const observed = transitionsObserved();
  if (!observed && host.onTransition === undefined) return;
  const event: TransitionEvent = {
    actor: facts.address.kind,
    id: facts.address.id,
    activation: facts.activation,
    epoch: facts.before.epoch,
    traceId: facts.traceId,
    messageType: facts.messageType,
    outcome: outcome.type,
    from: facts.before.data.state,
    to: facts.result.snapshot.data.state,
    effects: facts.result.effects.map((effect) => effect.type),
    timers: facts.result.snapshot.timers,
    changed: facts.result.changed,
    atMs: facts.atMs,
  };
  if (observed) publishTransition(event);
  try {
    host.onTransition?.(event);
  } catch (error) {
    host.logger.error(actorLogFields(facts.address, event.to, facts.messageType, { err: error }), 'onTransition callback threw');
  }
}
