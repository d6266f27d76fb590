/** The channel kind in the migration property: an inbound or outbound leg, its call's commands and its SIP leg's facts. */
import fc from 'fast-check';
import { actorAddress, channel } from '../../../actors/index.ts';
import { MIGRATION_START_MS, type MigrationKind } from '../actor-migration.ts';

const CALL = actorAddress('call', 'c1');
const TARGET: channel.DialTarget = { requestUri: 'sip:1002@10.0.0.2:5062', destination: { transport: 'udp', address: '10.0.0.2', port: 5062 }, toUri: 'sip:1002@pbx' };
const sdp = fc.constantFrom('v=0 a', 'v=0 b', 'v=0 sendonly');
const cause = fc.constantFrom(...Object.values(channel.CAUSES));

const commands: fc.Arbitrary<channel.ChannelMessage> = fc.oneof(
  sdp.map((offer): channel.ChannelMessage => ({ type: 'channel.dial', target: TARGET, caller: { name: 'Alice', number: '1001' }, sdp: offer })),
  fc.record({ status: fc.constantFrom<180 | 183>(180, 183), sdp: fc.option(sdp, { nil: undefined }) })
    .map(({ status, sdp: early }): channel.ChannelMessage => (early === undefined ? { type: 'channel.progress', status } : { type: 'channel.progress', status, sdp: early })),
  sdp.map((answer): channel.ChannelMessage => ({ type: 'channel.answer', sdp: answer })),
  cause.map((reason): channel.ChannelMessage => ({ type: 'channel.hangup', cause: reason })),
  sdp.map((offer): channel.ChannelMessage => ({ type: 'channel.update_media', sdp: offer })),
  sdp.map((answer): channel.ChannelMessage => ({ type: 'channel.reinvite_answer', sdp: answer })),
  fc.constant<channel.ChannelMessage>({ type: 'channel.send_info', contentType: 'application/dtmf-relay', body: 'Signal=5' }),
);

const legFacts: fc.Arbitrary<channel.ChannelMessage> = fc.oneof(
  fc.record({ status: fc.constantFrom(100, 180, 183), sdp: fc.option(sdp, { nil: undefined }) })
    .map(({ status, sdp: early }): channel.ChannelMessage => (early === undefined ? { type: 'sip.provisional', status } : { type: 'sip.provisional', status, sdp: early })),
  sdp.map((answer): channel.ChannelMessage => ({ type: 'sip.answered', sdp: answer })),
  fc.constant<channel.ChannelMessage>({ type: 'sip.confirmed' }),
  fc.constantFrom(486, 408, 603).map((status): channel.ChannelMessage => ({ type: 'sip.failed', status, reason: `status ${status}` })),
  fc.constant<channel.ChannelMessage>({ type: 'sip.cancelled' }),
  fc.constant<channel.ChannelMessage>({ type: 'sip.bye_received' }),
  fc.record({ sdp, hold: fc.boolean() }).map((offer): channel.ChannelMessage => ({ type: 'sip.reinvite_received', ...offer })),
  sdp.map((answer): channel.ChannelMessage => ({ type: 'sip.reinvite_answered', sdp: answer })),
  fc.constant<channel.ChannelMessage>({ type: 'sip.info_received', contentType: 'application/dtmf-relay', body: 'Signal=1' }),
  fc.constant<channel.ChannelMessage>({ type: 'sip.ack_timeout' }),
  fc.constant<channel.ChannelMessage>({ type: 'sip.session_expired' }),
);

export const channelKind: MigrationKind<channel.ChannelSnapshot, channel.ChannelMessage, null> = {
  file: 'actors/channel/channel-actor.ts',
  newWorld: () => null,
  initial: fc.oneof(
    fc.constant(channel.outboundChannel('c1-1', CALL, MIGRATION_START_MS)),
    fc.option(sdp, { nil: undefined }).map((offer) => channel.inboundChannel('c1-1', CALL, MIGRATION_START_MS, offer)),
  ),
  spawn: (system, from, ports, _world, hooks) => system.spawn(channel.channelSpec({
    from, hooks,
    channelId: 'c1-1',
    leg: {
      invite: (target, caller, offer) => ports.record('sip.invite', { target, caller, sdp: offer }),
      provisional: (status, early) => ports.record('sip.provisional', { status, sdp: early }),
      accept: (answer) => ports.record('sip.accept', answer),
      reject: (status, reason) => ports.record('sip.reject', { status, reason }),
      cancel: (reason) => ports.record('sip.cancel', reason),
      bye: () => ports.record('sip.bye'),
      reinvite: (offer) => ports.record('sip.reinvite', offer),
      answerReinvite: (answer) => ports.record('sip.answer_reinvite', answer),
      info: (contentType, body) => ports.record('sip.info', { contentType, body }),
    },
  })),
  peers: () => [CALL],
  messages: fc.oneof(commands, legFacts),
  maxAdvanceMs: 60_000,
  maxSteps: 25,
  numRuns: 400,
};
