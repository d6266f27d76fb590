import { createHmac, timingSafeEqual } from 'node:crypto';

const TIMESTAMP_BYTES = 8;
const RANDOM_BYTES = 12;
const MAC_BYTES = 16;
const NONCE_BYTES = TIMESTAMP_BYTES + RANDOM_BYTES + MAC_BYTES;

/** What opening a nonce tells: ours (and when we issued it) or not ours. */
export type NonceOpening =
  | { readonly type: 'ours'; readonly issuedAtMs: number }
  | { readonly type: 'foreign' };

/** Issues and opens stateless nonces for one realm. */
export interface NonceCodec {
  /** A fresh nonce stamped with `nowMs`, unpredictable thanks to `randomBytes`. */
  issue(nowMs: number): string;
  /** Checks the MAC of a nonce and returns its issue time; never throws on hostile input. */
  open(nonce: string): NonceOpening;
  /** The `opaque` directive for this realm: constant, bound to the secret. */
  readonly opaque: string;
}

/** Inputs of {@link createNonceCodec}. */
export interface NonceCodecOptions {
  readonly realm: string;
  /** The HMAC key; share it between the nodes of a cluster so any node accepts any node's nonce. */
  readonly secret: Uint8Array;
  readonly random: (byteCount: number) => Uint8Array;
}

/**
 * Creates the codec of stateless nonces: base64url(timestamp ‖ random ‖ HMAC-SHA-256(secret,
 * realm ‖ timestamp ‖ random) truncated to 128 bits).
 *
 * @remarks
 * RFC 7616 suggests a nonce of the form `time-stamp H(time-stamp ":" ETag ":" secret-data)` so the
 * server can check it without storing it; the HMAC makes the nonce unforgeable and ties it to the
 * realm, the timestamp lets the server answer `stale=true` once it is too old, and the random part
 * keeps two nonces of the same millisecond distinct. Truncating HMAC-SHA-256 to 128 bits keeps the
 * nonce at 48 characters (long nonces overflow the buffers of some desk phones) and stays within
 * RFC 2104 §5 (at least half the output and at least 80 bits). The encoding uses only characters
 * that need no escaping inside a quoted-string.
 * https://www.rfc-editor.org/rfc/rfc7616#section-3.3
 * https://www.rfc-editor.org/rfc/rfc2104#section-5
 */
export function createNonceCodec(options: NonceCodecOptions): NonceCodec {
  const { realm, secret, random } = options;
  const mac = (timestampAndRandom: Uint8Array): Buffer =>
    createHmac('sha256', secret)
      .update(Buffer.from(`nonce\0${realm}\0`, 'utf8'))
      .update(timestampAndRandom)
      .digest()
      .subarray(0, MAC_BYTES);
  return {
    opaque: createHmac('sha256', secret)
      .update(Buffer.from(`opaque\0${realm}`, 'utf8'))
      .digest()
      .subarray(0, MAC_BYTES)
      .toString('base64url'),
    issue(nowMs) {
      const body = Buffer.alloc(TIMESTAMP_BYTES + RANDOM_BYTES);
      body.writeBigUInt64BE(BigInt(Math.max(0, Math.floor(nowMs))), 0);
      const randomPart = random(RANDOM_BYTES);
      if (randomPart.length !== RANDOM_BYTES) throw new RangeError('random source returned a short buffer');
      body.set(randomPart, TIMESTAMP_BYTES);
      return Buffer.concat([body, mac(body)]).toString('base64url');
    },
    open(nonce) {
      const bytes = decodeCanonicalBase64Url(nonce);
      if (bytes === undefined || bytes.length !== NONCE_BYTES) return { type: 'foreign' };
      const body = bytes.subarray(0, TIMESTAMP_BYTES + RANDOM_BYTES);
      if (!timingSafeEqual(mac(body), bytes.subarray(TIMESTAMP_BYTES + RANDOM_BYTES))) {
        return { type: 'foreign' };
      }
      const issuedAtMs = Number(body.readBigUInt64BE(0));
      return Number.isSafeInteger(issuedAtMs) ? { type: 'ours', issuedAtMs } : { type: 'foreign' };
    },
  };
}

/**
 * Decodes base64url only when `text` is exactly what encoding the result gives back.
 *
 * @remarks
 * Node's decoder skips characters outside the alphabet; without the round-trip check, `a.b` and
 * `ab` would open to the same bytes and one nonce would have many spellings (and nonce-count
 * entries).
 */
function decodeCanonicalBase64Url(text: string): Buffer | undefined {
  if (text.length !== Math.ceil((NONCE_BYTES * 4) / 3)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}
