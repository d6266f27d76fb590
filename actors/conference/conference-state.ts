/**
 * The states of a conference room on a node (seed CF-17).
 *
 * @remarks
 * ```
 *            first join (its mixer is created)
 *   idle ─────────────────────────────────────► active ──join / leave / kick / mute / record / talk──┐
 *    ▲                                            │  ▲                                                 │
 *    │  last leave or kick (its mixer destroyed,  │  └─────────────────────────────────────────────────┘
 *    └──────── a recording stopped) ◄─────────────┘
 * ```
 * `idle` has no participant and no mixer; `active` has at least one participant and the room's
 * mixer. A join to a full room (`max_users`) is refused and leaves the state as it was. A room
 * stays on its node while the node runs: an idle room costs a snapshot and nothing else.
 */
import type { AllowedTransitions } from '../kernel/index.ts';

export type ConferenceState = 'idle' | 'active';

export const CONFERENCE_ALLOWED: AllowedTransitions<ConferenceState> = {
  idle: ['active'],
  active: ['active', 'idle'],
};
