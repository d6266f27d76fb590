import { randomInt } from 'node:crypto';

/**
 * Hands out RTP ports from the configured range for the media sessions of calls: an even RTP port
 * and the odd port above it for RTCP (RFC 3550 §11), each pair owned by one leg until released.
 *
 * @remarks
 * Ports are handed out round-robin rather than lowest-first, so a port just released is not
 * reused at once: late packets of an ended call do not land in a new one. The round starts at a
 * random pair of the range, as Asterisk's RTP stack starts at a random port: nodes sharing a host
 * and a range (tests, several instances) do not all try the same ports first. Exhaustion is a value
 * (the call layer answers 503), never an exception, and never a port handed out twice.
 */
export interface RtpPortAllocator {
  /** An even RTP port (RTCP on port + 1), or `undefined` when the range is exhausted. */
  allocate(): number | undefined;
  release(rtpPort: number): void;
  /**
   * Takes a given pair (a call moved from another node keeps its ports); false when it is outside
   * the range, odd, or already in use.
   */
  reserve(rtpPort: number): boolean;
  /** Ports pairs in use, for metrics and leak checks in tests. */
  inUse(): number;
  capacity(): number;
}

/**
 * Creates an allocator over `start`–`end` (inclusive); `start` is rounded up to an even port. The
 * first pair handed out is `firstPair` (an index into the range's pairs), random by default.
 */
export function createRtpPortAllocator(range: { readonly start: number; readonly end: number }, options: { readonly firstPair?: number } = {}): RtpPortAllocator {
  const first = range.start % 2 === 0 ? range.start : range.start + 1;
  const pairs = Math.max(0, Math.floor((range.end - first + 1) / 2));
  const used = new Set<number>();
  let cursor = pairs === 0 ? 0 : Math.abs(Math.trunc(options.firstPair ?? randomInt(0, pairs))) % pairs;
  return {
    allocate() {
      if (used.size >= pairs) return undefined;
      for (let tried = 0; tried < pairs; tried += 1) {
        const port = first + 2 * ((cursor + tried) % pairs);
        if (!used.has(port)) {
          used.add(port);
          cursor = (cursor + tried + 1) % pairs;
          return port;
        }
      }
      return undefined;
    },
    release(rtpPort) {
      used.delete(rtpPort);
    },
    reserve(rtpPort) {
      if (!Number.isInteger(rtpPort) || rtpPort < first || rtpPort >= first + 2 * pairs || (rtpPort - first) % 2 !== 0 || used.has(rtpPort)) return false;
      used.add(rtpPort);
      return true;
    },
    inUse: () => used.size,
    capacity: () => pairs,
  };
}
