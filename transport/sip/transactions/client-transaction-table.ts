/**
 * The live client transactions, indexed by branch and method.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-17.1.3
 */
import type { SipRequest, SipResponse } from '../message/index.ts';
import type { SipEndpoint } from '../sip-endpoint.ts';
import { assertNever } from './assert-never.ts';
import { TransactionRunner, type TransactionRunnerPorts } from './transaction-runner.ts';
import { clientTransactionKey, transactionId } from './transaction-keys.ts';
import {
  startClientTransaction,
  transitionClient,
  type ClientEvent,
  type ClientSnapshot,
  type ClientTransaction,
  type ClientTransactionDelegate,
} from './client-transaction.ts';
import {
  activeCounterName,
  sharedRunnerPorts,
  type RunnerOwner,
  type TransactionTableContext,
  type TuEffect,
} from './transaction-table-context.ts';

/**
 * A live client transaction of the table.
 *
 * @remarks It does not hold the TU's handle (nor the request the handle carries): the machine
 * keeps the bytes it re-sends, and the handle reaches this entry, not the other way round.
 */
class ClientEntry implements RunnerOwner {
  readonly id: string;
  readonly key: string;
  readonly runner: TransactionRunner<ClientSnapshot, ClientEvent, ClientEntry>;
  /** The TU, dropped once the transaction has nothing more to tell it. */
  delegate: ClientTransactionDelegate | undefined;

  constructor(
    identity: { readonly id: string; readonly key: string; readonly destination: SipEndpoint },
    initial: ClientSnapshot,
    ports: TransactionRunnerPorts<ClientEntry>,
    delegate: ClientTransactionDelegate,
  ) {
    this.id = identity.id;
    this.key = identity.key;
    this.delegate = delegate;
    this.runner = new TransactionRunner<ClientSnapshot, ClientEvent, ClientEntry>(
      initial,
      transitionClient,
      ports,
      this,
      identity.destination,
    );
  }

  /** The live state. */
  get state(): ClientSnapshot['state'] {
    return this.runner.snapshot.state;
  }

  /** Which of the two client machines runs. */
  get kind(): ClientSnapshot['kind'] {
    return this.runner.snapshot.kind;
  }

  /**
   * Lets go of the TU once nothing can reach it any more.
   *
   * @remarks A "completed" transaction only absorbs retransmitted responses (RFC 3261 §17.1.1.2,
   * §17.1.2.2) and a terminated one does nothing; an "accepted" INVITE transaction still passes
   * further 2xx up (RFC 6026 §8.4), so it keeps its TU.
   */
  releaseDelegateWhenDone(): void {
    if (this.state === 'completed' || this.state === 'terminated') this.delegate = undefined;
  }
}

/** Starts client transactions and routes responses to them. */
export class ClientTransactionTable {
  readonly #context: TransactionTableContext;
  readonly #byKey = new Map<string, ClientEntry>();
  readonly #byHandle = new WeakMap<ClientTransaction, ClientEntry>();
  readonly #ports: TransactionRunnerPorts<ClientEntry>;
  #sequence = 0;

  constructor(context: TransactionTableContext) {
    this.#context = context;
    this.#ports = sharedRunnerPorts<ClientEntry>(context, {
      onTerminated: (entry) => {
        this.#byKey.delete(entry.key);
        this.#context.counters.active[activeCounterName(entry.kind)]--;
      },
      onTuEffect: (entry, effect) => {
        if (entry.delegate !== undefined) this.#deliver(entry.delegate, effect);
      },
    });
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
    const id = transactionId(request.method, branch, ++this.#sequence);
    const entry = new ClientEntry({ id, key, destination }, initial.snapshot, this.#ports, delegate);
    const handle: ClientTransaction = {
      id,
      kind,
      request,
      destination,
      get state() {
        return entry.state;
      },
    };
    counters.active[activeCounterName(kind)]++;
    this.#byKey.set(key, entry);
    this.#byHandle.set(handle, entry);
    entry.runner.start(initial.effects);
    entry.releaseDelegateWhenDone();
    return handle;
  }

  /** Gives a response to the transaction with `key`; false when there is none. */
  deliver(key: string, response: SipResponse): boolean {
    const entry = this.#byKey.get(key);
    if (entry === undefined) return false;
    entry.runner.dispatch({ type: 'response.received', response });
    entry.releaseDelegateWhenDone();
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
