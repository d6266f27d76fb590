/**
 * Counters of the transaction layer, readable for metrics.
 *
 * @remarks Plain numbers only, so a snapshot can be sent as it is to a metrics exporter.
 */

/** Live transactions by kind. */
export interface ActiveTransactionCounts {
  readonly inviteClient: number;
  readonly nonInviteClient: number;
  readonly inviteServer: number;
  readonly nonInviteServer: number;
}

/** A point-in-time copy of the layer's counters. */
export interface TransactionCounters {
  readonly active: ActiveTransactionCounts;
  /** Requests and responses sent again: timers A, E, G, ACK re-sends, responses to retransmissions. */
  readonly retransmissionsSent: number;
  /** Retransmitted requests and responses a transaction absorbed. */
  readonly retransmissionsAbsorbed: number;
  /** Responses that matched no client transaction and were dropped (RFC 6026 §7.2). */
  readonly strayResponsesDropped: number;
  /** 2xx to INVITE that matched no client transaction and went to the TU. */
  readonly straySuccessesPassed: number;
  /** ACKs for 2xx passed to the TU. */
  readonly acksPassed: number;
  /** Messages without a usable top Via or CSeq, dropped. */
  readonly malformedDropped: number;
  /** Requests answered 400 by the layer. */
  readonly badRequestsRejected: number;
  /** Requests answered 503 because the layer was at its transaction limit. */
  readonly overloadRejections: number;
  /** Timers B, F and H that ended a transaction. */
  readonly timeouts: number;
  /** Sends the transport reported as failed. */
  readonly transportErrors: number;
}

/** The mutable form the layer updates. */
export type MutableTransactionCounters = {
  -readonly [Name in keyof TransactionCounters]: Name extends 'active'
    ? { -readonly [Kind in keyof ActiveTransactionCounts]: number }
    : number;
};

/** All counters at zero. */
export function createTransactionCounters(): MutableTransactionCounters {
  return {
    active: { inviteClient: 0, nonInviteClient: 0, inviteServer: 0, nonInviteServer: 0 },
    retransmissionsSent: 0,
    retransmissionsAbsorbed: 0,
    strayResponsesDropped: 0,
    straySuccessesPassed: 0,
    acksPassed: 0,
    malformedDropped: 0,
    badRequestsRejected: 0,
    overloadRejections: 0,
    timeouts: 0,
    transportErrors: 0,
  };
}

/** A frozen copy for readers. */
export function copyTransactionCounters(counters: MutableTransactionCounters): TransactionCounters {
  return Object.freeze({ ...counters, active: Object.freeze({ ...counters.active }) });
}

/** The total of live transactions. */
export function liveTransactionCount(counters: MutableTransactionCounters): number {
  const { inviteClient, nonInviteClient, inviteServer, nonInviteServer } = counters.active;
  return inviteClient + nonInviteClient + inviteServer + nonInviteServer;
}
