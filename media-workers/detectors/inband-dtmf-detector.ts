/**
 * Detects DTMF digits sent in-band, as dual tones in the audio of a leg (ITU-T Q.23, Q.24).
 *
 * @remarks
 * Audio is cut into blocks of 102 samples (12.75 ms at 8 kHz, a block short enough for the 40 ms
 * minimum tone and long enough to tell the DTMF frequencies apart, as Asterisk's `main/dsp.c`
 * does). In each block the power of the eight DTMF frequencies is measured with Goertzel filters
 * and the block names a digit only when all of these hold:
 * - the strongest row (low group) and column (high group) tones are each at least
 *   {@link MIN_TONE_AMPLITUDE} of full scale (about −37 dBFS, i.e. roughly −34 dBm0 per tone);
 * - twist is within Q.24 limits: the low tone at most 8 dB above the high one (normal twist) and
 *   the high tone at most 4 dB above the low one (reverse twist);
 * - each of the two tones is at least 8 dB above the other tones of its group;
 * - the two tones hold at least {@link TONES_TO_TOTAL} of the block's energy, which rejects speech,
 *   music and noise that happen to carry energy at two DTMF frequencies.
 *
 * A digit begins after {@link HITS_TO_BEGIN} consecutive blocks name it (a tone must last about
 * 25 ms: tones of 40 ms and more are accepted, tones of 20 ms and less never are), survives
 * up to two blocks that do not name it (a short drop-out inside a held key) and ends after
 * {@link MISSES_TO_END} such blocks (about 38 ms of pause, the Q.24 inter-digit pause), or at once
 * when another digit takes over. It is reported once, when it ends, with its duration, like an
 * RFC 4733 event on its end packet, so the two kinds of digit look the same upstream.
 */
import { goertzelCoefficient, goertzelPower } from './goertzel.ts';
import type { DetectedDigit } from './telephone-event-detector.ts';

/** Samples per analysed block. */
export const BLOCK_SAMPLES = 102;
/** Low-group (row) frequencies, Hz (Q.23). */
const ROW_FREQUENCIES_HZ = [697, 770, 852, 941] as const;
/** High-group (column) frequencies, Hz (Q.23). */
const COLUMN_FREQUENCIES_HZ = [1209, 1336, 1477, 1633] as const;
/** The keypad, row by row. */
const KEYPAD = ['123A', '456B', '789C', '*0#D'] as const;

/** Minimum amplitude of each tone, as a fraction of full scale. */
export const MIN_TONE_AMPLITUDE = 0.014;
/** The low tone may exceed the high one by 8 dB (power ratio). */
const NORMAL_TWIST = 6.31;
/** The high tone may exceed the low one by 4 dB (power ratio). */
const REVERSE_TWIST = 2.51;
/** Each tone must exceed the others of its group by 8 dB (power ratio). */
const RELATIVE_PEAK = 6.31;
/** Share of the block's energy the two tones must hold. */
export const TONES_TO_TOTAL = 0.82;
/** Consecutive blocks that must name a digit before it begins. */
export const HITS_TO_BEGIN = 2;
/** Consecutive blocks without the digit that end it. */
export const MISSES_TO_END = 3;

/** Where the detector is between blocks. */
export type DetectionState =
  | { readonly type: 'idle' }
  | { readonly type: 'candidate'; readonly digit: string; readonly hits: number }
  | { readonly type: 'active'; readonly digit: string; readonly blocks: number; readonly misses: number };

/** What one block does to the state: the next state and the digit it completes, if any. */
export function nextDetectionState(
  state: DetectionState,
  blockDigit: string | undefined,
  blockMs: number,
): { readonly state: DetectionState; readonly completed?: DetectedDigit } {
  const start = (): DetectionState => (blockDigit === undefined ? { type: 'idle' } : { type: 'candidate', digit: blockDigit, hits: 1 });
  switch (state.type) {
    case 'idle':
      return { state: start() };
    case 'candidate': {
      if (blockDigit !== state.digit) return { state: start() };
      const hits = state.hits + 1;
      return { state: hits >= HITS_TO_BEGIN ? { type: 'active', digit: state.digit, blocks: hits, misses: 0 } : { ...state, hits } };
    }
    case 'active': {
      if (blockDigit === state.digit) return { state: { ...state, blocks: state.blocks + state.misses + 1, misses: 0 } };
      const completed = { digit: state.digit, durationMs: Math.round(state.blocks * blockMs) };
      if (blockDigit !== undefined) return { state: start(), completed };
      const misses = state.misses + 1;
      return misses >= MISSES_TO_END ? { state: { type: 'idle' }, completed } : { state: { ...state, misses } };
    }
  }
}

/** The index of the largest value and whether it exceeds every other one by `ratio`. */
function dominant(powers: readonly number[]): { readonly index: number; readonly clear: boolean } {
  let index = 0;
  for (let candidate = 1; candidate < powers.length; candidate += 1) if ((powers[candidate] ?? 0) > (powers[index] ?? 0)) index = candidate;
  const best = powers[index] ?? 0;
  const clear = powers.every((power, other) => other === index || power * RELATIVE_PEAK < best);
  return { index, clear };
}

/** The digit a block of normalised samples carries, if it passes every criterion. */
export function classifyBlock(samples: Float64Array, start: number, length: number, rowCoefficients: readonly number[], columnCoefficients: readonly number[]): string | undefined {
  const rows = rowCoefficients.map((coefficient) => goertzelPower(samples, start, length, coefficient));
  const columns = columnCoefficients.map((coefficient) => goertzelPower(samples, start, length, coefficient));
  const row = dominant(rows);
  const column = dominant(columns);
  const rowPower = rows[row.index] ?? 0;
  const columnPower = columns[column.index] ?? 0;
  const minPower = ((MIN_TONE_AMPLITUDE * length) / 2) ** 2;
  if (rowPower < minPower || columnPower < minPower || !row.clear || !column.clear) return undefined;
  if (rowPower > columnPower * NORMAL_TWIST || columnPower > rowPower * REVERSE_TWIST) return undefined;
  let energy = 0;
  for (let index = start; index < start + length; index += 1) energy += (samples[index] ?? 0) ** 2;
  // A pure tone of amplitude A has power (A·N/2)² and energy A²·N/2: their ratio is N/2.
  if (rowPower + columnPower < TONES_TO_TOTAL * energy * (length / 2)) return undefined;
  return KEYPAD[row.index]?.[column.index];
}

/** Tracks the in-band digits of one leg's decoded audio. */
export class InbandDtmfDetector {
  readonly #block = new Float64Array(BLOCK_SAMPLES);
  readonly #rowCoefficients: readonly number[];
  readonly #columnCoefficients: readonly number[];
  readonly #blockMs: number;
  #filled = 0;
  #state: DetectionState = { type: 'idle' };

  constructor(sampleRateHz: number) {
    this.#rowCoefficients = ROW_FREQUENCIES_HZ.map((frequency) => goertzelCoefficient(frequency, sampleRateHz));
    this.#columnCoefficients = COLUMN_FREQUENCIES_HZ.map((frequency) => goertzelCoefficient(frequency, sampleRateHz));
    this.#blockMs = (BLOCK_SAMPLES * 1000) / sampleRateHz;
  }

  /** Feeds 16-bit linear samples (any count); returns the digit they complete, if any. */
  accept(samples: Int16Array): DetectedDigit | undefined {
    let completed: DetectedDigit | undefined;
    for (const sample of samples) {
      this.#block[this.#filled] = sample / 32768;
      this.#filled += 1;
      if (this.#filled < BLOCK_SAMPLES) continue;
      this.#filled = 0;
      const blockDigit = classifyBlock(this.#block, 0, BLOCK_SAMPLES, this.#rowCoefficients, this.#columnCoefficients);
      const step = nextDetectionState(this.#state, blockDigit, this.#blockMs);
      this.#state = step.state;
      completed ??= step.completed;
    }
    return completed;
  }
}
