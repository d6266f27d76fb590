/**
 * The upward interface of the transaction layer: what it tells the transaction user (the UA core).
 *
 * @remarks The layer owns this interface and the TU implements it, so the layer never imports the
 * core (the SIP.js `TransactionUser` arrangement). https://www.rfc-editor.org/rfc/rfc3261#section-17
 */
import type { SipRequest, SipResponse } from '../message/index.ts';
import type { SipEndpoint } from '../sip-endpoint.ts';
import type { ServerTransaction } from './server-transaction.ts';

/** Why a server transaction failed. */
export type ServerTransactionFailure = 'timeout' | 'transport-error';

/** The server-side TU and the receiver of messages that belong to no transaction. */
export interface TransactionUser {
  /**
   * A request that opened a new server transaction (never an ACK). Answer it with
   * `TransactionLayer.respond`; for an INVITE the layer sends 100 (Trying) itself when this
   * returns without a response.
   */
  onRequest(transaction: ServerTransaction): void;
  /**
   * An ACK that no transaction absorbed: the ACK for a 2xx, which the UA core matches to its
   * dialog (RFC 3261 §13.3.1.4; RFC 6026 §7.1 for one that matched an "Accepted" transaction).
   */
  onAck(request: SipRequest, source: SipEndpoint): void;
  /**
   * A 2xx to an INVITE that matched no client transaction (it came after Timer M): the UA core
   * re-sends its ACK or hangs up (RFC 3261 §13.2.2.4).
   */
  onStraySuccess(response: SipResponse, source: SipEndpoint): void;
  /**
   * Timer H fired (no ACK for a non-2xx final response) or a response could not be sent.
   *
   * @remarks Once a non-INVITE transaction has sent its final response, the layer holds its
   * handle (and the request) only weakly, so that tens of thousands of answered transactions
   * waiting out Timer J cost little: a later failure reaches the TU only if the TU still holds
   * the handle, and is otherwise published as a diagnostic. INVITE transactions keep theirs.
   * https://www.rfc-editor.org/rfc/rfc3261#section-17.2.1
   * https://www.rfc-editor.org/rfc/rfc6026#section-8.8
   */
  onServerTransactionFailed?(transaction: ServerTransaction, failure: ServerTransactionFailure): void;
}
