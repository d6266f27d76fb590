/**
 * The live server transactions: matching received requests, creating transactions, answering
 * what no transaction can take.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-17.2.3
 * https://www.rfc-editor.org/rfc/rfc3261#section-18.2.1
 */
import type { CSeq, SipRequest, SipResponse, Via } from '../message/index.ts';
import { createResponse, serializeMessage } from '../message/index.ts';
import type { SipEndpoint } from '../sip-endpoint.ts';
import { assertNever } from './assert-never.ts';
import { TransactionRunner, type TransactionRunnerPorts } from './transaction-runner.ts';
import { branchOf, hasMagicCookie, rfc2543AckKey, serverTransactionKey, tagOf } from './transaction-keys.ts';
import {
  startServerTransaction,
  transitionServer,
  type ServerEvent,
  type ServerSnapshot,
  type ServerTransaction,
} from './server-transaction.ts';
import type { TransactionUser } from './transaction-user.ts';
import type { ReceiveOutcome } from './receive-outcome.ts';
import { inspectRequest } from './inbound-request.ts';
import { stampTopVia } from './received-via.ts';
import { responseDestination } from './response-destination.ts';
import { liveTransactionCount } from './transaction-counters.ts';
import { publishDiagnostic } from './transaction-diagnostics.ts';
import { activeCounterName, runnerPorts, type TransactionTableContext, type TuEffect } from './transaction-table-context.ts';

/** What the server table needs beyond the shared context. */
export interface ServerTableContext extends TransactionTableContext {
  readonly transactionUser: TransactionUser;
  readonly maxTransactions: number;
  readonly retryAfterSeconds: number;
  readonly honourMaddr: boolean;
  readonly createTag: () => string;
}

/** The request as received (before `received`/`rport`), which all matching keys come from. */
interface ReceivedRequest {
  readonly request: SipRequest;
  readonly via: Via;
  readonly cseq: CSeq;
}

interface ServerEntry {
  readonly handle: ServerTransaction;
  readonly received: ReceivedRequest;
  readonly key: string;
  readonly ackKey: string | undefined;
  readonly runner: TransactionRunner<ServerSnapshot, ServerEvent>;
}

/** The result of `respond`. */
export type ServerRespondResult =
  | { readonly type: 'sent' }
  | {
      readonly type: 'error';
      readonly code: 'unknown-transaction' | 'transaction-terminated' | 'invalid-status' | 'response-refused';
      readonly detail: string;
    };

/** Matches requests to server transactions and creates new ones. */
export class ServerTransactionTable {
  readonly #context: ServerTableContext;
  readonly #byKey = new Map<string, ServerEntry>();
  readonly #byAckKey = new Map<string, ServerEntry>();
  readonly #byHandle = new WeakMap<ServerTransaction, ServerEntry>();
  #sequence = 0;

  constructor(context: ServerTableContext) {
    this.#context = context;
  }

  /**
   * Takes a received request: to its transaction, to a new transaction and the TU, or answered
   * statelessly.
   *
   * @remarks "Next, the server transport attempts to match the request to a server transaction.
   * ... If a matching server transaction is found, the request is passed to that transaction for
   * processing. If no match is found, the request is passed to the core, which may decide to
   * construct a new server transaction for that request." An ACK is never a new transaction.
   * https://www.rfc-editor.org/rfc/rfc3261#section-18.2.1
   */
  receive(request: SipRequest, source: SipEndpoint): ReceiveOutcome {
    const inspected = inspectRequest(request);
    if (inspected.type === 'unroutable') return this.#dropMalformed(`${request.method}: ${inspected.reason}`);
    const stamped = stampTopVia(request, inspected.via, source);
    const destination = responseDestination(stamped.via, source, { honourMaddr: this.#context.honourMaddr });
    if (inspected.type === 'invalid') {
      if (request.method === 'ACK') return this.#dropMalformed(`ACK: ${inspected.reason}`);
      this.#context.counters.badRequestsRejected++;
      this.#respondStatelessly(stamped.request, destination, 400, { reason: `Bad Request (${inspected.reason})` });
      return 'bad-request.rejected';
    }
    const received: ReceivedRequest = { request, via: inspected.via, cseq: inspected.cseq };
    if (request.method === 'ACK') return this.#receiveAck(received, stamped.request, source);
    const key = serverTransactionKey(request, received.via, received.cseq, request.method);
    const existing = this.#byKey.get(key);
    if (existing !== undefined) {
      existing.runner.dispatch({ type: 'request.retransmitted' });
      return 'request.absorbed';
    }
    if (this.#isFull() && request.method !== 'CANCEL') return this.#rejectForOverload(stamped.request, destination);
    this.#create(received, key, stamped.request, source, destination);
    return 'transaction.created';
  }

  /** Passes a TU response to its transaction. */
  respond(handle: ServerTransaction, response: SipResponse): ServerRespondResult {
    const entry = this.#byHandle.get(handle);
    if (entry === undefined) return { type: 'error', code: 'unknown-transaction', detail: 'not a transaction of this layer' };
    if (entry.runner.snapshot.state === 'terminated') {
      return { type: 'error', code: 'transaction-terminated', detail: `${handle.id} is terminated` };
    }
    if (!Number.isInteger(response.status) || response.status < 100 || response.status > 699) {
      return { type: 'error', code: 'invalid-status', detail: `status ${String(response.status)}` };
    }
    const effects = entry.runner.dispatch({ type: 'tu.responded', response });
    const refused = effects.find((effect) => effect.type === 'log.rejected');
    if (refused !== undefined) return { type: 'error', code: 'response-refused', detail: refused.reason };
    return { type: 'sent' };
  }

  /**
   * The INVITE transaction a CANCEL transaction cancels.
   *
   * @remarks "The TU determines the transaction to be cancelled by taking the CANCEL request, and
   * then assuming that the request method is anything but CANCEL or ACK and applying the
   * transaction matching procedures of Section 17.2.3." https://www.rfc-editor.org/rfc/rfc3261#section-9.2
   */
  findCancelledInvite(cancel: ServerTransaction): ServerTransaction | undefined {
    const entry = this.#byHandle.get(cancel);
    if (entry === undefined || entry.received.request.method !== 'CANCEL') return undefined;
    const { request, via, cseq } = entry.received;
    const target = this.#byKey.get(serverTransactionKey(request, via, cseq, 'INVITE'));
    return target?.handle.kind === 'invite-server' ? target.handle : undefined;
  }

  /** Ends a transaction without telling the TU. */
  abandon(handle: ServerTransaction): void {
    this.#byHandle.get(handle)?.runner.dispatch({ type: 'tu.abandoned' });
  }

  /** Ends every transaction. */
  abandonAll(): void {
    for (const entry of [...this.#byKey.values()]) entry.runner.dispatch({ type: 'tu.abandoned' });
  }

  /** Live server transactions. */
  get size(): number {
    return this.#byKey.size;
  }

  #create(received: ReceivedRequest, key: string, request: SipRequest, source: SipEndpoint, destination: SipEndpoint): void {
    const { timerConfig, counters } = this.#context;
    const initial = startServerTransaction(request, { reliable: source.transport !== 'udp', timerConfig });
    const kind = initial.snapshot.kind;
    const branch = branchOf(received.via);
    const id = `${request.method} ${branch ?? '(rfc2543)'} #${String(++this.#sequence)}`;
    let runner: TransactionRunner<ServerSnapshot, ServerEvent> | undefined;
    const handle: ServerTransaction = {
      id,
      kind,
      request,
      source,
      responseDestination: destination,
      get state() {
        return runner?.snapshot.state ?? initial.snapshot.state;
      },
    };
    const usesRfc2543Ack = kind === 'invite-server' && !hasMagicCookie(branch);
    const ackKey = usesRfc2543Ack ? rfc2543AckKey(received.request, received.via, received.cseq) : undefined;
    counters.active[activeCounterName(kind)]++;
    const ports = this.#portsFor(handle, key, ackKey);
    const created = new TransactionRunner<ServerSnapshot, ServerEvent>(initial, transitionServer, ports);
    runner = created;
    const entry: ServerEntry = { handle, received, key, ackKey, runner: created };
    this.#byKey.set(key, entry);
    if (ackKey !== undefined) this.#byAckKey.set(ackKey, entry);
    this.#byHandle.set(handle, entry);
    this.#context.transactionUser.onRequest(handle);
    this.#sendTryingUnlessAnswered(entry);
  }

  #portsFor(handle: ServerTransaction, key: string, ackKey: string | undefined): TransactionRunnerPorts {
    return runnerPorts(this.#context, {
      transactionId: handle.id,
      destination: handle.responseDestination,
      state: () => handle.state,
      onTerminated: () => {
        this.#unregister(key, ackKey);
        this.#context.counters.active[activeCounterName(handle.kind)]--;
      },
      onTuEffect: (effect) => {
        this.#deliver(handle, effect);
      },
    });
  }

  /**
   * "The server transaction MUST generate a 100 (Trying) response unless it knows that the TU will
   * generate a provisional or final response within 200 ms". The TU had its chance in `onRequest`;
   * when it answered nothing there, 100 goes out at once, without a To tag (§17.2.1 downgrades the
   * tag to SHOULD NOT). https://www.rfc-editor.org/rfc/rfc3261#section-17.2.1
   */
  #sendTryingUnlessAnswered(entry: ServerEntry): void {
    const snapshot = entry.runner.snapshot;
    if (snapshot.kind !== 'invite-server' || snapshot.state !== 'proceeding' || snapshot.lastProvisional !== undefined) return;
    entry.runner.dispatch({ type: 'tu.responded', response: createResponse(entry.handle.request, 100) });
  }

  #receiveAck(received: ReceivedRequest, request: SipRequest, source: SipEndpoint): ReceiveOutcome {
    const entry = this.#matchAck(received);
    if (entry !== undefined) {
      const effects = entry.runner.dispatch({ type: 'ack.received', request, source });
      return effects.some((effect) => effect.type === 'tu.passAck') ? 'ack.passed' : 'ack.matched';
    }
    // "when the ACK arrives, there will be no matching server transaction, and based on this rule,
    // the ACK is passed to the UAS core, where it is processed."
    // https://www.rfc-editor.org/rfc/rfc3261#section-18.2.1
    this.#context.counters.acksPassed++;
    this.#context.transactionUser.onAck(request, source);
    return 'ack.passed';
  }

  /** The INVITE transaction an ACK belongs to (§17.2.3), with the RFC 2543 To-tag check. */
  #matchAck(received: ReceivedRequest): ServerEntry | undefined {
    const { request, via, cseq } = received;
    if (hasMagicCookie(branchOf(via))) {
      const entry = this.#byKey.get(serverTransactionKey(request, via, cseq, 'INVITE'));
      return entry?.handle.kind === 'invite-server' ? entry : undefined;
    }
    const entry = this.#byAckKey.get(rfc2543AckKey(request, via, cseq));
    const snapshot = entry?.runner.snapshot;
    if (snapshot?.kind !== 'invite-server' || snapshot.finalResponse === undefined) return undefined;
    return tagOf(snapshot.finalResponse, 'to') === tagOf(request, 'to') ? entry : undefined;
  }

  #deliver(handle: ServerTransaction, effect: TuEffect): void {
    const { counters, transactionUser } = this.#context;
    switch (effect.type) {
      case 'tu.passAck':
        counters.acksPassed++;
        transactionUser.onAck(effect.request, effect.source);
        return;
      case 'tu.reportTimeout':
        counters.timeouts++;
        transactionUser.onServerTransactionFailed?.(handle, 'timeout');
        return;
      case 'tu.reportTransportError':
        transactionUser.onServerTransactionFailed?.(handle, 'transport-error');
        return;
      case 'tu.passProvisional':
      case 'tu.passFinal':
      case 'tu.passAdditionalSuccess':
        return;
      default:
        assertNever(effect);
    }
  }

  #isFull(): boolean {
    return liveTransactionCount(this.#context.counters) >= this.#context.maxTransactions;
  }

  /**
   * Refuses a new request while the layer holds its maximum of transactions.
   *
   * @remarks "The server is temporarily unable to process the request due to a temporary
   * overloading or maintenance of the server. The server MAY indicate when the client should retry
   * the request in a Retry-After header field." CANCEL is exempt: it ends a transaction.
   * https://www.rfc-editor.org/rfc/rfc3261#section-21.5.4
   */
  #rejectForOverload(request: SipRequest, destination: SipEndpoint): ReceiveOutcome {
    this.#context.counters.overloadRejections++;
    const retryAfter = [String(this.#context.retryAfterSeconds)];
    this.#respondStatelessly(request, destination, 503, { headers: { 'retry-after': retryAfter } });
    return 'overload.rejected';
  }

  #respondStatelessly(
    request: SipRequest,
    destination: SipEndpoint,
    status: number,
    options: { readonly reason?: string; readonly headers?: Readonly<Record<string, readonly string[]>> },
  ): void {
    const response = createResponse(request, status, { ...options, toTag: this.#context.createTag() });
    publishDiagnostic({ type: 'request.rejected', status, reason: response.reason });
    this.#context.sender.send(serializeMessage(response), destination).catch((error: unknown) => {
      publishDiagnostic({ type: 'message.dropped', reason: `stateless ${String(status)} not sent: ${String(error)}` });
    });
  }

  #dropMalformed(reason: string): ReceiveOutcome {
    this.#context.counters.malformedDropped++;
    publishDiagnostic({ type: 'message.dropped', reason });
    return 'malformed.dropped';
  }

  #unregister(key: string, ackKey: string | undefined): void {
    this.#byKey.delete(key);
    if (ackKey !== undefined) this.#byAckKey.delete(ackKey);
  }
}
