/**
 * The bytes a transaction keeps of a message it may have to send again.
 *
 * @remarks A transaction that re-sends a message (a request on Timer A or E, a final response on
 * Timer G or on a retransmitted request, the ACK of a non-2xx) needs its bytes, not the parsed
 * model: keeping only the bytes lets the request and response objects go as soon as the TU drops
 * them, and re-sends the exact octets sent the first time (RFC 3261 §17.2.1 asks for "the
 * response" to be passed again, §17.1.1.2 for "the ACK" to be re-passed).
 * https://www.rfc-editor.org/rfc/rfc3261#section-17
 */
import type { SipMessage } from '../message/index.ts';
import { serializeMessage } from '../message/index.ts';

/**
 * A serialized SIP message held as a byte string: one character per octet (latin1), so it maps
 * back to the same octets exactly.
 *
 * @remarks A string of N octets costs N bytes plus a 16-byte header on the V8 heap. A Uint8Array
 * of its own costs about 180 bytes of heap (the view and its ArrayBuffer) plus an off-heap block
 * of N bytes and its allocator bookkeeping, and a view on Node's shared pool would pin a whole
 * 8 KB slab for as long as the transaction lives (64·T1). Strings also stay plain data in a
 * snapshot. Converting back is one copy, made only when the message is sent.
 */
export type WireBytes = string & { readonly __brand: 'WireBytes' };

/** Serializes `message` for a transaction to keep; throws, like the serializer, on a malformed one. */
export function encodeMessage(message: SipMessage): WireBytes {
  return serializeMessage(message).toString('latin1') as WireBytes;
}

/** The octets of `bytes`, for the transport. */
export function wireBytesToBuffer(bytes: WireBytes): Uint8Array {
  return Buffer.from(bytes, 'latin1');
}
