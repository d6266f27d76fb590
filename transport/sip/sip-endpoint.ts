/**
 * Where a SIP message came from or goes to, as the transports and the transaction layer see it.
 *
 * @remarks
 * Connection-oriented transports (TCP, WebSocket) also carry the id of the connection a message
 * arrived on, so that responses go back on it (RFC 3261 §18.2.2, RFC 7118 §5).
 */
export type SipTransportKind = 'udp' | 'tcp' | 'ws';

export interface SipEndpoint {
  readonly transport: SipTransportKind;
  readonly address: string;
  readonly port: number;
  /** Set for TCP and WebSocket: the connection the message arrived on or must leave by. */
  readonly connectionId?: string;
}

/** The port the transaction layer sends through; the transports implement it. */
export interface SipSender {
  /**
   * Sends serialized bytes. Resolves `false` (never throws) when the destination cannot be reached,
   * e.g. a closed connection: RFC 3261 §17.1.4 treats that as a transport error for the transaction.
   */
  send(bytes: Uint8Array, destination: SipEndpoint): Promise<boolean>;
}
