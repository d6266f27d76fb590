/**
 * Records the audio a leg's far end sends, decoded to 8 kHz 16-bit linear PCM, until a stop
 * digit, a maximum duration, an explicit stop or the leg's end; then writes it as a WAV file.
 *
 * @remarks
 * As Asterisk's `VoiceMail()`: the caller ends the message with `#` (the stop digits are the
 * command's), by hanging up (what was recorded is kept), or by reaching the maximum length. The
 * duration is counted in samples received, not in wall time, so a gap in RTP does not count;
 * silence detection is left out (decision in docs/decisions.md). The digit that stops is not part
 * of the recording in any audible way: RFC 4733 events never reach the recorder, and in-band
 * tones are at most one packet's worth.
 */
import { G711_CLOCK_RATE_HZ } from '../codecs/g711.ts';

/** Why a recording ended. */
export type RecordStopReason = 'digit' | 'max_duration' | 'stopped' | 'hangup';

/** What a finished recording reports. */
export type RecordedAudio = { readonly samples: Int16Array; readonly durationMs: number; readonly reason: RecordStopReason };

export type LegRecorderOptions = {
  readonly maxDurationMs: number;
  /** Digits that end the recording (e.g. `#`). */
  readonly stopDigits: string;
  /** Called once, when the recording ends. */
  readonly onEnd: (audio: RecordedAudio) => void;
};

const SAMPLES_PER_MS = G711_CLOCK_RATE_HZ / 1000;

/** One recording in progress on a leg. */
export class LegRecorder {
  readonly #chunks: Int16Array[] = [];
  readonly #maxSamples: number;
  readonly #options: LegRecorderOptions;
  #samples = 0;
  #ended = false;

  constructor(options: LegRecorderOptions) {
    this.#options = options;
    this.#maxSamples = Math.max(1, Math.floor(options.maxDurationMs * SAMPLES_PER_MS));
  }

  /** Whether the recording has ended. */
  get ended(): boolean {
    return this.#ended;
  }

  /** Adds decoded audio; ends the recording when it reaches the maximum duration. */
  accept(samples: Int16Array): void {
    if (this.#ended) return;
    const room = this.#maxSamples - this.#samples;
    const kept = samples.length > room ? samples.slice(0, room) : samples.slice();
    this.#chunks.push(kept);
    this.#samples += kept.length;
    if (this.#samples >= this.#maxSamples) this.stop('max_duration');
  }

  /** A digit from the far end: ends the recording when it is a stop digit; returns whether it did. */
  acceptDigit(digit: string): boolean {
    if (this.#ended || !this.#options.stopDigits.includes(digit)) return false;
    this.stop('digit');
    return true;
  }

  /** Ends the recording (no-op once ended). */
  stop(reason: RecordStopReason): void {
    if (this.#ended) return;
    this.#ended = true;
    const samples = new Int16Array(this.#samples);
    let offset = 0;
    for (const chunk of this.#chunks) {
      samples.set(chunk, offset);
      offset += chunk.length;
    }
    this.#chunks.length = 0;
    this.#options.onEnd({ samples, durationMs: Math.round(this.#samples / SAMPLES_PER_MS), reason });
  }
}
