/**
 * The arithmetic of a mixer tick: the sum of every contribution, and each member's mix without
 * its own voice (N-1 mixing), clipped to 16 bits.
 *
 * @remarks
 * Samples are 16-bit linear (G.711 decoded); the sum is kept in 32 bits (30 members at full
 * scale is under 2^20, far from overflow) and only each member's result is clipped to
 * −32768..32767, so one loud member does not distort the others' share of what a third hears.
 * Subtracting a member's own frame from the total is exact because the total is not clipped.
 * Pure functions writing into buffers the caller owns: no allocation per tick.
 */

/** The lowest and highest 16-bit sample values. */
export const SAMPLE_MIN = -32768;
export const SAMPLE_MAX = 32767;

/** Clips a 32-bit sum into 16 bits. */
export function clipSample(value: number): number {
  return value > SAMPLE_MAX ? SAMPLE_MAX : value < SAMPLE_MIN ? SAMPLE_MIN : value;
}

/** Writes the sum of `frames` into `total` (zeroed first); a frame shorter than `total` counts as silence past its end. */
export function sumFrames(frames: readonly Int16Array[], total: Int32Array): void {
  total.fill(0);
  for (const frame of frames) {
    const length = Math.min(frame.length, total.length);
    for (let index = 0; index < length; index += 1) total[index] = (total[index] ?? 0) + (frame[index] ?? 0);
  }
}

/**
 * Writes what one member hears into `out`: the total minus its own frame (when it contributed
 * one), clipped to 16 bits.
 */
export function mixMinus(total: Int32Array, own: Int16Array | undefined, out: Int16Array): void {
  const length = Math.min(total.length, out.length);
  if (own === undefined) {
    for (let index = 0; index < length; index += 1) out[index] = clipSample(total[index] ?? 0);
    return;
  }
  for (let index = 0; index < length; index += 1) out[index] = clipSample((total[index] ?? 0) - (index < own.length ? (own[index] ?? 0) : 0));
}

/** Average absolute sample value of a frame (the energy measure of talk detection); 0 for an empty frame. */
export function averageMagnitude(frame: Int16Array): number {
  if (frame.length === 0) return 0;
  let sum = 0;
  for (let index = 0; index < frame.length; index += 1) sum += Math.abs(frame[index] ?? 0);
  return sum / frame.length;
}
