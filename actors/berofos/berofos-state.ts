/**
 * The states of the actor that keeps one berofos switch in step with this node's role.
 *
 * @remarks
 * ```
 *   starting ──first role──► checking ──device in step──► steady ──verify timer, role change──┐
 *                             ▲  │  ▲                                                           │
 *                             │  │  └──────────── result for an older wanted position ─────────┤
 *                             │  └──no answer, refused, bad answer──► backingOff               │
 *                             │                                          │                     │
 *                             └──────── retry timer, role change ────────┘◄────────────────────┘
 * ```
 * `checking` has one round with the device in flight (read the settings, write what differs, read
 * back), guarded by the `attempt` timer. A node that serves (master or standalone) drives the
 * relays to its own port; a slave only reads the device, for the health view.
 */
import type { AllowedTransitions } from '../kernel/index.ts';

export type BerofosState = 'starting' | 'checking' | 'backingOff' | 'steady';

export const BEROFOS_ALLOWED: AllowedTransitions<BerofosState> = {
  starting: ['checking'],
  checking: ['steady', 'backingOff'],
  backingOff: ['checking'],
  steady: ['checking'],
};
