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
import type { TransactionRunnerPorts } from './transaction-runner.ts';
import { branchOf, hasMagicCookie, rfc2543AckKey, serverTransactionKey, tagOf, transactionId } from './transaction-keys.ts';
import { startServerTransaction, type ServerTransaction } from './server-transaction.ts';
import { ServerEntry } from './server-transaction-entry.ts';
import type { TransactionUser } from './transaction-user.ts';
import type { ReceiveOutcome } from './receive-outcome.ts';
import { inspectRequest } from './inbound-request.ts';
import { stampTopVia } from './received-via.ts';
import { responseDestination } from './response-destination.ts';
import { liveTransactionCount } from './transaction-counters.ts';
import { publishDiagnostic } from './transaction-diagnostics.ts';
import { activeCounterName, sharedRunnerPorts, type TransactionTableContext, type TuEffect } from './transaction-table-context.ts';

/** What the server table needs beyond the shared context. */
export interface ServerTableContext extends TransactionTableContext {
  readonly transactionUser: TransactionUser;
  readonly maxTransactions: number;
  readonly retryAfterSeconds: number;
  readonly honourMaddr: boolean;
  /** Whether requests from `source` get responses at their source port even without `rport` (a peer behind NAT). */
  readonly forceRport: (source: SipEndpoint) => boolean;
  readonly createTag: () => string;
}

/** The request as received (before `received`/`rport`), which all matching keys come from. */
interface ReceivedRequest {
  readonly request: SipRequest;
  readonly via: Via;
  readonly cseq: CSeq;
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
  readonly #ports: TransactionRunnerPorts<ServerEntry>;
  #sequence = 0;

  constructor(context: ServerTableContext) {
    this.#context = context;
    this.#ports = sharedRunnerPorts<ServerEntry>(context, {
      onTerminated: (entry) => {
        this.#unregister(entry);
      },
      onTuEffect: (entry, effect) => {
        this.#deliver(entry, effect);
      },
    });
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
    const stamped = stampTopVia(request, inspected.via, source, this.#context.forceRport(source));
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
    if (entry.state === 'terminated') {
      return { type: 'error', code: 'transaction-terminated', detail: `${handle.id} is terminated` };
    }
    if (!Number.isInteger(response.status) || response.status < 100 || response.status > 699) {
      return { type: 'error', code: 'invalid-status', detail: `status ${String(response.status)}` };
    }
    const effects = entry.runner.dispatch({ type: 'tu.responded', response });
    const refused = effects.find((effect) => effect.type === 'log.rejected');
    if (refused !== undefined) return { type: 'error', code: 'response-refused', detail: refused.reason };
    if (response.status >= 200) this.#onFinalResponseSent(entry, response);
    return { type: 'sent' };
  }

  /**
   * Keeps what matching still needs once a final response went out, and lets go of the rest.
   *
   * @remarks An RFC 2543 ACK is matched to its INVITE transaction by "the To tag of the response
   * sent by the server transaction" (RFC 3261 §17.2.3), so that tag is kept. A non-INVITE
   * transaction then holds its handle (and with it the request) only weakly: it has nothing
   * left to give the TU but a failed retransmission, and the request of a registrar's REGISTER
   * is most of what 64·T1 of them would cost. An INVITE transaction keeps its handle, which a
   * CANCEL still finds (§9.2: a CANCEL for an answered INVITE gets 200, not 481).
   * https://www.rfc-editor.org/rfc/rfc3261#section-17.2.3
   */
  #onFinalResponseSent(entry: ServerEntry, response: SipResponse): void {
    if (entry.ackKey !== undefined) entry.finalToTag = tagOf(response, 'to');
    if (entry.kind === 'non-invite-server') entry.holdHandleWeakly();
  }

  /**
   * The INVITE transaction a CANCEL transaction cancels.
   *
   * @remarks "The TU determines the transaction to be cancelled by taking the CANCEL request, and
   * then assuming that the request method is anything but CANCEL or ACK and applying the
   * transaction matching procedures of Section 17.2.3." https://www.rfc-editor.org/rfc/rfc3261#section-9.2
   */
  findCancelledInvite(cancel: ServerTransaction): ServerTransaction | undefined {
    const cancelledKey = this.#byHandle.get(cancel)?.cancelledKey;
    const target = cancelledKey === undefined ? undefined : this.#byKey.get(cancelledKey);
    return target?.kind === 'invite-server' ? target.handle : undefined;
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
    const usesRfc2543Ack = kind === 'invite-server' && !hasMagicCookie(branch);
    const entry = new ServerEntry(initial.snapshot, this.#ports, destination, {
      id: transactionId(request.method, branch, ++this.#sequence),
      key,
      ackKey: usesRfc2543Ack ? rfc2543AckKey(received.request, received.via, received.cseq) : undefined,
      cancelledKey:
        request.method === 'CANCEL' ? serverTransactionKey(received.request, received.via, received.cseq, 'INVITE') : undefined,
    });
    const handle = entry.createHandle(request, source);
    counters.active[activeCounterName(kind)]++;
    this.#byKey.set(key, entry);
    if (entry.ackKey !== undefined) this.#byAckKey.set(entry.ackKey, entry);
    this.#byHandle.set(handle, entry);
    entry.runner.start(initial.effects);
    this.#context.transactionUser.onRequest(handle);
    this.#sendTryingUnlessAnswered(entry, handle);
  }

  /**
   * "The server transaction MUST generate a 100 (Trying) response unless it knows that the TU will
   * generate a provisional or final response within 200 ms". The TU had its chance in `onRequest`;
   * when it answered nothing there, 100 goes out at once, without a To tag (§17.2.1 downgrades the
   * tag to SHOULD NOT). https://www.rfc-editor.org/rfc/rfc3261#section-17.2.1
   */
  #sendTryingUnlessAnswered(entry: ServerEntry, handle: ServerTransaction): void {
    const snapshot = entry.runner.snapshot;
    if (snapshot.kind !== 'invite-server' || snapshot.state !== 'proceeding' || snapshot.lastProvisional !== undefined) return;
    entry.runner.dispatch({ type: 'tu.responded', response: createResponse(handle.request, 100) });
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
      return entry?.kind === 'invite-server' ? entry : undefined;
    }
    const entry = this.#byAckKey.get(rfc2543AckKey(request, via, cseq));
    if (entry?.finalToTag === undefined) return undefined;
    return entry.finalToTag === tagOf(request, 'to') ? entry : undefined;
  }

  #deliver(entry: ServerEntry, effect: TuEffect): void {
    const { counters, transactionUser } = this.#context;
    const handle = entry.handle;
    switch (effect.type) {
      case 'tu.passAck':
        counters.acksPassed++;
        transactionUser.onAck(effect.request, effect.source);
        return;
      case 'tu.reportTimeout':
        counters.timeouts++;
        if (handle === undefined) this.#reportToNobody(entry, 'timeout');
        else transactionUser.onServerTransactionFailed?.(handle, 'timeout');
        return;
      case 'tu.reportTransportError':
        if (handle === undefined) this.#reportToNobody(entry, 'transport error');
        else transactionUser.onServerTransactionFailed?.(handle, 'transport-error');
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

  /** A failure of a transaction whose handle the TU has let go of: only a diagnostic is left. */
  #reportToNobody(entry: ServerEntry, failure: string): void {
    const reason = `${failure} after the TU let go of the transaction`;
    publishDiagnostic({ type: 'transaction.ignored', transactionId: entry.id, state: entry.state, reason });
  }

  #unregister(entry: ServerEntry): void {
    this.#byKey.delete(entry.key);
    if (entry.ackKey !== undefined) this.#byAckKey.delete(entry.ackKey);
    this.#context.counters.active[activeCounterName(entry.kind)]--;
  }
}
