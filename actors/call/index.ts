/** The call actor kind: the conversation that owns its channels. */
export * from './call-state.ts';
export * from './call-messages.ts';
export * from './call-snapshot.ts';
export * from './call-records.ts';
export * from './call-events.ts';
export { callMachine, type CallEnv, RING_TIMEOUT, TERMINATE_GRACE, TERMINATE_GRACE_MS, MAX_FORWARDS } from './call-machine.ts';
export { HANDOVER_TIMEOUT } from './call-ending.ts';
export * from './call-handover.ts';
export * from './call-handover-events.ts';
export { crashedCallCleanup } from './call-crash.ts';
export { callSpec, type CallPorts, type CallSpec, type ConferenceJoin, type QueueEntry, type RouteRequest } from './call-actor.ts';
export { CONFERENCE_PROMPTS, CONFERENCE_TOGGLE_MUTE_DIGIT } from './call-conference.ts';
export type { ConsultMessage } from './mailbox-consult.ts';
export type { CallQueue, QueueCallEffect, QueueFallbackCase, QueueRefusal, QueueRingMember, QueueRoute, QueueUpdate } from './queue-route.ts';
export type { CalleeFallbacks, CallHunt, FallbackCase, HuntFallback, HuntMember, HuntPlan } from './hunt-plan.ts';
export { HUNT_RETRY, HUNT_STEP_TIMEOUT, MIN_RETRY_DELAY_MS } from './call-hunt.ts';
export { DEFAULT_PROMPT_LANGUAGE, IVR_TIMER_PREFIX, unsupportedDestinationCause } from './call-ivr.ts';
