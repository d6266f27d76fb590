/**
 * The states of a channel: one leg of a call, a SIP INVITE dialog (or, later, a TDM timeslot).
 *
 * @remarks
 * ```
 *            dial / INVITE received
 *   idle ───────────────────────► offering ──180──► ringing ──183+SDP──► earlyMedia
 *                                    │  │             │  │                  │
 *                                    │  └──183+SDP────┼──┼──────────────────┘
 *                                    │                │  │         200 (answer)
 *                                    ├────────────────┴──┴──────────────► answered ◄──resume──► held
 *                                    │                                        │                  │
 *                                    └─ reject / CANCEL / 4xx–6xx / BYE ──────┴──────────────────┴──► hungUp
 * ```
 * `hungUp` is final. Inbound and outbound legs share the diagram; what differs is who sends the
 * SIP messages (the channel machine knows its direction).
 */
import type { AllowedTransitions } from '../kernel/index.ts';

export type ChannelState = 'idle' | 'offering' | 'ringing' | 'earlyMedia' | 'answered' | 'held' | 'hungUp';

export const CHANNEL_ALLOWED: AllowedTransitions<ChannelState> = {
  idle: ['offering', 'hungUp'],
  offering: ['ringing', 'earlyMedia', 'answered', 'hungUp'],
  ringing: ['earlyMedia', 'answered', 'hungUp'],
  earlyMedia: ['ringing', 'answered', 'hungUp'],
  answered: ['held', 'hungUp'],
  held: ['answered', 'hungUp'],
  hungUp: [],
};

/** States in which the leg has not been answered yet (a hang-up is a CANCEL or a rejection). */
export function isEarly(state: ChannelState): boolean {
  return state === 'idle' || state === 'offering' || state === 'ringing' || state === 'earlyMedia';
}
