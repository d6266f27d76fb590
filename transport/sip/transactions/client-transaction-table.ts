/**
 * The live client transactions, indexed by branch and method.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-17.1.3
 */
import type { SipRequest, SipResponse } from '../message/index.ts';
import type { SipEndpoint } from '../sip-endpoint.ts';
import { assertNever } from './assert-never.ts';
import { TransactionRunner, type TransactionRunnerPorts } from './transaction-runner.ts';
import { clientTransactionKey } from './transaction-keys.ts';
import {
  startClientTransaction,
  transitionClient,
  type ClientEvent,
  type ClientSnapshot,
  type ClientTransaction,
  type ClientTransactionDelegate,
} from './client-transaction.ts';
import { activeCounterName, runnerPorts, type TransactionTableContext, type TuEffect } from './transaction-table-context.ts';

interface ClientEntry {
  readonly key: string;
  readonly runner: TransactionRunner<ClientSnapshot, ClientEvent>;
}

/** Starts client transactions and routes responses to them. */
export class ClientTransactionTable {
  readonly #context: TransactionTableContext;
  readonly #byKey = new Map<string, ClientEntry>();
  readonly #byHandle = new WeakMap<ClientTransaction, ClientEntry>();
  #sequence = 0;

  constructor(context: TransactionTableContext) {
    this.#context = context;
  }

  /**
   * Creates and starts a client transaction; undefined when one with the same branch and method is
   * live (its responses could not be told apart).
   */
  start(
    request: SipRequest,
    branch: string,
    destination: SipEndpoint,
    delegate: ClientTransactionDelegate,
  ): ClientTransaction | undefined {
    const key = clientTransactionKey(branch, request.method);
    if (this.#byKey.has(key)) return undefined;
    const { clock, timerConfig, counters } = this.#context;
    const reliable = destination.transport !== 'udp';
    const initial = startClientTransaction(request, { reliable, timerConfig }, { now: clock.now() });
    const kind = initial.snapshot.kind;
    const id = `${request.method} ${branch} #${String(++this.#sequence)}`;
    let runner: TransactionRunner<ClientSnapshot, ClientEvent> | undefined;
    const handle: ClientTransaction = {
      id,
      kind,
      request,
      destination,
      get state() {
        return runner?.snapshot.state ?? initial.snapshot.state;
      },
    };
    counters.active[activeCounterName(kind)]++;
    const ports = this.#portsFor(handle, key, delegate);
    const created = new TransactionRunner<ClientSnapshot, ClientEvent>(initial, transitionClient, ports);
    runner = created;
    const entry: ClientEntry = { key, runner: created };
    this.#byKey.set(key, entry);
    this.#byHandle.set(handle, entry);
    return handle;
  }

  /** Gives a response to the transaction with `key`; false when there is none. */
  deliver(key: string, response: SipResponse): boolean {
    const entry = this.#byKey.get(key);
    if (entry === undefined) return false;
    entry.runner.dispatch({ type: 'response.received', response });
    return true;
  }

  /** Ends a transaction without telling its TU. */
  abandon(handle: ClientTransaction): void {
    this.#byHandle.get(handle)?.runner.dispatch({ type: 'tu.abandoned' });
  }

  /** Ends every transaction. */
  abandonAll(): void {
    for (const entry of [...this.#byKey.values()]) entry.runner.dispatch({ type: 'tu.abandoned' });
  }

  /** Live client transactions. */
  get size(): number {
    return this.#byKey.size;
  }

  /** Clock timers held by live client transactions (for tests and leak checks). */
  get armedTimerCount(): number {
    let total = 0;
    for (const entry of this.#byKey.values()) total += entry.runner.armedTimerCount;
    return total;
  }

  #portsFor(handle: ClientTransaction, key: string, delegate: ClientTransactionDelegate): TransactionRunnerPorts {
    return runnerPorts(this.#context, {
      transactionId: handle.id,
      destination: handle.destination,
      state: () => handle.state,
      onTerminated: () => {
        this.#byKey.delete(key);
        this.#context.counters.active[activeCounterName(handle.kind)]--;
      },
      onTuEffect: (effect) => {
        this.#deliver(delegate, effect);
      },
    });
  }

  #deliver(delegate: ClientTransactionDelegate, effect: TuEffect): void {
    switch (effect.type) {
      case 'tu.passProvisional':
        delegate.onProvisional?.(effect.response);
        return;
      case 'tu.passFinal':
        delegate.onFinal(effect.response);
        return;
      case 'tu.passAdditionalSuccess':
        delegate.onAdditionalSuccess?.(effect.response);
        return;
      case 'tu.reportTimeout':
        this.#context.counters.timeouts++;
        delegate.onTimeout();
        return;
      case 'tu.reportTransportError':
        delegate.onTransportError();
        return;
      case 'tu.passAck':
        return;
      default:
        assertNever(effect);
    }
  }
}
