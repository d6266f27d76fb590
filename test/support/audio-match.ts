/**
 * A known test signal and the comparison of a recording against it, on decoded audio (8 kHz,
 * 16-bit), so that it holds through G.711 quantisation, a jitter buffer's delay and the loss of a
 * few packets.
 *
 * @remarks
 * The signal is a burst of seeded white noise (the preamble) followed by tones at distinct
 * frequencies. The preamble's autocorrelation has a single sharp peak, so cross-correlating it
 * with the recording finds where the signal starts. Every tone is a multiple of 50 Hz, so a whole
 * lost 20 ms packet (160 samples, which shifts all later audio in a receiver that does not fill
 * gaps) leaves the tones in phase: the normalized correlation over the whole signal stays high.
 * Each tone's dominant frequency (Goertzel, over the middle half of its slot) must also match.
 */
import { seededRandom } from '../../media-workers/player/frame-source.ts';
import { goertzelCoefficient, goertzelPower as goertzelAt } from '../../media-workers/index.ts';

export const SAMPLE_RATE_HZ = 8000;

/** One tone of the signal, by sample offsets from the signal's start. */
export interface ToneSlot {
  readonly frequencyHz: number;
  readonly start: number;
  readonly length: number;
}

export interface TestSignal {
  readonly samples: Int16Array;
  readonly preambleLength: number;
  readonly tones: readonly ToneSlot[];
}

export interface TestSignalOptions {
  /** Seed of the preamble's noise. */
  readonly seed: number;
  /** Tone frequencies, each a multiple of 50 Hz below 4 kHz. */
  readonly toneFrequenciesHz: readonly number[];
  readonly toneMs: number;
  readonly preambleMs: number;
  /** Peak amplitude of the tones and of the noise (of 32767). */
  readonly amplitude: number;
}


/** Builds the preamble and the tones, back to back. */
export function makeTestSignal(options: TestSignalOptions): TestSignal {
  for (const frequency of options.toneFrequenciesHz) {
    if (frequency % 50 !== 0 || frequency <= 0 || frequency >= SAMPLE_RATE_HZ / 2) throw new Error(`tone ${frequency} Hz is not a multiple of 50 Hz under 4 kHz`);
  }
  const preambleLength = Math.round((options.preambleMs * SAMPLE_RATE_HZ) / 1000);
  const toneLength = Math.round((options.toneMs * SAMPLE_RATE_HZ) / 1000);
  const samples = new Int16Array(preambleLength + toneLength * options.toneFrequenciesHz.length);
  const random = seededRandom(options.seed);
  for (let index = 0; index < preambleLength; index += 1) samples[index] = Math.round((random() * 2 - 1) * options.amplitude);
  const tones = options.toneFrequenciesHz.map((frequencyHz, position) => {
    const start = preambleLength + position * toneLength;
    for (let index = 0; index < toneLength; index += 1) {
      samples[start + index] = Math.round(options.amplitude * Math.sin((2 * Math.PI * frequencyHz * index) / SAMPLE_RATE_HZ));
    }
    return { frequencyHz, start, length: toneLength };
  });
  return { samples, preambleLength, tones };
}

/** The power of one frequency in a stretch of samples (the media workers' Goertzel). */
export function goertzelPower(samples: ArrayLike<number>, start: number, length: number, frequencyHz: number): number {
  return goertzelAt(samples, start, length, goertzelCoefficient(frequencyHz, SAMPLE_RATE_HZ));
}

/** The normalized correlation (-1…1) of `a[aStart…]` with `b[bStart…]` over `length` samples. */
export function normalizedCorrelation(a: ArrayLike<number>, aStart: number, b: ArrayLike<number>, bStart: number, length: number): number {
  let product = 0;
  let energyA = 0;
  let energyB = 0;
  for (let index = 0; index < length; index += 1) {
    const valueA = a[aStart + index] ?? 0;
    const valueB = b[bStart + index] ?? 0;
    product += valueA * valueB;
    energyA += valueA * valueA;
    energyB += valueB * valueB;
  }
  return energyA === 0 || energyB === 0 ? 0 : product / Math.sqrt(energyA * energyB);
}

/** Where `pattern` best matches inside `recording` (largest normalized correlation). */
export function findPattern(pattern: Int16Array, recording: Int16Array): { readonly offset: number; readonly correlation: number } {
  const length = pattern.length;
  const patternFloat = Float64Array.from(pattern);
  const recordingFloat = Float64Array.from(recording);
  let patternEnergy = 0;
  for (const value of patternFloat) patternEnergy += value * value;
  let windowEnergy = 0;
  for (let index = 0; index < Math.min(length, recordingFloat.length); index += 1) windowEnergy += (recordingFloat[index] ?? 0) ** 2;
  let best = { offset: 0, correlation: 0 };
  for (let offset = 0; offset + length <= recordingFloat.length; offset += 1) {
    if (offset > 0) windowEnergy += (recordingFloat[offset + length - 1] ?? 0) ** 2 - (recordingFloat[offset - 1] ?? 0) ** 2;
    if (windowEnergy <= 0 || patternEnergy === 0) continue;
    let product = 0;
    for (let index = 0; index < length; index += 1) product += (patternFloat[index] ?? 0) * (recordingFloat[offset + index] ?? 0);
    const correlation = product / Math.sqrt(patternEnergy * windowEnergy);
    if (correlation > best.correlation) best = { offset, correlation };
  }
  return best;
}

/** How far (in samples) a slot may sit from where the slot before it was found: three 20 ms packets. */
export const MAX_DRIFT_SAMPLES = 480;

/** How a recording compares with the signal. */
export interface AudioComparison {
  /** Where the signal starts in the recording, in samples. */
  readonly delaySamples: number;
  /** Normalized correlation of the preamble at that delay. */
  readonly preambleCorrelation: number;
  /**
   * Normalized correlation of each slot (the preamble, then each tone) with the recording, each
   * at its best offset within {@link MAX_DRIFT_SAMPLES} of the previous slot's: lost packets and
   * a jitter buffer that adapts move later audio by whole packets.
   */
  readonly slotCorrelations: readonly number[];
  /** The mean of the slot correlations. */
  readonly correlation: number;
  /** The strongest of the signal's tone frequencies in each tone slot of the recording. */
  readonly dominantFrequenciesHz: readonly number[];
}

interface Slot {
  readonly start: number;
  readonly length: number;
}

/** Each slot's best correlation, following the drift from slot to slot. */
function followSlots(signal: TestSignal, recording: Int16Array, delaySamples: number): { correlations: number[]; offsets: number[] } {
  const slots: Slot[] = [{ start: 0, length: signal.preambleLength }, ...signal.tones];
  const correlations: number[] = [];
  const offsets: number[] = [];
  let drift = 0;
  for (const slot of slots) {
    let best = { drift, correlation: -1 };
    for (let candidate = drift - MAX_DRIFT_SAMPLES; candidate <= drift + MAX_DRIFT_SAMPLES; candidate += 1) {
      const at = delaySamples + slot.start + candidate;
      if (at < 0 || at + slot.length > recording.length) continue;
      const correlation = normalizedCorrelation(signal.samples, slot.start, recording, at, slot.length);
      if (correlation > best.correlation) best = { drift: candidate, correlation };
    }
    drift = best.drift;
    correlations.push(Math.max(0, best.correlation));
    offsets.push(delaySamples + slot.start + drift);
  }
  return { correlations, offsets };
}

/** Finds the signal in the recording and measures how well it matches. */
export function compareWithSignal(signal: TestSignal, recording: Int16Array): AudioComparison {
  const preamble = signal.samples.subarray(0, signal.preambleLength);
  const found = findPattern(preamble, recording);
  const delaySamples = found.offset;
  const followed = followSlots(signal, recording, delaySamples);
  const candidates = signal.tones.map((tone) => tone.frequencyHz);
  const dominantFrequenciesHz = signal.tones.map((tone, position) => {
    const start = (followed.offsets[position + 1] ?? 0) + Math.floor(tone.length / 4);
    const windowLength = Math.floor(tone.length / 2);
    if (start < 0 || start + windowLength > recording.length) return 0;
    const powers = candidates.map((frequency) => goertzelPower(recording, start, windowLength, frequency));
    return candidates[powers.indexOf(Math.max(...powers))] ?? 0;
  });
  const correlation = followed.correlations.reduce((sum, value) => sum + value, 0) / followed.correlations.length;
  return { delaySamples, preambleCorrelation: found.correlation, slotCorrelations: followed.correlations, correlation, dominantFrequenciesHz };
}
