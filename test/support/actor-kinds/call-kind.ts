/**
 * The call kind in the migration property: a call a phone placed (or one originated through the
 * API), every port recording what it is asked. Ports that answer later (routing, prompts,
 * recordings, the consult leg) never answer by themselves: their answers are messages of the
 * scenario, as they would reach a call that moved while they were pending.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { actorAddress, call, channel, type ActorRef } from '../../../actors/index.ts';
import { MIGRATION_START_MS, type MigrationKind, type MigrationOutcome, type MigrationStep, type PortRecorder } from '../actor-migration.ts';
import { CALL_CHANNELS, CALL_ID, CALLER_CHANNEL, callMessages, callPrelude } from './call-kind-messages.ts';

/**
 * The id source of new channels, shared by every node of one run.
 *
 * @remarks
 * On a real node the source is node-unique (`<epoch>.<seq>`), so a moved call names its next legs
 * otherwise than it would have; the twins must name them alike to be compared, hence one source.
 */
interface CallWorld {
  legs: number;
}

const CALLER: call.CallerParty = { channelId: CALLER_CHANNEL, name: 'Alice', number: '1001', context: 'default', userUuid: 'u1001', lineId: 1 };
const MEDIA = { callerAnswerSdp: 'v=0 caller-answer', calleeOfferSdp: 'v=0 callee-offer' };
const SOURCE: call.DialTarget = { requestUri: 'sip:1001@10.0.0.1:5060', destination: { transport: 'udp', address: '10.0.0.1', port: 5060 }, toUri: 'sip:1001@pbx' };

const pending = (): Promise<never> => new Promise<never>(() => undefined);

function recordingPorts(ports: PortRecorder): call.CallPorts {
  return {
    route: (request) => {
      ports.record('route', request);
      return pending();
    },
    spawnChannel: async (callId, channelId, target) => ports.record('spawn_channel', { callId, channelId, target }),
    media: {
      connectCallee: (callId, channelId, sdp) => ports.record('media.connect_callee', { callId, channelId, sdp }),
      hold: (callId, party, on, channelId, music) => ports.record('media.hold', { callId, party, on, channelId, music }),
      reofferAnswered: (callId, channelId, party, sdp) => ports.record('media.reoffer_answered', { callId, channelId, party, sdp }),
      reinvite: (callId, channelId, party, sdp) => ports.record('media.reinvite', { callId, channelId, party, sdp }),
      mute: (callId, party, on) => ports.record('media.mute', { callId, party, on }),
      release: (callId) => ports.record('media.release', callId),
      play: (callId, prompt) => ports.record('media.play', { callId, prompt }),
      stopPlay: (callId, playId) => ports.record('media.stop_play', { callId, playId }),
      consultOpen: (callId) => {
        ports.record('media.consult_open', callId);
        return pending();
      },
      consultBridge: (callId, withParty) => ports.record('media.consult_bridge', { callId, withParty }),
      consultAnswered: (callId, channelId, sdp) => ports.record('media.consult_answered', { callId, channelId, sdp }),
      consultPromote: (callId, into) => ports.record('media.consult_promote', { callId, into }),
      consultClose: (callId) => ports.record('media.consult_close', callId),
      music: (callId, party, on, music) => ports.record('media.music', { callId, party, on, music }),
    },
    voicemail: {
      record: (callId, deposit) => ports.record('voicemail.record', { callId, deposit }),
      playMessage: (callId, playId, mailbox, messageId) => ports.record('voicemail.play_message', { callId, playId, mailbox, messageId }),
      markHeard: (mailbox, messageId) => ports.record('voicemail.mark_heard', { mailbox, messageId }),
      deleteMessage: (mailbox, messageId) => ports.record('voicemail.delete', { mailbox, messageId }),
    },
    conferences: {
      join: (callId, request) => ports.record('conference.join', { callId, request }),
      leave: (callId, conferenceId) => ports.record('conference.leave', { callId, conferenceId }),
      toggleMute: (callId, conferenceId) => ports.record('conference.toggle_mute', { callId, conferenceId }),
    },
    queues: {
      enter: (callId, entry) => ports.record('queue.enter', { callId, entry }),
      abandon: (callId, queueId) => ports.record('queue.abandon', { callId, queueId }),
      memberAnswered: (callId, queueId, offerId, memberId) => ports.record('queue.member_answered', { callId, queueId, offerId, memberId }),
      memberFailed: (callId, queueId, offerId, memberId) => ports.record('queue.member_failed', { callId, queueId, offerId, memberId }),
      callEnded: (callId, queueId, memberId, by) => ports.record('queue.call_ended', { callId, queueId, memberId, by }),
    },
    publish: (name, userUuid, data, requiredAcl) => ports.record('publish', { name, userUuid, data, requiredAcl }),
    writeCallLog: (log) => ports.record('call_log', log),
  };
}

/** Every call is hung up at the end, its legs report their end, and its grace time passes. */
const EPILOGUE: readonly MigrationStep<call.CallMessage>[] = [
  { type: 'message', message: { type: 'call.hangup', cause: channel.CAUSES.normal } },
  ...CALL_CHANNELS.map((channelId): MigrationStep<call.CallMessage> => ({ type: 'message', message: { type: 'channel.hung_up', channelId, cause: channel.CAUSES.normal, byRemote: false } })),
  { type: 'advance', durationMs: call.TERMINATE_GRACE_MS },
];

/** A call ends exactly once, with exactly one call log, its media released. */
function endedOnceWithOneLog(outcome: MigrationOutcome<call.CallSnapshot>): void {
  const count = (port: string): number => outcome.asked.filter((line) => line.split(' ')[1] === port).length;
  assert.equal(outcome.snapshot.data.state, 'terminated', `the call ended in ${outcome.snapshot.data.state}`);
  assert.match(outcome.ended ?? 'running', /^stopped requested/, `the call ended as ${outcome.ended ?? 'still running'}`);
  assert.equal(count('call_log'), 1, 'call logs written');
  assert.ok(count('media.release') >= 1, 'the media was never released');
}

export const callKind: MigrationKind<call.CallSnapshot, call.CallMessage, CallWorld> = {
  file: 'actors/call/call-actor.ts',
  newWorld: () => ({ legs: 0 }),
  initial: fc.constantFrom('placed', 'originated').map((origin) => {
    const placed = call.newCall(CALL_ID, CALLER, '1002', MEDIA, MIGRATION_START_MS);
    return origin === 'placed' ? placed : { ...placed, originate: { source: SOURCE, sourceAnswered: false } };
  }),
  spawn: (system, from, ports, world, hooks): Promise<ActorRef<call.CallMessage, call.CallSnapshot>> => system.spawn(call.callSpec({
    from, hooks, callId: CALL_ID, ports: recordingPorts(ports), newChannelId: () => `${CALL_ID}-${++world.legs}`,
  })),
  // The service sends it right after the spawn: it is the first message of every new call.
  firstMessages: [{ type: 'call.start' }],
  peers: () => CALL_CHANNELS.map((channelId) => actorAddress('channel', channelId)),
  messages: callMessages,
  // The originating user answers (ignored by a call a phone placed), then routing answers, often
  // into a conversation and a handover, so that most runs get past routing.
  prelude: callPrelude.map((opening): readonly call.CallMessage[] => [{ type: 'channel.answered', channelId: CALLER_CHANNEL, sdp: 'v=0 source' }, ...opening]),
  epilogue: EPILOGUE,
  invariant: endedOnceWithOneLog,
  maxAdvanceMs: 40_000,
  maxSteps: 60,
  numRuns: 300,
};
