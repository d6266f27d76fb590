/**
 * Per-leg receive counters: packets, bytes, loss from sequence gaps, interarrival jitter.
 *
 * @remarks
 * Sequence extension follows RFC 3550 Appendix A.1
 * (https://www.rfc-editor.org/rfc/rfc3550#appendix-A.1) with its MAX_DROPOUT and MAX_MISORDER;
 * jitter follows Appendix A.8 (https://www.rfc-editor.org/rfc/rfc3550#appendix-A.8):
 * `J += (|D(i-1,i)| - J) / 16`, in timestamp units. Arrival times come from the caller (an injected
 * clock), so the counters are pure.
 */

const MAX_DROPOUT = 3000;
const MAX_MISORDER = 100;
const SEQUENCE_MOD = 1 << 16;

/** The counters of one direction of one leg, as plain data. */
export type ReceiveCounters = {
  packets: number;
  bytes: number;
  /** Expected minus received since the first packet (RFC 3550 §6.4.1 "cumulative number of packets lost"), never negative. */
  lostEstimate: number;
  /** Interarrival jitter in milliseconds. */
  jitterMs: number;
};

/** Mutable state of {@link ReceiveStatistics}. */
type SequenceState = { baseSequence: number; maxSequence: number; cycles: number; received: number };

/** Receive counters of one leg. */
export class ReceiveStatistics {
  readonly #clockRateHz: number;
  #packets = 0;
  #bytes = 0;
  #sequence: SequenceState | undefined;
  #lastTransit: number | undefined;
  #lastSsrc: number | undefined;
  #jitter = 0;

  constructor(clockRateHz: number) {
    this.#clockRateHz = clockRateHz;
  }

  /** Records one received RTP packet of `packetBytes` bytes that arrived at `arrivalMs`. */
  record(sequenceNumber: number, timestamp: number, ssrc: number, packetBytes: number, arrivalMs: number): void {
    this.#packets += 1;
    this.#bytes += packetBytes;
    if (ssrc !== this.#lastSsrc) {
      this.#lastSsrc = ssrc;
      this.#lastTransit = undefined;
    }
    this.#recordSequence(sequenceNumber);
    this.#recordJitter(timestamp, arrivalMs);
  }

  /** The counters so far. */
  counters(): ReceiveCounters {
    const state = this.#sequence;
    const received = state?.received ?? 0;
    const expected = state === undefined ? 0 : state.cycles + state.maxSequence - state.baseSequence + 1;
    return {
      packets: this.#packets,
      bytes: this.#bytes,
      lostEstimate: Math.max(0, expected - received),
      jitterMs: (this.#jitter * 1000) / this.#clockRateHz,
    };
  }

  #recordSequence(sequenceNumber: number): void {
    const state = this.#sequence;
    if (state === undefined) {
      this.#sequence = { baseSequence: sequenceNumber, maxSequence: sequenceNumber, cycles: 0, received: 1 };
      return;
    }
    state.received += 1;
    const delta = (sequenceNumber - state.maxSequence + SEQUENCE_MOD) % SEQUENCE_MOD;
    if (delta === 0) return;
    if (delta < MAX_DROPOUT) {
      if (sequenceNumber < state.maxSequence) state.cycles += SEQUENCE_MOD;
      state.maxSequence = sequenceNumber;
    } else if (delta <= SEQUENCE_MOD - MAX_MISORDER) {
      // A very large jump: the source restarted its numbering (A.1 "bad_seq"); count from here.
      this.#sequence = { baseSequence: sequenceNumber, maxSequence: sequenceNumber, cycles: 0, received: 1 };
    }
  }

  #recordJitter(timestamp: number, arrivalMs: number): void {
    const arrival = Math.round((arrivalMs * this.#clockRateHz) / 1000);
    const transit = arrival - timestamp;
    if (this.#lastTransit !== undefined) {
      let difference = Math.abs(transit - this.#lastTransit);
      if (difference > 0x7fffffff) difference = 0x100000000 - difference;
      this.#jitter += (difference - this.#jitter) / 16;
    }
    this.#lastTransit = transit;
  }
}
