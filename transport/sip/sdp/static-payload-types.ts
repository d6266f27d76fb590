/** A static payload type's encoding; `channels` absent means one. */
export interface StaticPayloadFormat {
  readonly name: string;
  readonly clockRate: number;
  readonly channels?: number;
}

/**
 * The static RTP/AVP audio payload types, which an offer may list without `a=rtpmap`.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3551#section-6 (Table 4). An `a=rtpmap` for a static
 * type is optional (https://www.rfc-editor.org/rfc/rfc8866#section-6.6); when present it wins.
 * G722 keeps its nominal 8000 Hz RTP clock although it samples at 16 kHz (RFC 3551 §4.5.2).
 */
export const STATIC_AUDIO_PAYLOAD_TYPES: Readonly<Record<number, StaticPayloadFormat>> = Object.freeze({
  0: { name: 'PCMU', clockRate: 8000 },
  3: { name: 'GSM', clockRate: 8000 },
  4: { name: 'G723', clockRate: 8000 },
  5: { name: 'DVI4', clockRate: 8000 },
  6: { name: 'DVI4', clockRate: 16000 },
  7: { name: 'LPC', clockRate: 8000 },
  8: { name: 'PCMA', clockRate: 8000 },
  9: { name: 'G722', clockRate: 8000 },
  10: { name: 'L16', clockRate: 44100, channels: 2 },
  11: { name: 'L16', clockRate: 44100 },
  12: { name: 'QCELP', clockRate: 8000 },
  13: { name: 'CN', clockRate: 8000 },
  14: { name: 'MPA', clockRate: 90000 },
  15: { name: 'G728', clockRate: 8000 },
  16: { name: 'DVI4', clockRate: 11025 },
  17: { name: 'DVI4', clockRate: 22050 },
  18: { name: 'G729', clockRate: 8000 },
});

/** The first dynamic payload type (RFC 3551 §3: 96-127 are dynamic). */
export const FIRST_DYNAMIC_PAYLOAD_TYPE = 96;

/** The last payload type number: RTP carries seven bits (RFC 3550 §5.1). */
export const LAST_PAYLOAD_TYPE = 127;

/** The static payload type of a codec, when it has one (case-insensitive name, same clock rate and channels). */
export function staticPayloadTypeOf(name: string, clockRate: number, channels = 1): number | undefined {
  const wanted = name.toLowerCase();
  for (const [pt, format] of Object.entries(STATIC_AUDIO_PAYLOAD_TYPES)) {
    if (format.name.toLowerCase() === wanted && format.clockRate === clockRate && (format.channels ?? 1) === channels) return Number(pt);
  }
  return undefined;
}
