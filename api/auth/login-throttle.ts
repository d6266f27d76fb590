/**
 * Slows and then locks out repeated failed logins from one source (an IP address, or an address
 * and a login), as the seed asks of authentication (API-02) and as fail2ban does for the
 * reference platform's SIP registrations.
 *
 * @remarks
 * Deterministic: time is an argument, never read. Each failure inside the window doubles the
 * delay before the next attempt is heard (from `baseDelayMs`, capped at `maxDelayMs`); at
 * `lockoutAfter` failures the source is locked out for `lockoutMs`. A success forgets the source.
 * Failures older than the window are forgotten. At most `maxSources` sources are remembered (the
 * least recently failing forgotten first, in O(1) per failure), so a flood of addresses cannot
 * exhaust memory or time.
 */
export interface LoginThrottlePolicy {
  readonly windowMs: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly lockoutAfter: number;
  readonly lockoutMs: number;
  readonly maxSources: number;
}

/** 5 failures in 15 minutes lock a source out for 15 minutes; delays 0.5, 1, 2, 4 s before that. */
export const DEFAULT_LOGIN_THROTTLE: LoginThrottlePolicy = {
  windowMs: 15 * 60_000, baseDelayMs: 500, maxDelayMs: 8_000, lockoutAfter: 5, lockoutMs: 15 * 60_000, maxSources: 100_000,
};

interface SourceRecord {
  readonly failures: number;
  readonly lastFailureMs: number;
  readonly lockedUntilMs: number;
}

/** May this source try now? */
export type LoginVerdict =
  | { readonly type: 'allowed' }
  | { readonly type: 'delayed'; readonly retryAfterMs: number }
  | { readonly type: 'locked'; readonly retryAfterMs: number };

/** The failed logins of the sources, least recently failing first. */
export class LoginThrottle {
  readonly #policy: LoginThrottlePolicy;
  readonly #sources = new Map<string, SourceRecord>();

  constructor(policy: LoginThrottlePolicy = DEFAULT_LOGIN_THROTTLE) {
    this.#policy = policy;
  }

  /** Sources remembered now. */
  get size(): number {
    return this.#sources.size;
  }

  /** Whether `source` may attempt a login at `nowMs`. */
  check(source: string, nowMs: number): LoginVerdict {
    const record = this.#live(source, nowMs);
    if (record === undefined) return { type: 'allowed' };
    if (record.lockedUntilMs > nowMs) return { type: 'locked', retryAfterMs: record.lockedUntilMs - nowMs };
    if (record.failures === 0) return { type: 'allowed' };
    const delay = Math.min(this.#policy.maxDelayMs, this.#policy.baseDelayMs * 2 ** (record.failures - 1));
    const readyAt = record.lastFailureMs + delay;
    return readyAt > nowMs ? { type: 'delayed', retryAfterMs: readyAt - nowMs } : { type: 'allowed' };
  }

  /** Records a failed login of `source`; a failure while locked out changes nothing. */
  failed(source: string, nowMs: number): void {
    const previous = this.#live(source, nowMs);
    if (previous !== undefined && previous.lockedUntilMs > nowMs) return;
    const failures = (previous?.failures ?? 0) + 1;
    const locked = failures >= this.#policy.lockoutAfter;
    this.#sources.delete(source);
    this.#sources.set(source, { failures: locked ? 0 : failures, lastFailureMs: nowMs, lockedUntilMs: locked ? nowMs + this.#policy.lockoutMs : 0 });
    if (this.#sources.size > this.#policy.maxSources) {
      const oldest = this.#sources.keys().next().value;
      if (oldest !== undefined) this.#sources.delete(oldest);
    }
  }

  /** Records a successful login of `source`: its failures are forgotten. */
  succeeded(source: string): void {
    this.#sources.delete(source);
  }

  #live(source: string, nowMs: number): SourceRecord | undefined {
    const record = this.#sources.get(source);
    if (record === undefined || record.lockedUntilMs > nowMs) return record;
    if (nowMs - record.lastFailureMs <= this.#policy.windowMs) return record;
    this.#sources.delete(source);
    return undefined;
  }
}
