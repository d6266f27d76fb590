/** The channel actor kind: one leg of a call (a SIP dialog, later a TDM timeslot). */
export * from './channel-state.ts';
export * from './channel-messages.ts';
export * from './channel-snapshot.ts';
export * from './hangup-cause.ts';
export { channelMachine } from './channel-machine.ts';
export { channelSpec, type ChannelSpec, type SipLegPort } from './channel-actor.ts';
