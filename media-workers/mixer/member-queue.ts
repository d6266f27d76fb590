/**
 * The audio a mixer member sent, waiting for the next ticks: a short queue of decoded samples.
 *
 * @remarks
 * Packets arrive when the network delivers them, ticks fire every 20 ms on the worker's clock;
 * the queue lets a packet that arrives a little early or late still be mixed in order. It holds at
 * most {@link MEMBER_QUEUE_FRAMES} frames: past that the oldest samples are dropped, so a member
 * whose phone sends faster than the mixer's clock (clock drift, a burst after a stall) never adds
 * more than that delay. A tick takes one whole frame, or nothing (the member is silent this tick)
 * when less than a frame is waiting. Any packetization works (10, 20, 30 ms …): samples are
 * queued, not packets.
 */

/** Most frames waiting per member (60 ms at 20 ms per frame). */
export const MEMBER_QUEUE_FRAMES = 3;

/** A member's queue of samples. */
export class MemberQueue {
  readonly #buffer: Int16Array;
  readonly #frameSamples: number;
  #length = 0;

  constructor(frameSamples: number, frames = MEMBER_QUEUE_FRAMES) {
    this.#frameSamples = frameSamples;
    this.#buffer = new Int16Array(frameSamples * frames);
  }

  /** Samples waiting. */
  get length(): number {
    return this.#length;
  }

  /** Queues samples, dropping the oldest beyond the capacity. */
  push(samples: Int16Array): void {
    const capacity = this.#buffer.length;
    if (samples.length >= capacity) {
      this.#buffer.set(samples.subarray(samples.length - capacity));
      this.#length = capacity;
      return;
    }
    const overflow = this.#length + samples.length - capacity;
    if (overflow > 0) {
      this.#buffer.copyWithin(0, overflow, this.#length);
      this.#length -= overflow;
    }
    this.#buffer.set(samples, this.#length);
    this.#length += samples.length;
  }

  /** Copies the oldest frame into `into` and removes it; false (nothing copied) when less than a frame waits. */
  take(into: Int16Array): boolean {
    if (this.#length < this.#frameSamples) return false;
    into.set(this.#buffer.subarray(0, this.#frameSamples));
    this.#buffer.copyWithin(0, this.#frameSamples, this.#length);
    this.#length -= this.#frameSamples;
    return true;
  }

  /** Drops everything waiting. */
  clear(): void {
    this.#length = 0;
  }
}
