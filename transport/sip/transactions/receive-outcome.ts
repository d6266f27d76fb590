/**
 * What the transaction layer did with a received message.
 *
 * @remarks Returned by `TransactionLayer.receive` so that transports can count and tests can
 * assert the disposition of every message without reaching into the layer.
 */
export type ReceiveOutcome =
  /** A new server transaction was created and its request passed to the TU. */
  | 'transaction.created'
  /** A retransmitted request was absorbed by its server transaction. */
  | 'request.absorbed'
  /** An ACK was absorbed by its INVITE server transaction. */
  | 'ack.matched'
  /** An ACK for a 2xx was passed to the TU. */
  | 'ack.passed'
  /** A response was given to its client transaction. */
  | 'response.matched'
  /** A 2xx to INVITE without client transaction was passed to the TU. */
  | 'stray-success.passed'
  /** A response without client transaction was dropped. */
  | 'stray-response.dropped'
  /** A message without usable top Via (or, for a response, CSeq) was dropped. */
  | 'malformed.dropped'
  /** A request was answered 400 (Bad Request) without a transaction. */
  | 'bad-request.rejected'
  /** A request was answered 503 (Service Unavailable) because the layer is full. */
  | 'overload.rejected';
