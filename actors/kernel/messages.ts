/**
 * Message shapes the kernel knows: the base every message satisfies, the runtime (`sys.`) messages
 * the kernel itself delivers, and the envelope that carries a message between actors.
 *
 * @remarks
 * Messages are plain data (no class instances, functions or `Date`s) so that they survive
 * structured clone between worker threads and msgpack between nodes.
 * The kernel does not copy them: an in-memory send hands the same object to the receiver, so
 * neither side may mutate it.
 */
import type { ActorAddress, TraceId } from './address.ts';

/** Any actor message: a discriminated union member on `type`. */
export interface ActorMessage {
  readonly type: string;
}

/**
 * A timer stored in the snapshot reached its deadline.
 *
 * @remarks
 * The kernel removes the timer from the snapshot before delivering this, and delivers it only if
 * the timer is still armed with a deadline that has passed: a cancelled or re-armed timer never
 * fires late. The machine must still re-check its state, since the timer may have lost its meaning.
 */
export interface TimerFiredMessage {
  readonly type: 'sys.timer.fired';
  readonly name: string;
}

/** Runtime messages every machine accepts besides its own. */
export type KernelMessage = TimerFiredMessage;

/**
 * The routing wrapper of a message (style §7.5).
 *
 * @remarks
 * `epoch` is the directory epoch of the activation the sender resolved `to` to; `traceId` follows
 * a message through every send it causes. `askId` is set on request/reply messages only.
 */
export interface Envelope<Message extends ActorMessage = ActorMessage> {
  readonly to: ActorAddress;
  readonly from?: ActorAddress | undefined;
  readonly epoch: number;
  readonly traceId: TraceId;
  readonly msg: Message;
  readonly askId?: number | undefined;
}
