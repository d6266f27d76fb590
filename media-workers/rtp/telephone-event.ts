/**
 * RFC 4733 telephone-event payload: parse and serialize.
 *
 * @remarks
 * Layout of RFC 4733 §2.3 (https://www.rfc-editor.org/rfc/rfc4733#section-2.3): event (8 bits),
 * E (end), R (reserved), volume (6 bits), duration (16 bits, in timestamp units).
 */

/** Size of one telephone-event payload block in bytes. */
export const TELEPHONE_EVENT_BYTES = 4;

/** One telephone event. */
export type TelephoneEvent = {
  readonly event: number;
  readonly end: boolean;
  /** Power level as a positive number of dBm0 below zero, 0..63. */
  readonly volume: number;
  /** Duration so far, in RTP timestamp units. */
  readonly duration: number;
};

/** The DTMF events 0–15 of RFC 4733 §3.2 (https://www.rfc-editor.org/rfc/rfc4733#section-3.2). */
const DTMF_DIGITS = '0123456789*#ABCD';

/** Parses a telephone-event payload; `undefined` when it is shorter than one event block. */
export function parseTelephoneEvent(payload: Uint8Array): TelephoneEvent | undefined {
  if (payload.length < TELEPHONE_EVENT_BYTES) return undefined;
  const flags = payload[1] ?? 0;
  return {
    event: payload[0] ?? 0,
    end: (flags & 0x80) !== 0,
    volume: flags & 0x3f,
    duration: ((payload[2] ?? 0) << 8) | (payload[3] ?? 0),
  };
}

/**
 * Serializes a telephone event into 4 bytes.
 *
 * @remarks
 * The R bit is sent as zero ("MUST be set to zero by the sender", RFC 4733 §2.3.2).
 */
export function serializeTelephoneEvent(telephoneEvent: TelephoneEvent): Uint8Array {
  return Uint8Array.of(
    telephoneEvent.event & 0xff,
    (telephoneEvent.end ? 0x80 : 0) | (telephoneEvent.volume & 0x3f),
    (telephoneEvent.duration >> 8) & 0xff,
    telephoneEvent.duration & 0xff,
  );
}

/** The DTMF digit of an event code (0–15), or `undefined` for other events. */
export function dtmfDigitOf(event: number): string | undefined {
  return event >= 0 && event < DTMF_DIGITS.length ? DTMF_DIGITS[event] : undefined;
}
