/**
 * What a call actor is sent in the migration property: routing answers of every kind, its
 * channels' facts, prompts played out, digits, its room's and its queue's updates, handovers, and
 * hang-ups. Channel ids follow the property's id source: the caller's leg is `c1-0`, the legs the
 * call dials are `c1-1`, `c1-2`…
 */
import fc from 'fast-check';
import { channel, type call, type ivr } from '../../../actors/index.ts';

export const CALL_ID = 'c1';
export const CALLER_CHANNEL = `${CALL_ID}-0`;
/** The legs a run reaches (the caller's first); later ones are dead letters, recorded as such. */
export const CALL_CHANNELS = Array.from({ length: 8 }, (_, index) => `${CALL_ID}-${index}`);

const contact = (port: number): call.DialTarget => ({ requestUri: `sip:u@10.0.0.2:${port}`, destination: { transport: 'udp', address: '10.0.0.2', port }, toUri: 'sip:u@pbx' });
const user = (number: string): call.CalledUser => ({ userId: Number(number), userUuid: `u${number}`, name: `User ${number}`, number, context: 'default' });
const elsewhere: call.HuntFallback = { type: 'dial', dialed: '1003', context: 'default' };
const contacts = fc.integer({ min: 0, max: 3 }).map((count) => Array.from({ length: count }, (_, index) => contact(5060 + index)));

const MENU: ivr.IvrMenu<call.IvrDestination> = {
  greetingSound: 'welcome', menuSound: 'choices', invalidSound: 'invalid-choice', abortSound: 'error', timeoutSeconds: 5, maxTries: 3,
  choices: [
    { exten: '1', action: { type: 'destination', destination: { type: 'user', userId: 2 } } },
    { exten: '2', action: { type: 'destination', destination: { type: 'extension', exten: '8833', context: 'default' } } },
    { exten: '3', action: { type: 'destination', destination: { type: 'hangup', cause: 'normal' } } },
    { exten: '4', action: { type: 'destination', destination: { type: 'queue', queueId: 4 } } },
  ],
};

const MAILBOX: call.VoicemailMailbox = { voicemailId: 3, tenantUuid: 't', number: '1002', context: 'default' };
const ROOM: call.ConferenceRoom = { conferenceId: 9, tenantUuid: 't', name: 'Room', maxUsers: 0, record: false, quietJoin: false, announceOnlyUser: true, announceUserCount: false, announceJoinLeave: false, musicOnHold: 'default' };
const QUEUE: call.QueueRoute = { queueId: 4, tenantUuid: 't', name: 'support', label: 'Support', musicOnHold: { mohClass: 'default', order: 'sequential' }, fallbacks: { noanswer: elsewhere, fail: elsewhere }, diversions: {} };

const huntPlan = fc.record({ strategy: fc.constantFrom('all', 'linear'), phones: fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 3 }), fallback: fc.boolean(), timeout: fc.boolean() })
  .map(({ strategy, phones, fallback, timeout }): call.HuntPlan => {
    const members = phones.map((count, index): call.HuntMember => ({ user: user(`20${index}`), contacts: Array.from({ length: count }, (_, phone) => contact(6000 + index * 2 + phone)) }));
    const steps = members.length === 0 ? [] : strategy === 'all' ? [members] : members.map((member) => [member]);
    return { groupId: 1, groupUuid: 'g1', groupName: 'sales', steps, stepSeconds: 15, retryDelaySeconds: 5, timeoutSeconds: timeout ? 40 : null, ...(fallback ? { fallback: elsewhere } : {}) };
  });

/** A routing answer of every kind, mostly a user's phones. */
export const routeOutcome: fc.Arbitrary<call.RouteOutcome> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ contacts, busy: fc.boolean(), forwards: fc.boolean(), fallbacks: fc.boolean(), ringSeconds: fc.constantFrom(5, 30) }).map(({ forwards, fallbacks, ...dial }): call.RouteOutcome => ({
    type: 'dial', user: user('1002'), ...dial, ...(forwards ? { noAnswerForward: '1003', busyForward: '1004' } : {}), ...(fallbacks ? { fallbacks: { noanswer: elsewhere, busy: elsewhere } } : {}),
  })) },
  { weight: 1, arbitrary: fc.constant<call.RouteOutcome>({ type: 'refuse', cause: channel.CAUSES.notFound }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 }).map((count): call.RouteOutcome => ({
    type: 'trunks', ringSeconds: 20, attempts: Array.from({ length: count }, (_, index) => ({ trunkId: index + 1, target: contact(7000 + index), caller: { name: 'Alice', number: '0155' } })),
  })) },
  { weight: 1, arbitrary: fc.constant<call.RouteOutcome>({ type: 'ivr', ivrId: 8, tenantUuid: 't', menu: MENU }) },
  { weight: 1, arbitrary: fc.constant<call.RouteOutcome>({ type: 'feature', feature: 'dnd', sound: 'dnd-on', tenantUuid: 't' }) },
  { weight: 1, arbitrary: fc.boolean().map((conferencePin): call.RouteOutcome => ({ type: 'challenge', tenantUuid: 't', request: { dialed: '1002', context: 'default' }, ...(conferencePin ? { kind: 'conference' as const } : {}) })) },
  { weight: 1, arbitrary: huntPlan.map((plan): call.RouteOutcome => ({ type: 'hunt', plan })) },
  { weight: 1, arbitrary: fc.constant<call.RouteOutcome>({ type: 'voicemail', mailbox: MAILBOX }) },
  { weight: 1, arbitrary: fc.constant<call.RouteOutcome>({ type: 'mailbox', mailbox: MAILBOX, messages: [{ id: 'm1', folder: 'inbox' }, { id: 'm2', folder: 'old' }] }) },
  { weight: 1, arbitrary: fc.boolean().map((admin): call.RouteOutcome => ({ type: 'conference', room: ROOM, admin })) },
  { weight: 1, arbitrary: fc.constant<call.RouteOutcome>({ type: 'queue', queue: QUEUE }) },
);

/** The legs the call dials, mostly the first ones; the caller's leg is drawn apart, as its hang-up ends most calls. */
const legId = fc.constantFrom(`${CALL_ID}-1`, `${CALL_ID}-1`, `${CALL_ID}-2`, `${CALL_ID}-2`, `${CALL_ID}-3`, `${CALL_ID}-4`, `${CALL_ID}-5`);
const channelId = fc.oneof({ weight: 1, arbitrary: fc.constant(CALLER_CHANNEL) }, { weight: 3, arbitrary: legId });
const sdp = fc.constantFrom('v=0 a', 'v=0 sendonly');
const cause = fc.constantFrom(channel.CAUSES.normal, channel.CAUSES.busy, channel.CAUSES.rejected, channel.CAUSES.congestion);

const channelFact: fc.Arbitrary<call.CallMessage> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ channelId: legId, status: fc.constantFrom(180, 183), sdp: fc.option(sdp, { nil: undefined }) })
    .map(({ sdp: early, ...ringing }): call.CallMessage => ({ type: 'channel.ringing', ...ringing, ...(early === undefined ? {} : { sdp: early }) })) },
  { weight: 4, arbitrary: fc.record({ channelId, sdp }).map((answer): call.CallMessage => ({ type: 'channel.answered', ...answer })) },
  { weight: 3, arbitrary: fc.record({ channelId: legId, cause, byRemote: fc.boolean() }).map((ended): call.CallMessage => ({ type: 'channel.hung_up', ...ended })) },
  { weight: 1, arbitrary: fc.record({ cause, byRemote: fc.boolean() }).map((ended): call.CallMessage => ({ type: 'channel.hung_up', channelId: CALLER_CHANNEL, ...ended })) },
  { weight: 2, arbitrary: fc.record({ channelId, sdp, type: fc.constantFrom('channel.held' as const, 'channel.resumed' as const, 'channel.media_changed' as const, 'channel.reoffer_answered' as const) })
    .map((fact): call.CallMessage => fact) },
  { weight: 1, arbitrary: channelId.map((id): call.CallMessage => ({ type: 'channel.info', channelId: id, contentType: 'application/dtmf-relay', body: 'Signal=5' })) },
);

const queueUpdate: fc.Arbitrary<call.QueueUpdate> = fc.oneof(
  { weight: 2, arbitrary: fc.constant<call.QueueUpdate>({ type: 'entered', position: 1 }) },
  { weight: 1, arbitrary: fc.constantFrom<call.QueueRefusal>('full', 'joinempty').map((status): call.QueueUpdate => ({ type: 'not_entered', status })) },
  { weight: 3, arbitrary: fc.record({ offer: fc.integer({ min: 1, max: 2 }), phones: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 2 }) }).map(({ offer, phones }): call.QueueUpdate => ({
    type: 'ring', offerId: `4.${offer}`,
    members: phones.map((count, index) => ({ memberId: `agent:${index}`, user: user(`30${index}`), contacts: Array.from({ length: count }, (_, phone) => contact(8000 + index * 2 + phone)) })),
  })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 }).map((offer): call.QueueUpdate => ({ type: 'stop_ringing', offerId: `4.${offer}`, memberIds: ['agent:0'] })) },
  { weight: 1, arbitrary: fc.constantFrom('timeout' as const, 'leaveempty' as const).map((status): call.QueueUpdate => ({ type: 'exit', status })) },
);

/** A transfer (attended or blind, by either party) or a relocate of the callee's device, always named `h1`. */
export const handoverStart: fc.Arbitrary<call.CallMessage> = fc.oneof(
  fc.record({ flow: fc.constantFrom('attended' as const, 'blind' as const), initiatorChannelId: fc.constantFrom(CALLER_CHANNEL, `${CALL_ID}-1`) }).map((transfer): call.CallMessage => ({
    type: 'call.transfer', id: 'h1', ...transfer, exten: '1003', context: 'default', initiatorUuid: 'u1001', initiatorTenantUuid: 't',
  })),
  fc.constantFrom<call.RelocateCompletion>('answer', 'api').map((completion): call.CallMessage => ({
    type: 'call.relocate', id: 'h1', initiatorChannelId: `${CALL_ID}-1`, user: user('1002'), targets: [contact(9000)], completions: [completion], ringSeconds: 20,
  })),
);

const handover: fc.Arbitrary<call.CallMessage> = fc.oneof(
  handoverStart,
  fc.constantFrom('call.handover_complete' as const, 'call.handover_cancel' as const).map((type): call.CallMessage => ({ type, id: 'h1' })),
  fc.constant<call.CallMessage>({ type: 'call.consult_opened', id: 'h1', sdp: 'v=0 consult' }),
  fc.constant<call.CallMessage>({ type: 'call.consult_failed', id: 'h1', reason: 'no media port' }),
);

/** Every message of a call, weighted so that runs get past routing and into each feature. */
export const callMessages: fc.Arbitrary<call.CallMessage> = fc.oneof(
  { weight: 3, arbitrary: routeOutcome.map((routed): call.CallMessage => ({ type: 'call.routed', outcome: routed })) },
  { weight: 8, arbitrary: channelFact },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 5 }).map((playId): call.CallMessage => ({ type: 'call.play_finished', playId })) },
  { weight: 3, arbitrary: fc.constantFrom('1', '2', '3', '4', '0', '5', '#', '*').map((digit): call.CallMessage => ({ type: 'call.dtmf', party: 'caller', digit })) },
  { weight: 1, arbitrary: fc.constant<call.CallMessage>({ type: 'call.record_finished' }) },
  { weight: 1, arbitrary: fc.constantFrom<call.ConferenceUpdate>('joined', 'joined_alone', 'refused', 'kicked', 'alone', 'not_alone').map((update): call.CallMessage => ({ type: 'call.conference_update', conferenceId: 9, update })) },
  { weight: 2, arbitrary: queueUpdate.map((update): call.CallMessage => ({ type: 'call.queue_update', queueId: 4, update })) },
  { weight: 2, arbitrary: handover },
  { weight: 1, arbitrary: fc.record({ channelId, on: fc.boolean(), type: fc.constantFrom('call.hold' as const, 'call.mute' as const) }).map((order): call.CallMessage => order) },
  { weight: 1, arbitrary: fc.constant<call.CallMessage>({ type: 'call.hangup', cause: channel.CAUSES.normal }) },
);

/** The callee's first phone rings and answers: the call is established with `c1-1`. */
const CALLEE_ANSWERS: readonly call.CallMessage[] = [
  { type: 'channel.ringing', channelId: `${CALL_ID}-1`, status: 180 },
  { type: 'channel.answered', channelId: `${CALL_ID}-1`, sdp: 'v=0 callee' },
];

/**
 * How a scenario opens: any routing answer, or a conversation (the callee's phones rung, the first
 * answering), often followed by a handover, its recipient routed and its consult leg opened.
 */
export const callPrelude: fc.Arbitrary<readonly call.CallMessage[]> = fc.oneof(
  routeOutcome.map((outcome): readonly call.CallMessage[] => [{ type: 'call.routed', outcome }]),
  fc.record({
    phones: fc.integer({ min: 1, max: 2 }),
    handover: fc.option(handoverStart, { nil: undefined }),
    recipientRouted: fc.boolean(),
    consultOpened: fc.boolean(),
  }).map(({ phones, handover, recipientRouted, consultOpened }): readonly call.CallMessage[] => [
    { type: 'call.routed', outcome: { type: 'dial', user: user('1002'), ringSeconds: 30, contacts: Array.from({ length: phones }, (_, index) => contact(5060 + index)), busy: false } },
    ...CALLEE_ANSWERS,
    ...(handover === undefined ? [] : [handover]),
    ...(handover !== undefined && recipientRouted ? [{ type: 'call.routed' as const, outcome: { type: 'dial' as const, user: user('1003'), ringSeconds: 20, contacts: [contact(5070)], busy: false } }] : []),
    ...(handover !== undefined && consultOpened ? [{ type: 'call.consult_opened' as const, id: 'h1', sdp: 'v=0 consult' }] : []),
  ]),
);
