/**
 * Detects completed DTMF digits in a leg's RFC 4733 telephone-event stream.
 *
 * @remarks
 * An event is reported once, on its first end packet: "the final packet for each event … SHOULD be
 * sent a total of three times" (RFC 4733 §2.5.1.4, https://www.rfc-editor.org/rfc/rfc4733#section-2.5.1.4),
 * and all packets of one event carry the event's start timestamp (§2.5.1.2), so the retransmitted
 * end packets are recognised by their timestamp. The duration is taken from the end packet.
 */
import { dtmfDigitOf, parseTelephoneEvent } from '../rtp/telephone-event.ts';

/** A completed DTMF digit. */
export type DetectedDigit = { readonly digit: string; readonly durationMs: number };

/** Tracks one leg's telephone events. */
export class TelephoneEventDetector {
  readonly #clockRateHz: number;
  #lastEndedTimestamp: number | undefined;

  constructor(clockRateHz: number) {
    this.#clockRateHz = clockRateHz;
  }

  /** Feeds one telephone-event packet; returns the digit it completes, if any. */
  accept(timestamp: number, payload: Uint8Array): DetectedDigit | undefined {
    const telephoneEvent = parseTelephoneEvent(payload);
    if (telephoneEvent === undefined || !telephoneEvent.end || timestamp === this.#lastEndedTimestamp) return undefined;
    this.#lastEndedTimestamp = timestamp;
    const digit = dtmfDigitOf(telephoneEvent.event);
    if (digit === undefined) return undefined;
    return { digit, durationMs: Math.round((telephoneEvent.duration * 1000) / this.#clockRateHz) };
  }
}
