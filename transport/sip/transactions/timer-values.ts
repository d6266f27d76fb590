/**
 * The transaction timers of RFC 3261 (Table 4, §17) and RFC 6026 (§8.11), with their units.
 *
 * @remarks
 * Every timer scales with T1 except D (an absolute floor of 32 s) and those based on T4. A
 * transaction layer may tune T1, T2 and T4 (RFC 3261 §17.1.1.2: "T1 MAY be chosen larger, and this
 * is RECOMMENDED if it is known in advance ... that the RTT is larger"); the defaults below are the
 * RFC's. https://www.rfc-editor.org/rfc/rfc3261#appendix-A
 */
import { assertNever } from './assert-never.ts';

/** RTT estimate: the first retransmission interval. */
export const T1_MS = 500;
/** The longest retransmission interval for non-INVITE requests and INVITE responses. */
export const T2_MS = 4000;
/** The longest time a message stays in the network. */
export const T4_MS = 5000;

/** INVITE request retransmission interval, UDP only (doubles each time, no cap). */
export const TIMER_A_MS = T1_MS;
/** INVITE transaction timeout. */
export const TIMER_B_MS = 64 * T1_MS;
/** Wait time for response retransmissions in the INVITE client's Completed state (UDP). */
export const TIMER_D_MS = 32_000;
/** Non-INVITE request retransmission interval, UDP only. */
export const TIMER_E_MS = T1_MS;
/** Non-INVITE transaction timeout. */
export const TIMER_F_MS = 64 * T1_MS;
/** INVITE final-response retransmission interval, UDP only. */
export const TIMER_G_MS = T1_MS;
/** Wait time for the ACK to a non-2xx final response. */
export const TIMER_H_MS = 64 * T1_MS;
/** Wait time for ACK retransmissions (UDP). */
export const TIMER_I_MS = T4_MS;
/** Wait time for non-INVITE request retransmissions (UDP). */
export const TIMER_J_MS = 64 * T1_MS;
/** Wait time for non-INVITE response retransmissions (UDP). */
export const TIMER_K_MS = T4_MS;
/** Wait time for INVITE retransmissions and 2xx from the TU in the server's Accepted state (RFC 6026). */
export const TIMER_L_MS = 64 * T1_MS;
/** Wait time for 2xx retransmissions and forked 2xx in the client's Accepted state (RFC 6026). */
export const TIMER_M_MS = 64 * T1_MS;

/** The timers a transaction can arm. */
export type TimerName = 'A' | 'B' | 'D' | 'E' | 'F' | 'G' | 'H' | 'I' | 'J' | 'K' | 'L' | 'M';

/** The base values a transaction layer is tuned with. */
export interface SipTimerConfig {
  readonly t1Ms: number;
  readonly t2Ms: number;
  readonly t4Ms: number;
}

/** RFC 3261 defaults: T1 500 ms, T2 4 s, T4 5 s. */
export const DEFAULT_SIP_TIMER_CONFIG: SipTimerConfig = { t1Ms: T1_MS, t2Ms: T2_MS, t4Ms: T4_MS };

/** Why a timer configuration was refused. */
export type SipTimerConfigError = {
  readonly type: 'error';
  readonly code: 'invalid-timer-config';
  readonly detail: string;
};

/**
 * Fills in defaults and checks a timer configuration.
 *
 * @remarks T2 below T1 would make the capped back-off shrink, so it is refused, as are values that
 * are not positive finite numbers.
 */
export function resolveSipTimerConfig(
  overrides: Partial<SipTimerConfig> = {},
): { readonly type: 'ok'; readonly config: SipTimerConfig } | SipTimerConfigError {
  const config: SipTimerConfig = { ...DEFAULT_SIP_TIMER_CONFIG, ...overrides };
  for (const [name, value] of Object.entries(config)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      return { type: 'error', code: 'invalid-timer-config', detail: `${name} must be a positive number of ms` };
    }
  }
  if (config.t2Ms < config.t1Ms) {
    return { type: 'error', code: 'invalid-timer-config', detail: 't2Ms must not be below t1Ms' };
  }
  return { type: 'ok', config };
}

/**
 * The value a timer is first armed with.
 *
 * @remarks Reliable transports (TCP, WebSocket) never arm A, E or G and give D, I, J and K the value
 * zero (RFC 3261 §17.1.1.2, §17.1.2.2, §17.2.1, §17.2.2); zero means "terminate now", which the
 * machines do without arming anything. Timer D is "at least 32 seconds for unreliable transports"
 * because the client cannot know the server's T1 (§17.1.1.2); with a T1 above the default it grows
 * to 64·T1 so that it still covers the server's Timer H.
 * https://www.rfc-editor.org/rfc/rfc3261#section-17.1.1.2
 */
export function initialTimerMs(name: TimerName, config: SipTimerConfig, reliable: boolean): number {
  switch (name) {
    case 'A':
    case 'E':
    case 'G':
      return reliable ? 0 : config.t1Ms;
    case 'B':
    case 'F':
    case 'H':
    case 'L':
    case 'M':
      return 64 * config.t1Ms;
    case 'D':
      return reliable ? 0 : Math.max(TIMER_D_MS, 64 * config.t1Ms);
    case 'J':
      return reliable ? 0 : 64 * config.t1Ms;
    case 'I':
    case 'K':
      return reliable ? 0 : config.t4Ms;
    default:
      return assertNever(name);
  }
}

/**
 * The next interval of a capped retransmission timer (E in Trying, G): `MIN(2·current, T2)`.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-17.1.2.2
 */
export function nextCappedIntervalMs(currentMs: number, config: SipTimerConfig): number {
  return Math.min(2 * currentMs, config.t2Ms);
}
