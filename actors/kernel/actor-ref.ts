/**
 * A typed handle on one activation of an actor.
 *
 * @remarks
 * The rest of the engine talks to actors only through this: typed messages in, typed answers and
 * snapshots out, while comedy (whose payloads are untyped) stays inside the kernel. A reference is
 * bound to one activation: after a restart, look the address up again (`system.lookup`), or send by
 * address (`system.send`), which always reaches the current activation.
 */
import type { Activation, ActorAddress } from './address.ts';
import type { AskResult } from './ask-registry.ts';
import type { Child } from './lifecycle.ts';
import type { MachineSnapshot } from './machine.ts';
import type { ActorMessage } from './messages.ts';
import type { ActorSnapshot } from './snapshot.ts';

/** A handle on one running actor. */
export interface ActorRef<Message extends ActorMessage, Data extends MachineSnapshot = MachineSnapshot> extends Child {
  readonly address: ActorAddress;
  readonly activation: Activation;
  /** The directory epoch of this activation. */
  readonly epoch: number;
  /** False once this activation has begun to stop. */
  readonly running: boolean;
  /** Sends a message, fire and forget. After the activation ended it is logged as a dead letter. */
  send(message: Message): void;
  /**
   * Sends a message and waits for the answer, at most `timeoutMs` (on the system clock).
   *
   * @remarks
   * Resolves to a value in every case, `{ type: 'timeout' }` included; never rejects. `Reply` is
   * what the machine's `reply` effect carries for this message; the kernel does not check it.
   *
   * @throws RangeError when `timeoutMs` is not a positive finite number (a bug in the caller).
   */
  ask<Reply>(message: Message, timeoutMs: number): Promise<AskResult<Reply>>;
  /**
   * The current snapshot: the result of the last transition (while that transition's effects run,
   * already the new state). After the activation ended, its last snapshot.
   */
  toSnapshot(): ActorSnapshot<Data>;
}
