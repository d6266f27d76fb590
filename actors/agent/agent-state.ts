/**
 * The states of an agent (seed CC-01): logged out, or logged in on a phone and then idle, offered
 * an ACD call, on it, or in wrap-up.
 *
 * @remarks
 * ```
 *   loggedOut ──login──► idle ──a queue's offer (reservation)──► offered ──answered──► onCall
 *       ▲                 ▲ ▲                                      │                     │
 *       │                 │ └──────── withdrawn (no answer, ───────┘                     │ the ACD call ends
 *       │                 │           caller gone, answered elsewhere)                   ▼
 *       │                 └────────────────── wrap-up time over (or none) ───────────── wrapup
 *       └──────────── logout (from any logged-in state; an offer is withdrawn, a call goes on) ──
 * ```
 * Pause is not a state but a flag beside it (an agent pauses during a call and stays paused after
 * it), as is being on a non-ACD call (seed "on_non_acd_call", visible in any state). An agent takes
 * an offer only when idle, unpaused and on no other call: the offer is a reservation held by this
 * actor, so an agent in several queues never gets two ACD calls at once (seed TS-04).
 */
import type { AllowedTransitions } from '../kernel/index.ts';

export type AgentState = 'loggedOut' | 'idle' | 'offered' | 'onCall' | 'wrapup';

export const AGENT_ALLOWED: AllowedTransitions<AgentState> = {
  loggedOut: ['idle'],
  idle: ['offered', 'loggedOut'],
  offered: ['onCall', 'idle', 'loggedOut'],
  onCall: ['wrapup', 'idle', 'loggedOut'],
  wrapup: ['idle', 'loggedOut'],
};
