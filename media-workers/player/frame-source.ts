/**
 * Cuts sound tracks into fixed-size frames, in order or shuffled, once or looping.
 *
 * @remarks
 * The last frame of a track is completed with silence, so every frame has the same duration and
 * RTP timestamps step evenly. Random order draws from an injected generator (seeded), so a test
 * or a replay sees the same order.
 */

/** How the tracks follow each other. */
export type TrackOrder = 'sequential' | 'random';

/** Options of {@link createFrameSource}. */
export type FrameSourceOptions = {
  readonly tracks: readonly Int16Array[];
  readonly samplesPerFrame: number;
  readonly loop: boolean;
  readonly order: TrackOrder;
  /** Uniform random number in [0, 1); used only for random order. */
  readonly random: () => number;
};

/** Returns a function yielding the next frame, or `undefined` at the end (never, when looping). */
export function createFrameSource(options: FrameSourceOptions): () => Int16Array | undefined {
  const playable = options.tracks.filter((track) => track.length > 0);
  let trackNumber = 0;
  let track = pickTrack(playable, options, trackNumber);
  let position = 0;
  return () => {
    if (track === undefined) return undefined;
    if (position >= track.length) {
      trackNumber += 1;
      if (trackNumber >= playable.length && !options.loop) return undefined;
      track = pickTrack(playable, options, trackNumber);
      position = 0;
      if (track === undefined) return undefined;
    }
    const frame = new Int16Array(options.samplesPerFrame);
    frame.set(track.subarray(position, position + options.samplesPerFrame));
    position += options.samplesPerFrame;
    return frame;
  };
}

function pickTrack(tracks: readonly Int16Array[], options: FrameSourceOptions, trackNumber: number): Int16Array | undefined {
  if (tracks.length === 0) return undefined;
  const index = options.order === 'random' ? Math.floor(options.random() * tracks.length) : trackNumber % tracks.length;
  return tracks[Math.min(index, tracks.length - 1)];
}

/**
 * A seeded pseudo-random generator (mulberry32) returning numbers in [0, 1).
 *
 * @remarks
 * Statistical quality is ample for shuffling music on hold; it is not for anything secret.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}
