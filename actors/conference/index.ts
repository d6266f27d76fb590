/** The conference room actor kind (seed CF-17): one per room on a node, its mixer and its events. */
export * from './conference-state.ts';
export * from './conference-snapshot.ts';
export * from './conference-messages.ts';
export { conferenceMachine, CONFERENCE_SOUNDS } from './conference-machine.ts';
export { conferenceAddress, conferenceSpec, type ConferencePorts, type ConferenceSpec } from './conference-actor.ts';
