/**
 * The states of a call: the conversation that owns its channels (one inbound leg, the outbound legs
 * it rings).
 *
 * @remarks
 * ```
 *   initial ──routed to a user──► establishing ──a leg answers──► established
 *      │                              │   ▲                             │
 *      │                              │   └── no-answer / busy forward  │
 *      └──refused (404, busy…)──┐     └──every leg failed, timeout──┐   │ a side hangs up
 *                               ▼                                   ▼   ▼
 *                          terminating ◄─────────────────────────── terminating ──every channel gone──► terminated
 * ```
 * `terminating` waits for every channel to report `channel.hung_up` (or a grace timer), so the call
 * log is written once, with the real end time, after the last leg is gone.
 */
import type { AllowedTransitions } from '../kernel/index.ts';

export type CallState = 'initial' | 'establishing' | 'established' | 'terminating' | 'terminated';

export const CALL_ALLOWED: AllowedTransitions<CallState> = {
  initial: ['establishing', 'terminating'],
  establishing: ['established', 'terminating'],
  established: ['terminating'],
  terminating: ['terminated'],
  terminated: [],
};
