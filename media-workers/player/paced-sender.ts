/**
 * Sends frames at a fixed pace, scheduled by absolute time so that timer lateness never accumulates.
 *
 * @remarks
 * Frame `n` is due at `start + n · frameMs`. Each wake-up sends every frame that is due, then
 * schedules itself at the next frame's due time: a late timer does not push later frames back
 * (chained `setTimeout(frameMs)` drifts by the lateness of every wake-up). When the thread was
 * stalled for more than {@link MAX_CATCH_UP_FRAMES} frames, the frames in excess are skipped
 * (their timestamps still advance) rather than burst at the far end's jitter buffer.
 */
import type { MediaClock } from '../clock.ts';

/** The most overdue frames sent at once after a stall. */
export const MAX_CATCH_UP_FRAMES = 3;

/** What a paced sender needs. */
export type PacedSenderOptions = {
  readonly clock: MediaClock;
  readonly frameMs: number;
  /** The next frame, or `undefined` when the source has ended. */
  readonly nextFrame: () => Int16Array | undefined;
  /** Sends one frame; `frameIndex` counts frame periods since the start, skipped ones included. */
  readonly send: (frame: Int16Array, frameIndex: number) => void;
  readonly onEnd: () => void;
};

/** Starts sending; returns a function that stops it (no more sends, no `onEnd`). */
export function startPacedSender(options: PacedSenderOptions): () => void {
  const startMs = options.clock.nowMs();
  let frameIndex = 0;
  let cancelTimer: (() => void) | undefined;
  let stopped = false;
  const tick = (): void => {
    if (stopped) return;
    const dueFrames = Math.floor((options.clock.nowMs() - startMs) / options.frameMs) + 1;
    if (dueFrames - frameIndex > MAX_CATCH_UP_FRAMES) frameIndex = dueFrames - MAX_CATCH_UP_FRAMES;
    while (frameIndex < dueFrames) {
      const frame = options.nextFrame();
      if (frame === undefined) {
        stopped = true;
        options.onEnd();
        return;
      }
      options.send(frame, frameIndex);
      frameIndex += 1;
    }
    cancelTimer = options.clock.at(startMs + frameIndex * options.frameMs, tick);
  };
  tick();
  return () => {
    stopped = true;
    cancelTimer?.();
  };
}
