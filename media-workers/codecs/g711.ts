/**
 * G.711 A-law and µ-law (ITU-T G.711), through the `alawmulaw` tables, and direct A↔µ transcoding.
 *
 * @remarks
 * Both laws carry one byte per sample at 8000 Hz, so a frame keeps its length and its RTP
 * timestamp step across a transcode. The A↔µ tables are built once from the library by decoding
 * each of the 256 codes to linear PCM and re-encoding it in the other law, so a transcoded byte
 * decodes to the nearest level the other law can represent.
 * Static payload types: PCMU 0, PCMA 8 (RFC 3551 §6, https://www.rfc-editor.org/rfc/rfc3551#section-6).
 */
import alawmulaw from 'alawmulaw';

const { alaw, mulaw } = alawmulaw;

/** The codecs a leg can use. */
export type G711Codec = 'PCMA' | 'PCMU';

/** The RTP clock rate of G.711 (RFC 3551 §4.5.14). */
export const G711_CLOCK_RATE_HZ = 8000;

/** Static RTP payload type of each codec (RFC 3551 Table 4). */
export const G711_PAYLOAD_TYPES: Readonly<Record<G711Codec, number>> = { PCMU: 0, PCMA: 8 };

/** The codec of a static payload type, or `undefined` when it is not G.711. */
export function g711CodecOfPayloadType(payloadType: number): G711Codec | undefined {
  if (payloadType === G711_PAYLOAD_TYPES.PCMU) return 'PCMU';
  if (payloadType === G711_PAYLOAD_TYPES.PCMA) return 'PCMA';
  return undefined;
}

/** Encodes 16-bit linear PCM into G.711 bytes of `codec`. */
export function encodeG711(codec: G711Codec, samples: Int16Array): Uint8Array {
  return codec === 'PCMA' ? alaw.encode(samples) : mulaw.encode(samples);
}

/** Decodes G.711 bytes of `codec` into 16-bit linear PCM. */
export function decodeG711(codec: G711Codec, bytes: Uint8Array): Int16Array {
  return codec === 'PCMA' ? alaw.decode(bytes) : mulaw.decode(bytes);
}

function buildTable(decode: (code: number) => number, encode: (sample: number) => number): Uint8Array {
  const table = new Uint8Array(256);
  for (let code = 0; code < 256; code += 1) table[code] = encode(decode(code));
  return table;
}

/** A-law code → µ-law code. */
const ALAW_TO_MULAW = buildTable(alaw.decodeSample, mulaw.encodeSample);
/** µ-law code → A-law code. */
const MULAW_TO_ALAW = buildTable(mulaw.decodeSample, alaw.encodeSample);

/**
 * Transcodes G.711 bytes from one law to the other, in place when `target` is `bytes`.
 *
 * @remarks
 * One table lookup per byte; the relay calls it on the received buffer before forwarding it.
 */
export function transcodeG711(from: G711Codec, to: G711Codec, bytes: Uint8Array, target: Uint8Array = bytes): void {
  if (from === to) {
    if (target !== bytes) target.set(bytes);
    return;
  }
  const table = from === 'PCMA' ? ALAW_TO_MULAW : MULAW_TO_ALAW;
  for (let index = 0; index < bytes.length; index += 1) target[index] = table[bytes[index] ?? 0] ?? 0;
}
