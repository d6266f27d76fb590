/**
 * Test signals for the in-band DTMF detector: DTMF dual tones, single tones, silence and noise,
 * as 16-bit linear samples at 8 kHz.
 */

/** The Q.23 frequencies (low, high) of each key. */
export const DTMF_KEYS: Readonly<Record<string, readonly [number, number]>> = Object.fromEntries(
  ['123A', '456B', '789C', '*0#D'].flatMap((row, rowIndex) =>
    [...row].map((key, columnIndex) => [key, [[697, 770, 852, 941][rowIndex] ?? 0, [1209, 1336, 1477, 1633][columnIndex] ?? 0] as const]),
  ),
);

/** A sum of sines: each `[frequencyHz, amplitude]` (fraction of full scale), `durationMs` long, from phase `phaseSamples`. */
export function tones(components: readonly (readonly [number, number])[], durationMs: number, phaseSamples = 0): Int16Array {
  const length = Math.round((durationMs * 8000) / 1000);
  return Int16Array.from({ length }, (_, index) => {
    const time = (index + phaseSamples) / 8000;
    const value = components.reduce((sum, [frequency, amplitude]) => sum + amplitude * Math.sin(2 * Math.PI * frequency * time), 0);
    return Math.max(-32768, Math.min(32767, Math.round(value * 32767)));
  });
}

/** The dual tone of `key` with each tone at `amplitude` (the high one `twistDb` dB above the low one). */
export function dtmfTone(key: string, durationMs: number, amplitude = 0.25, twistDb = 0): Int16Array {
  const pair = DTMF_KEYS[key];
  if (pair === undefined) throw new Error(`no DTMF key ${key}`);
  return tones([[pair[0], amplitude], [pair[1], amplitude * 10 ** (twistDb / 20)]], durationMs);
}

/** `durationMs` of silence. */
export function silence(durationMs: number): Int16Array {
  return new Int16Array(Math.round((durationMs * 8000) / 1000));
}

/** Joins signals end to end. */
export function concat(...parts: readonly Int16Array[]): Int16Array {
  const joined = new Int16Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

/** Cuts a signal into 20 ms frames (160 samples), the last one padded with silence. */
export function frames(signal: Int16Array): Int16Array[] {
  const result: Int16Array[] = [];
  for (let offset = 0; offset < signal.length; offset += 160) {
    const frame = new Int16Array(160);
    frame.set(signal.subarray(offset, offset + 160));
    result.push(frame);
  }
  return result;
}

/** A small deterministic generator (mulberry32) for reproducible noise. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}
