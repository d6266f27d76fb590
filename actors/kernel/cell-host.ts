/**
 * What an activation needs from the actor system that hosts it.
 *
 * @remarks
 * A narrow interface so that the activation (`actor-cell.ts`) does not depend on the system's
 * construction, and the system does not reach into activations.
 */
import type { ActorAddress, TraceId } from './address.ts';
import type { AskRegistry } from './ask-registry.ts';
import type { Clock } from './clock.ts';
import type { Logger } from './logger.ts';
import type { ActorMessage } from './messages.ts';
import type { TransitionEvent } from './transition-diagnostics.ts';
import type { WorkTracker } from './work-tracker.ts';

/** An address-routed message an activation sends (a `send` effect). */
export interface Outgoing {
  readonly to: ActorAddress;
  readonly from: ActorAddress;
  readonly traceId: TraceId;
  readonly msg: ActorMessage;
}

/** The services of the system an activation uses. */
export interface CellHost {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly work: WorkTracker;
  readonly asks: AskRegistry;
  /** The system's inspection callback, if any. */
  readonly onTransition: ((event: TransitionEvent) => void) | undefined;
  /** A fresh trace id for a message that starts a new trace. */
  newTraceId(): TraceId;
  /** Delivers to whatever activation the address has now (or logs a dead letter). */
  route(outgoing: Outgoing): void;
  /** The activation stopped taking messages: remove it from the directory. */
  release(address: ActorAddress, incarnation: number): void;
}
