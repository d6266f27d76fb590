/**
 * The thin shell around a pure transaction machine: it sends, arms timers and hands the rest of
 * the effects to the layer.
 *
 * @remarks
 * A step is applied in two phases. First the snapshot is replaced and the transport and timer
 * effects run, then the layer is told of a termination, and only then are the TU effects
 * delivered. A TU callback that re-enters the runner (answering from `onRequest`, say) therefore
 * always finds a consistent runner with no effect of an older step still pending.
 *
 * A runner holds its snapshot, its destination, the clock handles of its armed timers and a
 * reference to its owner (the table's entry); everything else (clock, sender, counters, the TU)
 * sits in ports shared by every runner of a table, so a live transaction costs a few small
 * objects beyond what its snapshot keeps.
 */
import type { SipEndpoint, SipSender } from '../sip-endpoint.ts';
import type { SipClock, TimerHandle } from './sip-clock.ts';
import type { TimerName } from './timer-values.ts';
import type { TransactionState } from './transaction-states.ts';
import type {
  CommonTransactionEvent,
  TransactionEffect,
  TransactionEnv,
  TransactionTransition,
} from './transaction-effects.ts';
import { wireBytesToBuffer, type WireBytes } from './wire-bytes.ts';

/** The effects a runner does not perform itself. */
export type DeferredEffect = Exclude<TransactionEffect, { readonly type: 'message.send' | 'timer.start' | 'timer.stop' }>;

/** A pure machine. */
export type TransactionMachine<Snapshot, Event> = (
  snapshot: Snapshot,
  event: Event,
  env: TransactionEnv,
) => TransactionTransition<Snapshot>;

/** What the runners of a table need from it; `owner` says which transaction is speaking. */
export interface TransactionRunnerPorts<Owner> {
  readonly clock: SipClock;
  readonly sender: SipSender;
  /** Called once, when the machine enters "terminated", before the TU effects of that step. */
  onTerminated(owner: Owner): void;
  /** Receives the TU and log effects of each step, in order. */
  onDeferredEffect(owner: Owner, effect: DeferredEffect): void;
  /** Counts messages sent again. */
  onRetransmissionSent(): void;
  /** Told of each failed send, with the error when the sender threw. */
  onSendFailed(owner: Owner, error: unknown): void;
}

/** One armed clock timer of a runner. */
interface ArmedClockTimer {
  readonly name: TimerName;
  readonly handle: TimerHandle;
}

/** Runs one transaction machine. */
export class TransactionRunner<
  Snapshot extends { readonly state: TransactionState },
  Event extends { readonly type: string },
  Owner,
> {
  readonly #machine: TransactionMachine<Snapshot, Event | CommonTransactionEvent>;
  readonly #ports: TransactionRunnerPorts<Owner>;
  readonly #owner: Owner;
  readonly #destination: SipEndpoint;
  #snapshot: Snapshot;
  /** At most two at a time (A and B, E and F, G and H); no array while none is armed. */
  #timers: ArmedClockTimer[] | undefined;

  /**
   * Takes the first step of a machine without running its effects: call {@link start} with them
   * once the owner can be reached through the runner.
   */
  constructor(
    initial: Snapshot,
    machine: TransactionMachine<Snapshot, Event | CommonTransactionEvent>,
    ports: TransactionRunnerPorts<Owner>,
    owner: Owner,
    destination: SipEndpoint,
  ) {
    this.#machine = machine;
    this.#ports = ports;
    this.#owner = owner;
    this.#destination = destination;
    this.#snapshot = initial;
  }

  /** The current state of the machine. */
  get snapshot(): Snapshot {
    return this.#snapshot;
  }

  /** Where every message of this transaction goes. */
  get destination(): SipEndpoint {
    return this.#destination;
  }

  /** How many clock timers this runner holds armed. */
  get armedTimerCount(): number {
    return this.#timers?.length ?? 0;
  }

  /** Runs the effects of the machine's first step. */
  start(effects: readonly TransactionEffect[]): void {
    this.#apply({ snapshot: this.#snapshot, effects }, this.#snapshot.state);
  }

  /** Feeds one event to the machine and runs the resulting effects; returns them. */
  dispatch(event: Event | CommonTransactionEvent): readonly TransactionEffect[] {
    const step = this.#machine(this.#snapshot, event, { now: this.#ports.clock.now() });
    this.#apply(step, this.#snapshot.state);
    return step.effects;
  }

  #apply(step: TransactionTransition<Snapshot>, previousState: TransactionState): void {
    this.#snapshot = step.snapshot;
    const deferred: DeferredEffect[] = [];
    for (const effect of step.effects) {
      if (effect.type === 'message.send') this.#send(effect.bytes, effect.retransmission);
      else if (effect.type === 'timer.start') this.#startTimer(effect.name, effect.delayMs);
      else if (effect.type === 'timer.stop') this.#stopTimer(effect.name);
      else deferred.push(effect);
    }
    if (this.#snapshot.state === 'terminated' && previousState !== 'terminated') {
      for (const { name } of [...(this.#timers ?? [])]) this.#stopTimer(name);
      this.#ports.onTerminated(this.#owner);
    }
    for (const effect of deferred) this.#ports.onDeferredEffect(this.#owner, effect);
  }

  #send(bytes: WireBytes, retransmission: boolean): void {
    if (retransmission) this.#ports.onRetransmissionSent();
    this.#ports.sender.send(wireBytesToBuffer(bytes), this.#destination).then(
      (delivered) => {
        if (!delivered) this.#failSend(undefined);
      },
      (error: unknown) => {
        this.#failSend(error);
      },
    );
  }

  #failSend(error: unknown): void {
    this.#ports.onSendFailed(this.#owner, error);
    this.dispatch({ type: 'transport.failed' });
  }

  #startTimer(name: TimerName, delayMs: number): void {
    this.#stopTimer(name);
    const handle = this.#ports.clock.setTimer(delayMs, () => {
      this.#forgetTimer(name);
      this.dispatch({ type: 'sys.timer.fired', name });
    });
    this.#timers = [...(this.#timers ?? []), { name, handle }];
  }

  #stopTimer(name: TimerName): void {
    const armed = this.#timers?.find((timer) => timer.name === name);
    if (armed === undefined) return;
    this.#forgetTimer(name);
    this.#ports.clock.clearTimer(armed.handle);
  }

  #forgetTimer(name: TimerName): void {
    const kept = this.#timers?.filter((timer) => timer.name !== name) ?? [];
    this.#timers = kept.length === 0 ? undefined : kept;
  }
}
