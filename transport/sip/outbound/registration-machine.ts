/**
 * The outbound registration of a trunk as a pure state machine: REGISTER with Expires, a digest
 * answer to one challenge, a refresh before the binding lapses, a backoff after failures, and the
 * REGISTER with Expires 0 that removes the binding when the trunk stops.
 *
 * @remarks
 * A step takes the state, an event and the time, and returns the next state with the effects its
 * shell runs (send a REGISTER, arm the one timer). The shell owns the Call-ID, the CSeq, the
 * digest computation and the socket. Policy values are in {@link RegistrationPolicy}; the
 * defaults are the trunks decision in docs/decisions.md.
 * https://www.rfc-editor.org/rfc/rfc3261#section-10.2
 */
import type { DigestParams } from '../message/index.ts';

/** How the machine times its refreshes and retries. */
export interface RegistrationPolicy {
  /** The Expires asked for, in seconds. */
  readonly expiresS: number;
  /** A refresh is sent this many seconds before the granted expiry (half the expiry when shorter). */
  readonly refreshMarginS: number;
  /** The first retry after a failure; each further failure doubles it, up to `retryMaxMs`. */
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** The retry after a 403, or after credentials refused twice (Asterisk's forbidden_retry_interval). */
  readonly forbiddenRetryMs: number;
}

export const DEFAULT_REGISTRATION_POLICY: RegistrationPolicy = {
  expiresS: 120,
  refreshMarginS: 10,
  retryBaseMs: 2_000,
  retryMaxMs: 60_000,
  forbiddenRetryMs: 300_000,
};

/** A challenge of a 401 (WWW-Authenticate) or a 407 (Proxy-Authenticate). */
export interface RegistrationChallenge {
  readonly proxy: boolean;
  readonly params: DigestParams;
}

/** Why the last attempt failed. */
export type RegistrationFailure =
  | { readonly type: 'rejected'; readonly status: number }
  | { readonly type: 'forbidden'; readonly status: number }
  | { readonly type: 'timeout' }
  | { readonly type: 'transport-error' };

export type RegistrationState =
  | { readonly type: 'idle' }
  /** A REGISTER is in flight; `challenged`: it answers a challenge already. */
  | { readonly type: 'registering'; readonly expiresS: number; readonly challenged: boolean; readonly failures: number }
  | { readonly type: 'registered'; readonly grantedS: number; readonly refreshAtMs: number; readonly expiresAtMs: number }
  | { readonly type: 'retrying'; readonly failure: RegistrationFailure; readonly failures: number; readonly retryAtMs: number }
  | { readonly type: 'unregistering'; readonly challenged: boolean }
  | { readonly type: 'stopped' };

export type RegistrationEvent =
  | { readonly type: 'start' }
  | { readonly type: 'stop' }
  /**
   * Stops without removing the binding: no Expires 0, the REGISTER in flight forgotten. For a
   * binding another holder of the same Contact keeps (an HA pair's shared service address).
   */
  | { readonly type: 'abandon' }
  | { readonly type: 'timer' }
  /** A final response to the REGISTER in flight. */
  | {
      readonly type: 'response';
      readonly status: number;
      /** The expiry the registrar granted our Contact (its `expires` parameter, else Expires). */
      readonly grantedS?: number;
      readonly challenge?: RegistrationChallenge;
      /** Retry-After of a 5xx, in seconds. */
      readonly retryAfterS?: number;
      /** Min-Expires of a 423. */
      readonly minExpiresS?: number;
    }
  | { readonly type: 'timeout' }
  | { readonly type: 'transport-error' };

export type RegistrationEffect =
  /** Sends a REGISTER (new CSeq) with this Expires, answering `challenge` when given. */
  | { readonly type: 'send-register'; readonly expiresS: number; readonly challenge?: RegistrationChallenge }
  /** Arms the machine's one timer (replacing any armed one); it comes back as a `timer` event. */
  | { readonly type: 'set-timer'; readonly delayMs: number }
  | { readonly type: 'clear-timer' }
  /** Forgets the REGISTER in flight: its response, if any, is not heard. */
  | { readonly type: 'forget-register' };

export interface RegistrationStep {
  readonly state: RegistrationState;
  readonly effects: readonly RegistrationEffect[];
}

export const INITIAL_REGISTRATION_STATE: RegistrationState = { type: 'idle' };

/** Whether the registrar holds our binding in this state (what trunk status shows). */
export function isRegistered(state: RegistrationState): boolean {
  return state.type === 'registered';
}

/** One step of the machine. */
export function stepRegistration(state: RegistrationState, event: RegistrationEvent, nowMs: number, policy: RegistrationPolicy = DEFAULT_REGISTRATION_POLICY): RegistrationStep {
  switch (event.type) {
    case 'start':
      if (state.type !== 'idle') return stay(state);
      return register(policy.expiresS, 0);
    case 'stop':
      return stop(state);
    case 'abandon':
      if (state.type === 'stopped') return stay(state);
      return { state: { type: 'stopped' }, effects: [{ type: 'clear-timer' }, { type: 'forget-register' }] };
    case 'timer':
      if (state.type === 'registered') return register(policy.expiresS, 0);
      if (state.type === 'retrying') return register(policy.expiresS, state.failures);
      return stay(state);
    case 'response':
      return onResponse(state, event, nowMs, policy);
    case 'timeout':
    case 'transport-error':
      if (state.type === 'unregistering') return { state: { type: 'stopped' }, effects: [{ type: 'clear-timer' }] };
      if (state.type !== 'registering') return stay(state);
      return retry(event.type === 'timeout' ? { type: 'timeout' } : { type: 'transport-error' }, state.failures + 1, nowMs, policy);
  }
}

function onResponse(state: RegistrationState, event: Extract<RegistrationEvent, { type: 'response' }>, nowMs: number, policy: RegistrationPolicy): RegistrationStep {
  if (state.type === 'unregistering') {
    if ((event.status === 401 || event.status === 407) && event.challenge !== undefined && !state.challenged) {
      return { state: { type: 'unregistering', challenged: true }, effects: [{ type: 'send-register', expiresS: 0, challenge: event.challenge }] };
    }
    return { state: { type: 'stopped' }, effects: [{ type: 'clear-timer' }] };
  }
  if (state.type !== 'registering') return stay(state);
  const { status } = event;
  if (status >= 200 && status <= 299) {
    const grantedS = event.grantedS ?? state.expiresS;
    if (grantedS <= 0) return retry({ type: 'rejected', status }, state.failures + 1, nowMs, policy);
    const refreshInS = grantedS > 2 * policy.refreshMarginS ? grantedS - policy.refreshMarginS : grantedS / 2;
    const refreshInMs = Math.round(refreshInS * 1000);
    return {
      state: { type: 'registered', grantedS, refreshAtMs: nowMs + refreshInMs, expiresAtMs: nowMs + grantedS * 1000 },
      effects: [{ type: 'set-timer', delayMs: refreshInMs }],
    };
  }
  if ((status === 401 || status === 407) && event.challenge !== undefined) {
    // One answer per challenge; a second challenge is a refusal of the credentials, unless the
    // registrar only found the nonce stale (RFC 7616 §3.3).
    if (!state.challenged || isStale(event.challenge)) {
      return { state: { ...state, challenged: true }, effects: [{ type: 'send-register', expiresS: state.expiresS, challenge: event.challenge }] };
    }
    return retry({ type: 'forbidden', status }, state.failures + 1, nowMs, policy);
  }
  if (status === 423 && event.minExpiresS !== undefined && event.minExpiresS > state.expiresS) {
    // RFC 3261 §10.2.8: retry at once with an expiry at least Min-Expires.
    return { state: { ...state, expiresS: event.minExpiresS, challenged: false }, effects: [{ type: 'send-register', expiresS: event.minExpiresS }] };
  }
  if (status === 403 || status === 401 || status === 407) return retry({ type: 'forbidden', status }, state.failures + 1, nowMs, policy);
  return retry({ type: 'rejected', status }, state.failures + 1, nowMs, policy, event.retryAfterS);
}

function register(expiresS: number, failures: number): RegistrationStep {
  return {
    state: { type: 'registering', expiresS, challenged: false, failures },
    effects: [{ type: 'clear-timer' }, { type: 'send-register', expiresS }],
  };
}

/** The delay before the `failures`-th retry (1 for the first). */
export function retryDelayMs(failure: RegistrationFailure, failures: number, policy: RegistrationPolicy, retryAfterS?: number): number {
  if (failure.type === 'forbidden') return policy.forbiddenRetryMs;
  const backoff = Math.min(policy.retryMaxMs, policy.retryBaseMs * 2 ** Math.min(30, Math.max(0, failures - 1)));
  if (retryAfterS !== undefined && retryAfterS > 0) return Math.min(policy.forbiddenRetryMs, Math.max(backoff, retryAfterS * 1000));
  return backoff;
}

function retry(failure: RegistrationFailure, failures: number, nowMs: number, policy: RegistrationPolicy, retryAfterS?: number): RegistrationStep {
  const delayMs = retryDelayMs(failure, failures, policy, retryAfterS);
  return { state: { type: 'retrying', failure, failures, retryAtMs: nowMs + delayMs }, effects: [{ type: 'set-timer', delayMs }] };
}

function stop(state: RegistrationState): RegistrationStep {
  // A binding the registrar may hold (registered, or a REGISTER in flight) is removed with
  // Expires 0 (RFC 3261 §10.2.2); otherwise there is nothing to undo.
  if (state.type === 'registered' || state.type === 'registering') {
    return { state: { type: 'unregistering', challenged: false }, effects: [{ type: 'clear-timer' }, { type: 'send-register', expiresS: 0 }] };
  }
  if (state.type === 'unregistering' || state.type === 'stopped') return stay(state);
  return { state: { type: 'stopped' }, effects: [{ type: 'clear-timer' }] };
}

function isStale(challenge: RegistrationChallenge): boolean {
  return challenge.params.params['stale']?.toLowerCase() === 'true';
}

function stay(state: RegistrationState): RegistrationStep {
  return { state, effects: [] };
}
