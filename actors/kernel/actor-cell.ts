/**
 * One activation of an actor: the thin shell around a pure machine.
 *
 * @remarks
 * It owns the activation's mailbox (one message at a time, in arrival order), its current snapshot,
 * the clock side of its timers and its comedy endpoint. For each message it runs one pure step, then
 * the effects, then the replication hook; a throw anywhere in the machine or a runner crashes the
 * activation, and its supervisor decides what happens next. It ends exactly once: stopped
 * gracefully, killed, or crashed.
 */
import type { Activation, ActorAddress, TraceId } from './address.ts';
import type { ActorRef } from './actor-ref.ts';
import { DEFAULT_MAILBOX_LIMIT, type ActorSpec } from './actor-spec.ts';
import type { AskResult } from './ask-registry.ts';
import { callDeactivateHook, callStableHook } from './cell-hooks.ts';
import type { CellHost } from './cell-host.ts';
import { reportDeadLetter, reportTransition, reportUnexpected, type DeadLetterReason } from './cell-reporting.ts';
import type { ComedyEndpoint } from './comedy-runtime.ts';
import type { ActorEffect, EffectContext } from './effects.ts';
import { runEffects, type EffectsRun, type EffectTargets } from './effect-execution.ts';
import type { ChildExit, DeactivationReason, StopReason } from './lifecycle.ts';
import { actorLogFields, type LogFields } from './logger.ts';
import type { MachineSnapshot } from './machine.ts';
import { Mailbox } from './mailbox.ts';
import type { ActorMessage, Envelope, KernelMessage } from './messages.ts';
import type { ActorSnapshot } from './snapshot.ts';
import { step } from './step.ts';
import { TimerArming } from './timer-arming.ts';

type CellStatus = 'activating' | 'running' | 'stopping' | 'ended';
type Incoming<Message extends ActorMessage> = Envelope<Message | KernelMessage>;
type Delivery<Message extends ActorMessage> = Pick<Incoming<Message>, 'msg' | 'traceId'> & Partial<Pick<Incoming<Message>, 'from' | 'askId'>>;

/** The shell of one activation; also the {@link ActorRef} handed out for it. */
export class ActorCell<Data extends MachineSnapshot, Message extends ActorMessage, Effect extends ActorEffect, Env>
  implements ActorRef<Message, Data>
{
  readonly address: ActorAddress;
  readonly activation: Activation;
  readonly epoch: number;
  readonly exited: Promise<ChildExit>;
  readonly #spec: ActorSpec<Data, Message, Effect, Env>;
  readonly #host: CellHost;
  readonly #mailbox: Mailbox<Incoming<Message>>;
  readonly #timers: TimerArming;
  readonly #targets: EffectTargets<Message>;
  #resolveExit: (exit: ChildExit) => void = () => undefined;
  #endpoint: ComedyEndpoint | undefined;
  #status: CellStatus = 'activating';
  #snapshot: ActorSnapshot<Data>;
  #current: Promise<void> = Promise.resolve();
  #turn: Incoming<Message> | undefined;
  #turnAtMs = 0;
  #turnContext: EffectContext<Message> | undefined;
  #stopping: Promise<void> | undefined;

  constructor(spec: ActorSpec<Data, Message, Effect, Env>, activation: Activation, snapshot: ActorSnapshot<Data>, host: CellHost) {
    this.address = spec.address;
    this.activation = activation;
    this.epoch = snapshot.epoch;
    this.#spec = spec;
    this.#host = host;
    this.#snapshot = snapshot;
    this.#mailbox = new Mailbox((envelope) => this.#consume(envelope), spec.mailboxLimit ?? DEFAULT_MAILBOX_LIMIT);
    this.#timers = new TimerArming(host.clock, (name) => this.#timerDue(name));
    this.#targets = this.#createTargets();
    this.exited = new Promise((resolve) => {
      this.#resolveExit = resolve;
    });
  }

  get running(): boolean {
    return this.#status === 'running';
  }

  toSnapshot(): ActorSnapshot<Data> {
    return this.#snapshot;
  }

  /** Binds the comedy actor that carries this activation's messages. */
  attach(endpoint: ComedyEndpoint): void {
    this.#endpoint = endpoint;
  }

  /** Runs `onActivate`, then starts taking messages and arms the snapshot's timers. */
  async activate(): Promise<void> {
    await this.#spec.hooks?.onActivate?.({ address: this.address, activation: this.activation, snapshot: this.#snapshot });
    if (this.#status !== 'activating') return;
    this.#status = 'running';
    this.#timers.reconcile(this.#snapshot.timers);
  }

  send(message: Message): void {
    this.deliver({ msg: message, traceId: this.#host.newTraceId() });
  }

  ask<Reply>(message: Message, timeoutMs: number): Promise<AskResult<Reply>> {
    if (this.#status !== 'running') return Promise.resolve({ type: 'unavailable', reason: 'stopped' });
    const { askId, answer } = this.#host.asks.open<Reply>(timeoutMs);
    this.deliver({ msg: message, traceId: this.#host.newTraceId(), askId });
    return answer;
  }

  /** Hands a message to comedy for this activation (or dead-letters it when not running). */
  deliver(delivery: Delivery<Message>): void {
    const envelope: Incoming<Message> = { to: this.address, from: delivery.from, epoch: this.epoch, traceId: delivery.traceId, msg: delivery.msg, askId: delivery.askId };
    const endpoint = this.#endpoint;
    if (this.#status !== 'running' || endpoint === undefined) {
      this.#deadLetter(envelope, 'stopped');
      return;
    }
    this.#host.work.begin();
    endpoint.deliver(envelope, () => {
      this.#deadLetter(envelope, 'stopped');
      this.#host.work.end();
    });
  }

  /**
   * comedy's handler: queue the envelope (the work unit begun in `deliver` continues).
   *
   * @remarks
   * Payloads reach it only from `deliver` through an in-memory comedy actor, so they are the
   * kernel's own envelopes; nothing from outside the process is handed to comedy.
   */
  accept(payload: unknown): void {
    const envelope = payload as Incoming<Message>;
    const refusal = this.#mailbox.enqueue(envelope);
    if (refusal === undefined) return;
    this.#deadLetter(envelope, refusal === 'full' ? 'overloaded' : 'stopped');
    this.#host.work.end();
  }

  stop(reason: StopReason, detail?: string): Promise<void> {
    this.#stopping ??= this.#stopGracefully(reason, detail);
    return this.#stopping;
  }

  kill(reason: StopReason): void {
    if (this.#status === 'ended') return;
    this.#closeDown();
    this.#finish({ type: 'stopped', reason, forced: true });
  }

  /** Takes one envelope; returns a promise only when something in its handling was asynchronous. */
  #consume(envelope: Incoming<Message>): void | Promise<void> {
    let pending: void | Promise<void> = undefined;
    try {
      if (this.#status !== 'running') this.#deadLetter(envelope, 'stopped');
      else pending = this.#handle(envelope);
    } catch (error) {
      this.#crash(error, envelope);
    }
    if (pending === undefined) return this.#endTurn();
    this.#current = pending.then(
      () => this.#endTurn(),
      (error: unknown) => {
        this.#crash(error, envelope);
        this.#endTurn();
      },
    );
    return this.#current;
  }

  #handle(envelope: Incoming<Message>): void | Promise<void> {
    const atMs = this.#host.clock.now();
    const before = this.#snapshot;
    this.#turn = envelope;
    this.#turnAtMs = atMs;
    const result = step({ machine: this.#spec.machine, snapshot: before, message: envelope.msg, env: this.#spec.env, now: atMs, self: this.address, from: envelope.from });
    this.#snapshot = result.snapshot;
    this.#timers.reconcile(result.snapshot.timers);
    reportTransition(this.#host, { address: this.address, activation: this.activation, traceId: envelope.traceId, messageType: envelope.msg.type, before, result, atMs });
    const outcome = result.outcome;
    if (outcome.type === 'stale') return undefined;
    if (outcome.type !== 'handled') {
      reportUnexpected(this.#host.logger, this.address, before.data.state, envelope.msg.type, outcome);
      this.#answer(envelope, { type: outcome.type, reason: outcome.reason });
      return result.changed ? this.#stable() : undefined;
    }
    const run = runEffects(result.effects, this.#targets);
    if (run instanceof Promise) return run.then((done) => this.#afterEffects(envelope, done, result.changed));
    return this.#afterEffects(envelope, run, result.changed);
  }

  #afterEffects(envelope: Incoming<Message>, run: EffectsRun, changed: boolean): void | Promise<void> {
    if (this.#hasEnded()) return undefined;
    this.#answer(envelope, { type: 'accepted' });
    if (run.stopReason !== undefined) void this.stop('requested', run.stopReason);
    return changed ? this.#stable() : undefined;
  }

  #endTurn(): void {
    this.#turn = undefined;
    this.#turnContext = undefined;
    this.#host.work.end();
  }

  /** The effect targets of this activation, created once; they act for the message being handled. */
  #createTargets(): EffectTargets<Message> {
    return {
      runners: this.#spec.runners,
      context: () => (this.#turnContext ??= this.#runnerContext()),
      send: (effect) => this.#host.route({ to: effect.to, from: this.address, traceId: this.#turnTraceId(), msg: effect.message }),
      reply: (effect) => {
        if (this.#turn !== undefined) this.#answer(this.#turn, { type: 'replied', reply: effect.reply });
      },
      isAlive: () => this.#status !== 'ended',
    };
  }

  #runnerContext(): EffectContext<Message> {
    const traceId = this.#turnTraceId();
    return {
      self: this.address,
      activation: this.activation,
      traceId,
      now: this.#turnAtMs,
      tell: (message) => this.deliver({ msg: message, traceId, from: this.address }),
    };
  }

  #turnTraceId(): TraceId {
    return this.#turn?.traceId ?? this.#host.newTraceId();
  }

  /** Answers the ask carried by `envelope`, if it carries one (a reply outside an ask is dropped). */
  #answer(envelope: Incoming<Message>, result: AskResult<unknown>): void {
    if (envelope.askId !== undefined) this.#host.asks.settle(envelope.askId, result);
  }

  #timerDue(name: string): void {
    const msg: KernelMessage = { type: 'sys.timer.fired', name };
    const envelope: Incoming<Message> = { to: this.address, from: undefined, epoch: this.epoch, traceId: this.#host.newTraceId(), msg, askId: undefined };
    this.#host.work.begin();
    if (this.#mailbox.enqueue(envelope, true) !== undefined) this.#host.work.end();
  }

  #stable(): void | Promise<void> {
    return callStableHook(this.#spec.hooks, this.#snapshot, (error) => {
      this.#host.logger.error(this.#fields(undefined, { err: error }), 'onStableTransition failed; the replica may be stale');
    });
  }

  async #stopGracefully(reason: StopReason, detail: string | undefined): Promise<void> {
    if (this.#status === 'ended') return;
    this.#closeDown();
    while (this.#turn !== undefined) await this.#current;
    if (this.#hasEnded()) return;
    await this.#deactivate(reason);
    this.#finish({ type: 'stopped', reason, forced: false, ...(detail === undefined ? {} : { detail }) });
  }

  #crash(error: unknown, envelope: Incoming<Message>): void {
    if (this.#status === 'ended') return;
    this.#host.logger.error(this.#fields(envelope.msg.type, { err: error }), 'actor crashed');
    this.#closeDown();
    void this.#deactivate('crashed');
    this.#finish({ type: 'crashed', error, snapshot: this.#snapshot });
  }

  /** Stops taking messages: leaves the directory, drops the queue, disarms the clock. */
  #closeDown(): void {
    if (this.#status === 'stopping' || this.#status === 'ended') return;
    this.#status = 'stopping';
    this.#host.release(this.address, this.activation.incarnation);
    this.#timers.cancelAll();
    for (const envelope of this.#mailbox.close()) {
      this.#deadLetter(envelope, 'stopped');
      this.#host.work.end();
    }
  }

  #deactivate(reason: DeactivationReason): Promise<void> {
    return callDeactivateHook(this.#spec.hooks, reason, this.#snapshot, (error) => {
      this.#host.logger.error(this.#fields(undefined, { err: error, reason }), 'onDeactivate failed');
    });
  }

  #finish(exit: ChildExit): void {
    if (this.#status === 'ended') return;
    this.#status = 'ended';
    if (this.#turn !== undefined) this.#answer(this.#turn, { type: 'unavailable', reason: exit.type === 'crashed' ? 'crashed' : 'stopped' });
    this.#endpoint?.destroy();
    this.#resolveExit(exit);
  }

  #deadLetter(envelope: Incoming<Message>, reason: DeadLetterReason): void {
    reportDeadLetter(this.#host.logger, this.address, this.#snapshot.data.state, envelope.msg.type, reason);
    if (envelope.askId !== undefined) this.#host.asks.settle(envelope.askId, { type: 'unavailable', reason });
  }

  /** Read through a method: the status changes across awaits, which narrowing cannot see. */
  #hasEnded(): boolean {
    return this.#status === 'ended';
  }

  #fields(messageType: string | undefined, extra: LogFields): LogFields {
    return actorLogFields(this.address, this.#snapshot.data.state, messageType, Object.assign({ incarnation: this.activation.incarnation }, extra));
  }
}
