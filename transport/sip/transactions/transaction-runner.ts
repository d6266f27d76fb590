/**
 * The thin shell around a pure transaction machine: it sends, arms timers and hands the rest of
 * the effects to the layer.
 *
 * @remarks
 * A step is applied in two phases. First the snapshot is replaced and the transport and timer
 * effects run, then the layer is told of a termination, and only then are the TU effects
 * delivered. A TU callback that re-enters the runner (answering from `onRequest`, say) therefore
 * always finds a consistent runner with no effect of an older step still pending.
 */
import type { SipMessage } from '../message/index.ts';
import { serializeMessage } from '../message/index.ts';
import type { SipEndpoint, SipSender } from '../sip-endpoint.ts';
import type { SipClock, TimerHandle } from './sip-clock.ts';
import type { TimerName } from './timer-values.ts';
import type { TransactionState } from './transaction-states.ts';
import type {
  CommonTransactionEvent,
  TransactionEffect,
  TransactionEnv,
  TransactionSnapshotBase,
  TransactionTransition,
} from './transaction-effects.ts';

/** The effects a runner does not perform itself. */
export type DeferredEffect = Exclude<TransactionEffect, { readonly type: 'message.send' | 'timer.start' | 'timer.stop' }>;

/** A pure machine. */
export type TransactionMachine<Snapshot, Event> = (
  snapshot: Snapshot,
  event: Event,
  env: TransactionEnv,
) => TransactionTransition<Snapshot>;

/** What a runner needs from the layer. */
export interface TransactionRunnerPorts {
  readonly clock: SipClock;
  readonly sender: SipSender;
  /** Where every message of this transaction goes. */
  readonly destination: SipEndpoint;
  /** Called once, when the machine enters "terminated", before the TU effects of that step. */
  readonly onTerminated: () => void;
  /** Receives the TU and log effects of each step, in order. */
  readonly onDeferredEffect: (effect: DeferredEffect) => void;
  /** Counts messages sent again. */
  readonly onRetransmissionSent: () => void;
  /** Told of each failed send, with the error when the sender threw. */
  readonly onSendFailed: (error: unknown) => void;
}

/** Runs one transaction machine. */
export class TransactionRunner<
  Snapshot extends TransactionSnapshotBase<TransactionState>,
  Event extends { readonly type: string },
> {
  readonly #machine: TransactionMachine<Snapshot, Event | CommonTransactionEvent>;
  readonly #ports: TransactionRunnerPorts;
  readonly #timers = new Map<TimerName, TimerHandle>();
  readonly #bytes = new WeakMap<SipMessage, Uint8Array>();
  #snapshot: Snapshot;
  #terminated = false;

  constructor(
    initial: TransactionTransition<Snapshot>,
    machine: TransactionMachine<Snapshot, Event | CommonTransactionEvent>,
    ports: TransactionRunnerPorts,
  ) {
    this.#machine = machine;
    this.#ports = ports;
    this.#snapshot = initial.snapshot;
    this.#apply(initial);
  }

  /** The current state of the machine. */
  get snapshot(): Snapshot {
    return this.#snapshot;
  }

  /** How many clock timers this runner holds armed. */
  get armedTimerCount(): number {
    return this.#timers.size;
  }

  /** Feeds one event to the machine and runs the resulting effects; returns them. */
  dispatch(event: Event | CommonTransactionEvent): readonly TransactionEffect[] {
    const step = this.#machine(this.#snapshot, event, { now: this.#ports.clock.now() });
    this.#apply(step);
    return step.effects;
  }

  #apply(step: TransactionTransition<Snapshot>): void {
    this.#snapshot = step.snapshot;
    const deferred: DeferredEffect[] = [];
    for (const effect of step.effects) {
      if (effect.type === 'message.send') this.#send(effect.message, effect.retransmission);
      else if (effect.type === 'timer.start') this.#startTimer(effect.name, effect.delayMs);
      else if (effect.type === 'timer.stop') this.#stopTimer(effect.name);
      else deferred.push(effect);
    }
    if (this.#snapshot.state === 'terminated' && !this.#terminated) {
      this.#terminated = true;
      for (const name of [...this.#timers.keys()]) this.#stopTimer(name);
      this.#ports.onTerminated();
    }
    for (const effect of deferred) this.#ports.onDeferredEffect(effect);
  }

  #send(message: SipMessage, retransmission: boolean): void {
    if (retransmission) this.#ports.onRetransmissionSent();
    let bytes = this.#bytes.get(message);
    if (bytes === undefined) {
      bytes = serializeMessage(message);
      this.#bytes.set(message, bytes);
    }
    this.#ports.sender.send(bytes, this.#ports.destination).then(
      (delivered) => {
        if (!delivered) this.#failSend(undefined);
      },
      (error: unknown) => {
        this.#failSend(error);
      },
    );
  }

  #failSend(error: unknown): void {
    this.#ports.onSendFailed(error);
    this.dispatch({ type: 'transport.failed' });
  }

  #startTimer(name: TimerName, delayMs: number): void {
    this.#stopTimer(name);
    const handle = this.#ports.clock.setTimer(delayMs, () => {
      this.#timers.delete(name);
      this.dispatch({ type: 'sys.timer.fired', name });
    });
    this.#timers.set(name, handle);
  }

  #stopTimer(name: TimerName): void {
    const handle = this.#timers.get(name);
    if (handle === undefined) return;
    this.#timers.delete(name);
    this.#ports.clock.clearTimer(handle);
  }
}
