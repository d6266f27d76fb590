/**
 * The berofos failover switch (seed HA-09): one actor per device keeps its relays on the node that
 * serves, retries a device that does not answer, and logs each switch.
 */
export { BEROFOS_ALLOWED } from './berofos-state.ts';
export type { BerofosState } from './berofos-state.ts';
export { berofosStatus, newBerofos, ownRelayMode, readBerofosSnapshot, wantedRelayMode } from './berofos-snapshot.ts';
export type { BerofosSnapshot, BerofosStatus } from './berofos-snapshot.ts';
export type { BerofosEffect, BerofosFailureData, BerofosMessage, BerofosNodeRole, BerofosReport } from './berofos-messages.ts';
export { ATTEMPT_TIMER, berofosMachine, DEFAULT_BEROFOS_TIMINGS, RETRY_TIMER, retryDelayMs, VERIFY_TIMER } from './berofos-machine.ts';
export type { BerofosTimings } from './berofos-machine.ts';
export { berofosAddress, berofosSpec } from './berofos-actor.ts';
export type { BerofosPorts, BerofosRoundOutcome, BerofosSpec } from './berofos-actor.ts';
