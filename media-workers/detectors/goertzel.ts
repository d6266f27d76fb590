/**
 * The Goertzel algorithm: the power of one frequency in a block of samples, without a full DFT.
 *
 * @remarks
 * For a block of N samples and a target frequency f at sample rate fs, the recurrence
 * `s[n] = x[n] + 2·cos(2πf/fs)·s[n-1] − s[n-2]` ends with the squared magnitude
 * `s[N-1]² + s[N-2]² − 2·cos(2πf/fs)·s[N-1]·s[N-2]` of that DFT term (G. Goertzel, "An algorithm
 * for the evaluation of finite trigonometric series", 1958). The coefficient uses f itself rather
 * than the nearest DFT bin, so a pure tone at f of amplitude A gives close to (A·N/2)².
 */

/** The coefficient `2·cos(2πf/fs)` of a frequency. */
export function goertzelCoefficient(frequencyHz: number, sampleRateHz: number): number {
  return 2 * Math.cos((2 * Math.PI * frequencyHz) / sampleRateHz);
}

/** The power of the frequency of `coefficient` in `samples[start, start + length)`. */
export function goertzelPower(samples: ArrayLike<number>, start: number, length: number, coefficient: number): number {
  let previous = 0;
  let beforePrevious = 0;
  for (let index = start; index < start + length; index += 1) {
    const current = (samples[index] ?? 0) + coefficient * previous - beforePrevious;
    beforePrevious = previous;
    previous = current;
  }
  return previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
}
