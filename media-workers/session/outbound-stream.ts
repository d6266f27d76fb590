/**
 * The RTP stream the relay sends towards one leg: one SSRC, one sequence space, one timeline.
 *
 * @remarks
 * A leg's far end must see one consistent stream (RFC 3550 §5.1, §8) even when what feeds it
 * changes: the other phone restarts its stream after a re-INVITE (new SSRC, new random sequence
 * and timestamp bases), a prompt starts or stops, or the session is re-created on another worker.
 * Packets of one source keep their spacing (offsets are added, so upstream losses stay visible as
 * sequence gaps); on a source change the offsets are recomputed so that the sequence number goes on
 * at the next value, the timestamp advances by the wall-clock time elapsed, and the marker bit is
 * set (RFC 3551 §4.1: marker on the first packet after a silence or discontinuity).
 */
import type { OutboundStreamSnapshot } from '../media-protocol.ts';

const SEQUENCE_MOD = 0x10000;
const TIMESTAMP_MOD = 0x100000000;
/** Minimum timestamp step on a source change (one 20 ms frame at 8 kHz). */
const MIN_SOURCE_CHANGE_STEP = 160;

/** The header fields an outgoing packet carries. */
export type StampedHeader = { readonly sequenceNumber: number; readonly timestamp: number; readonly marker: boolean };

/** The outgoing stream towards one leg. */
export class OutboundStream {
  readonly #clockRateHz: number;
  #state: OutboundStreamSnapshot;
  #source: string | undefined;
  #sequenceOffset = 0;
  #timestampOffset = 0;

  constructor(state: OutboundStreamSnapshot, clockRateHz: number) {
    this.#state = state;
    this.#clockRateHz = clockRateHz;
  }

  /** The SSRC of this stream. */
  get ssrc(): number {
    return this.#state.ssrc;
  }

  /**
   * Maps a packet of `source` (sequence number and timestamp in the source's own numbering)
   * onto this stream.
   */
  stamp(source: string, sequenceNumber: number, timestamp: number, marker: boolean, nowMs: number): StampedHeader {
    let sourceChanged = false;
    if (source !== this.#source) {
      this.#resync(source, sequenceNumber, timestamp, nowMs);
      sourceChanged = true;
    }
    const outSequence = (sequenceNumber + this.#sequenceOffset) % SEQUENCE_MOD;
    const outTimestamp = (timestamp + this.#timestampOffset) % TIMESTAMP_MOD;
    const ahead = (outSequence - this.#state.nextSequenceNumber + SEQUENCE_MOD) % SEQUENCE_MOD;
    if (ahead < SEQUENCE_MOD / 2) {
      this.#state = { ...this.#state, nextSequenceNumber: (outSequence + 1) % SEQUENCE_MOD, lastTimestamp: outTimestamp, lastSentAtMs: nowMs };
    }
    return { sequenceNumber: outSequence, timestamp: outTimestamp, marker: marker || sourceChanged };
  }

  /** The stream state, for snapshots. */
  snapshot(): OutboundStreamSnapshot {
    return this.#state;
  }

  #resync(source: string, sequenceNumber: number, timestamp: number, nowMs: number): void {
    this.#source = source;
    this.#sequenceOffset = (this.#state.nextSequenceNumber - sequenceNumber + SEQUENCE_MOD) % SEQUENCE_MOD;
    const elapsedSamples = this.#state.lastSentAtMs === 0 ? 0 : Math.round(((nowMs - this.#state.lastSentAtMs) * this.#clockRateHz) / 1000);
    const step = Math.max(MIN_SOURCE_CHANGE_STEP, elapsedSamples);
    const target = this.#state.lastSentAtMs === 0 ? this.#state.lastTimestamp : this.#state.lastTimestamp + step;
    this.#timestampOffset = (((target - timestamp) % TIMESTAMP_MOD) + TIMESTAMP_MOD) % TIMESTAMP_MOD;
  }
}

/**
 * The stream state to resume with after a move: sequence numbers skip what may have been sent
 * since the snapshot, so the far end never sees numbers go backwards.
 *
 * @remarks
 * A snapshot is pushed periodically, so up to one period of packets may have left after it. The
 * skip assumes at most `maxPacketsPerSecond` packets a second (two 20 ms streams' worth by
 * default); the timestamp resumes from wall-clock time at the next source change.
 */
export function resumedStreamState(snapshot: OutboundStreamSnapshot, nowMs: number, maxPacketsPerSecond = 100): OutboundStreamSnapshot {
  const elapsedMs = snapshot.lastSentAtMs === 0 ? 0 : Math.max(0, nowMs - snapshot.lastSentAtMs);
  const skipped = Math.ceil((elapsedMs * maxPacketsPerSecond) / 1000) + 1;
  return { ...snapshot, nextSequenceNumber: (snapshot.nextSequenceNumber + skipped) % SEQUENCE_MOD };
}
