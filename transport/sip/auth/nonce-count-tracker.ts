/**
 * What the tracker says of a nonce count: first time seen (and now recorded), already used, or
 * unknowable because the nonce's entry was evicted.
 */
export type NonceCountCheck = 'accepted' | 'replayed' | 'forgotten';

/** Remembers the highest nonce count used with each recent nonce. */
export interface NonceCountTracker {
  /**
   * Accepts `nonceCount` for `nonce` if it is higher than every count seen with it, and records it.
   * Call it only for credentials whose response has been verified, so that forged requests cannot
   * push a count up and lock the genuine client out.
   */
  accept(nonce: string, issuedAtMs: number, nonceCount: number, nowMs: number): NonceCountCheck;
  /** How many nonces are remembered. */
  readonly size: number;
}

/** Inputs of {@link createNonceCountTracker}. */
export interface NonceCountTrackerOptions {
  /** The most nonces remembered at once; the least recently used is forgotten first. */
  readonly capacity: number;
  /** Nonces older than this are refused as stale before the tracker is asked. */
  readonly nonceTtlMs: number;
}

interface Entry {
  readonly issuedAtMs: number;
  readonly highestCount: number;
}

/**
 * Creates a bounded least-recently-used table of the last nonce count per nonce.
 *
 * @remarks
 * RFC 7616 §3.4: "The nc value ... permits the server to detect request replays by maintaining its
 * own copy of this count — if the same nc value is seen twice, then the request is a replay." The
 * nonces are stateless, so a nonce absent from the table is either new or evicted. To tell them
 * apart the tracker keeps a horizon: the latest issue time of any evicted, still-valid entry. An
 * unknown nonce issued after the horizon cannot have been evicted, so it is new; one issued at or
 * before it might be a replay of an evicted nonce and is reported `forgotten` (the caller answers
 * with a fresh nonce). Memory is bounded whatever the traffic, and a flood of registrations only
 * costs legitimate clients one extra round trip, never a replay window.
 * https://www.rfc-editor.org/rfc/rfc7616#section-3.4
 */
export function createNonceCountTracker(options: NonceCountTrackerOptions): NonceCountTracker {
  const { capacity, nonceTtlMs } = options;
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be ≥ 1');
  const entries = new Map<string, Entry>();
  let horizonMs = Number.NEGATIVE_INFINITY;

  const evict = (nowMs: number): void => {
    for (const [nonce, entry] of entries) {
      const stillValid = nowMs - entry.issuedAtMs <= nonceTtlMs;
      if (entries.size <= capacity && stillValid) return;
      entries.delete(nonce);
      if (stillValid) horizonMs = Math.max(horizonMs, entry.issuedAtMs);
    }
  };

  return {
    accept(nonce, issuedAtMs, nonceCount, nowMs) {
      const entry = entries.get(nonce);
      if (entry === undefined && issuedAtMs <= horizonMs) return 'forgotten';
      if (entry !== undefined && nonceCount <= entry.highestCount) return 'replayed';
      entries.delete(nonce);
      entries.set(nonce, { issuedAtMs, highestCount: nonceCount });
      evict(nowMs);
      return 'accepted';
    },
    get size() {
      return entries.size;
    },
  };
}
