/**
 * Delivers a session's events to its listener, holding them until one is attached.
 *
 * @remarks The UA core hands a new session to the call layer synchronously, but a CANCEL may
 * already be queued behind it; nothing is lost while the call layer wires itself up.
 */
import type { SessionEvent, SessionListener } from './session-events.ts';

/** Events in order, to one listener. */
export class SessionEmitter {
  #listener: SessionListener | undefined;
  readonly #held: SessionEvent[] = [];

  /** Attaches the listener and hands it the events held so far. */
  listen(listener: SessionListener): void {
    this.#listener = listener;
    for (const event of this.#held.splice(0)) listener(event);
  }

  emit(event: SessionEvent): void {
    if (this.#listener === undefined) this.#held.push(event);
    else this.#listener(event);
  }
}
