/**
 * Qualify as a pure state machine: an OPTIONS to the peer every period; the peer is reachable
 * while it answers and unreachable once a probe goes unanswered for the qualify timeout.
 *
 * @remarks
 * Any final response, even a 404 or a 405, proves the peer alive (chan_sip and res_pjsip count
 * every response). A probe that does not answer within `timeoutMs` is abandoned; the next one
 * goes out at the next period. The shell arms the two timers and sends the OPTIONS.
 */

export interface QualifyPolicy {
  /** Between two probes (the seed's `qualifyfreq`, 60 s by default). */
  readonly periodMs: number;
  /** How long a probe may stay unanswered before the peer is unreachable. */
  readonly timeoutMs: number;
}

export const DEFAULT_QUALIFY_POLICY: QualifyPolicy = { periodMs: 60_000, timeoutMs: 3_000 };

export type Reachability = 'unknown' | 'reachable' | 'unreachable';

export interface QualifyState {
  readonly reachability: Reachability;
  /** When the probe in flight left, if one is. */
  readonly probeSentAtMs: number | null;
  /** The round trip of the last answered probe. */
  readonly roundTripMs: number | null;
  readonly stopped: boolean;
}

export type QualifyEvent =
  | { readonly type: 'start' }
  | { readonly type: 'stop' }
  /** The period timer fired. */
  | { readonly type: 'period' }
  /** A final response to the probe in flight. */
  | { readonly type: 'response'; readonly status: number }
  /** The probe timed out (the qualify timeout, or the transaction's own timeout or transport error). */
  | { readonly type: 'timeout' };

export type QualifyEffect =
  | { readonly type: 'send-options' }
  /** Arms the probe timeout; a `timeout` event comes back when it fires. */
  | { readonly type: 'set-probe-timer'; readonly delayMs: number }
  | { readonly type: 'clear-probe-timer' }
  /** Arms the next period; a `period` event comes back when it fires. */
  | { readonly type: 'set-period-timer'; readonly delayMs: number }
  | { readonly type: 'clear-period-timer' }
  /** Abandons the probe in flight (its transaction). */
  | { readonly type: 'abandon-probe' };

export interface QualifyStep {
  readonly state: QualifyState;
  readonly effects: readonly QualifyEffect[];
}

export const INITIAL_QUALIFY_STATE: QualifyState = { reachability: 'unknown', probeSentAtMs: null, roundTripMs: null, stopped: false };

/** One step of the machine. */
export function stepQualify(state: QualifyState, event: QualifyEvent, nowMs: number, policy: QualifyPolicy = DEFAULT_QUALIFY_POLICY): QualifyStep {
  if (state.stopped) return { state, effects: [] };
  switch (event.type) {
    case 'start':
    case 'period':
      if (state.probeSentAtMs !== null) return { state, effects: [{ type: 'set-period-timer', delayMs: policy.periodMs }] };
      return {
        state: { ...state, probeSentAtMs: nowMs },
        effects: [{ type: 'send-options' }, { type: 'set-probe-timer', delayMs: policy.timeoutMs }, { type: 'set-period-timer', delayMs: policy.periodMs }],
      };
    case 'response':
      if (state.probeSentAtMs === null) return { state, effects: [] };
      return {
        state: { ...state, reachability: 'reachable', probeSentAtMs: null, roundTripMs: Math.max(0, nowMs - state.probeSentAtMs) },
        effects: [{ type: 'clear-probe-timer' }],
      };
    case 'timeout':
      if (state.probeSentAtMs === null) return { state, effects: [] };
      return {
        state: { ...state, reachability: 'unreachable', probeSentAtMs: null, roundTripMs: null },
        effects: [{ type: 'clear-probe-timer' }, { type: 'abandon-probe' }],
      };
    case 'stop':
      return {
        state: { ...state, probeSentAtMs: null, stopped: true },
        effects: [{ type: 'clear-probe-timer' }, { type: 'clear-period-timer' }, ...(state.probeSentAtMs === null ? [] : [{ type: 'abandon-probe' } as const])],
      };
  }
}
