/**
 * The transaction layer: the object the transports feed with received messages and the UA core
 * sends requests and responses through.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-17
 * https://www.rfc-editor.org/rfc/rfc6026
 */
import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import type { SipMessage, SipRequest, SipResponse } from '../message/index.ts';
import { getHeader, parseCSeq, serializeMessage, topVia } from '../message/index.ts';
import type { SipEndpoint, SipSender } from '../sip-endpoint.ts';
import type { SipClock } from './sip-clock.ts';
import { resolveSipTimerConfig, type SipTimerConfig } from './timer-values.ts';
import { createBranch, createTag, type RandomBytes } from './branch.ts';
import { branchOf, clientTransactionKey, hasMagicCookie } from './transaction-keys.ts';
import type { ClientTransaction, ClientTransactionDelegate } from './client-transaction.ts';
import type { ServerTransaction } from './server-transaction.ts';
import type { TransactionUser } from './transaction-user.ts';
import { copyTransactionCounters, createTransactionCounters, type TransactionCounters } from './transaction-counters.ts';
import { ClientTransactionTable } from './client-transaction-table.ts';
import { ServerTransactionTable, type ServerRespondResult } from './server-transaction-table.ts';
import type { ReceiveOutcome } from './receive-outcome.ts';
import { publishDiagnostic } from './transaction-diagnostics.ts';

export type { ReceiveOutcome } from './receive-outcome.ts';

/** How a transaction layer is built. */
export interface TransactionLayerOptions {
  readonly sender: SipSender;
  readonly clock: SipClock;
  readonly transactionUser: TransactionUser;
  /** T1, T2, T4; the RFC defaults when omitted. */
  readonly timers?: Partial<SipTimerConfig>;
  /**
   * Live transactions (all kinds) past which new requests are answered 503. Default
   * {@link DEFAULT_MAX_TRANSACTIONS} (100 000).
   */
  readonly maxTransactions?: number;
  /** The Retry-After of those 503 responses, in seconds. Default 5. */
  readonly retryAfterSeconds?: number;
  /** Source of branches and tags; `crypto.randomBytes` by default. */
  readonly randomBytes?: RandomBytes;
  /** Honour a Via `maddr` for UDP responses (RFC 3261 §18.2.2). Default false. */
  readonly honourMaddr?: boolean;
  /** Whether requests from a source get responses at their source port even without `rport`; never by default. */
  readonly forceRport?: (source: SipEndpoint) => boolean;
}

/**
 * The default cap on live transactions: about 200 MB of answered transactions.
 *
 * @remarks Most live transactions of a busy node are answered ones waiting out Timer J (64·T1 =
 * 32 s over UDP, RFC 3261 §17.2.2): a registrar taking 1 000 REGISTER/s (a 401 challenge and the
 * authenticated retry, 2 000 transactions/s) holds about 64 000 of them. Once answered, a
 * non-INVITE server transaction whose TU let go of its handle keeps its keys, its deadline and
 * the bytes of its final response: about 1.1 KB plus the response, 1.45 KB in all for a 200 to
 * REGISTER. 100 000 of them stay near 150 MB, and near 200 MB with responses of about 1 KB
 * (challenges, several Contacts). An INVITE server transaction costs more (its handle, and the
 * INVITE, stay for a CANCEL to find), so raise the cap with the memory the node can give.
 * https://www.rfc-editor.org/rfc/rfc3261#section-17.2.2
 */
export const DEFAULT_MAX_TRANSACTIONS = 100_000;

/** Why `sendRequest` refused a request. */
export type SendRequestErrorCode =
  | 'ack-has-no-transaction'
  | 'missing-branch'
  | 'invalid-cseq'
  | 'duplicate-transaction';

/** The result of `sendRequest`. */
export type SendRequestResult =
  | { readonly type: 'started'; readonly transaction: ClientTransaction }
  | { readonly type: 'error'; readonly code: SendRequestErrorCode; readonly detail: string };

/** The result of `respond`. */
export type RespondResult = ServerRespondResult;

/** The transaction layer. */
export interface TransactionLayer {
  /** Feeds a message a transport received. */
  receive(message: SipMessage, source: SipEndpoint): ReceiveOutcome;
  /**
   * Starts a client transaction for `request` (any method but ACK), whose top Via carries a branch
   * with the magic cookie (see {@link TransactionLayer.createBranch}).
   */
  sendRequest(request: SipRequest, destination: SipEndpoint, delegate: ClientTransactionDelegate): SendRequestResult;
  /** Passes the TU's response to a server transaction. */
  respond(transaction: ServerTransaction, response: SipResponse): RespondResult;
  /** Sends a message outside any transaction: the ACK for a 2xx, a 2xx re-sent after Timer L. */
  sendWithoutTransaction(message: SipMessage, destination: SipEndpoint): Promise<boolean>;
  /**
   * The INVITE server transaction a CANCEL's transaction refers to, if still live.
   * https://www.rfc-editor.org/rfc/rfc3261#section-9.2
   */
  findCancelledInvite(cancel: ServerTransaction): ServerTransaction | undefined;
  /** Ends a transaction without telling the TU (e.g. an INVITE whose CANCEL got no answer, §9.1). */
  abandon(transaction: ClientTransaction | ServerTransaction): void;
  /** A new branch parameter for a request's top Via. */
  createBranch(): string;
  counters(): TransactionCounters;
  /** Abandons every transaction and disarms every timer. */
  close(): void;
}

/**
 * Builds a transaction layer.
 *
 * @throws RangeError when the timer configuration or limits are not usable (a configuration bug).
 */
export function createTransactionLayer(options: TransactionLayerOptions): TransactionLayer {
  const resolved = resolveSipTimerConfig(options.timers);
  if (resolved.type === 'error') throw new RangeError(resolved.detail);
  const maxTransactions = options.maxTransactions ?? DEFAULT_MAX_TRANSACTIONS;
  const retryAfterSeconds = options.retryAfterSeconds ?? 5;
  if (!Number.isInteger(maxTransactions) || maxTransactions < 1) {
    throw new RangeError('maxTransactions must be a positive integer');
  }
  if (!Number.isInteger(retryAfterSeconds) || retryAfterSeconds < 0) {
    throw new RangeError('retryAfterSeconds must be a non-negative integer');
  }
  return new SipTransactionLayer(options, resolved.config, maxTransactions, retryAfterSeconds);
}

class SipTransactionLayer implements TransactionLayer {
  readonly #sender: SipSender;
  readonly #randomBytes: RandomBytes;
  readonly #counters = createTransactionCounters();
  readonly #clients: ClientTransactionTable;
  readonly #servers: ServerTransactionTable;
  readonly #transactionUser: TransactionUser;

  constructor(options: TransactionLayerOptions, timerConfig: SipTimerConfig, maxTransactions: number, retryAfterSeconds: number) {
    this.#sender = options.sender;
    this.#transactionUser = options.transactionUser;
    this.#randomBytes = options.randomBytes ?? ((size) => cryptoRandomBytes(size));
    const shared = { clock: options.clock, sender: options.sender, timerConfig, counters: this.#counters };
    this.#clients = new ClientTransactionTable(shared);
    this.#servers = new ServerTransactionTable({
      ...shared,
      transactionUser: options.transactionUser,
      maxTransactions,
      retryAfterSeconds,
      honourMaddr: options.honourMaddr ?? false,
      forceRport: options.forceRport ?? (() => false),
      createTag: () => createTag(this.#randomBytes),
    });
  }

  receive(message: SipMessage, source: SipEndpoint): ReceiveOutcome {
    return message.type === 'request' ? this.#servers.receive(message, source) : this.#receiveResponse(message, source);
  }

  /**
   * Matches a response to its client transaction.
   *
   * @remarks "If there is a match, the response MUST be passed to that transaction." Without one,
   * RFC 6026 §7.2 has a UA drop the response: "Any response received that does not match an
   * existing client transaction state machine is simply dropped." A 2xx to INVITE still goes to
   * the UA core, which alone can stop the UAS re-sending it by ACKing it (RFC 3261 §13.2.2.4).
   * https://www.rfc-editor.org/rfc/rfc3261#section-18.1.2
   */
  #receiveResponse(response: SipResponse, source: SipEndpoint): ReceiveOutcome {
    const via = topVia(response);
    const branch = via === undefined ? undefined : branchOf(via);
    const cseq = parseCSeq(getHeader(response, 'cseq') ?? '');
    if (branch === undefined || cseq === undefined) {
      this.#counters.malformedDropped++;
      publishDiagnostic({ type: 'message.dropped', reason: 'response without branch or CSeq' });
      return 'malformed.dropped';
    }
    if (this.#clients.deliver(clientTransactionKey(branch, cseq.method), response)) return 'response.matched';
    if (cseq.method === 'INVITE' && response.status >= 200 && response.status <= 299) {
      this.#counters.straySuccessesPassed++;
      this.#transactionUser.onStraySuccess(response, source);
      return 'stray-success.passed';
    }
    this.#counters.strayResponsesDropped++;
    publishDiagnostic({ type: 'message.dropped', reason: `stray ${String(response.status)} ${cseq.method}` });
    return 'stray-response.dropped';
  }

  sendRequest(request: SipRequest, destination: SipEndpoint, delegate: ClientTransactionDelegate): SendRequestResult {
    if (request.method === 'ACK') {
      // "There is no client transaction for ACK. If the TU wishes to send an ACK, it passes one
      // directly to the transport layer for transmission." https://www.rfc-editor.org/rfc/rfc3261#section-17.1
      return { type: 'error', code: 'ack-has-no-transaction', detail: 'send ACK with sendWithoutTransaction' };
    }
    const via = topVia(request);
    const branch = via === undefined ? undefined : branchOf(via);
    if (!hasMagicCookie(branch)) {
      return { type: 'error', code: 'missing-branch', detail: 'the top Via needs a branch starting with z9hG4bK' };
    }
    const cseq = parseCSeq(getHeader(request, 'cseq') ?? '');
    if (cseq === undefined || cseq.method !== request.method) {
      return { type: 'error', code: 'invalid-cseq', detail: 'CSeq must parse and name the request method' };
    }
    const transaction = this.#clients.start(request, branch, destination, delegate);
    if (transaction === undefined) {
      return { type: 'error', code: 'duplicate-transaction', detail: `branch ${branch} already in use for ${request.method}` };
    }
    return { type: 'started', transaction };
  }

  respond(transaction: ServerTransaction, response: SipResponse): RespondResult {
    return this.#servers.respond(transaction, response);
  }

  sendWithoutTransaction(message: SipMessage, destination: SipEndpoint): Promise<boolean> {
    return this.#sender.send(serializeMessage(message), destination);
  }

  findCancelledInvite(cancel: ServerTransaction): ServerTransaction | undefined {
    return this.#servers.findCancelledInvite(cancel);
  }

  abandon(transaction: ClientTransaction | ServerTransaction): void {
    if (isClientTransaction(transaction)) this.#clients.abandon(transaction);
    else this.#servers.abandon(transaction);
  }

  createBranch(): string {
    return createBranch(this.#randomBytes);
  }

  counters(): TransactionCounters {
    return copyTransactionCounters(this.#counters);
  }

  close(): void {
    this.#clients.abandonAll();
    this.#servers.abandonAll();
  }
}


function isClientTransaction(transaction: ClientTransaction | ServerTransaction): transaction is ClientTransaction {
  return transaction.kind === 'invite-client' || transaction.kind === 'non-invite-client';
}
