/**
 * The call actor's shell: the call machine plus the runners of its ports (routing, channels,
 * media, events, call logs), all owned here and implemented by the composition root.
 *
 * @remarks
 * A port that answers later (routing) `tell`s the call; the others return at once or run their
 * I/O in the background. A failed call-log write is the store's failure to report, not the call's:
 * the call has ended for its parties either way.
 */
import { actorAddress, type ActorHooks, type ActorSpec, type SpawnOrigin } from '../kernel/index.ts';
import type { DialTarget } from '../channel/channel-messages.ts';
import { callMachine } from './call-machine.ts';
import type { CallEffect, CallEventName, CallMessage, RouteOutcome, RouteReason, RouteTarget } from './call-messages.ts';
import type { CallLogEntry } from './call-records.ts';
import type { CallEventData } from './call-events.ts';
import type { CallEnv } from './call-machine.ts';
import type { CallSnapshot, MusicOnHold, VoicemailMailbox } from './call-snapshot.ts';
import type { Party } from './call-handover.ts';

/** What a call asks routing: a number in a context, or (`target`, an IVR's destination) a user or an IVR directly. */
export interface RouteRequest {
  readonly callId: string;
  readonly dialed: string;
  readonly context: string;
  readonly reason: RouteReason;
  readonly target?: RouteTarget;
  /** The digits entered at a permission's password challenge (reason `password`), to verify. */
  readonly password?: string;
}

/** The ports a call uses. */
export interface CallPorts {
  /** Resolves a dialed number for a caller context (dialplan, registrar, busy state). */
  route(request: RouteRequest): Promise<RouteOutcome>;
  /** Starts the channel actor of an outbound leg. */
  spawnChannel(callId: string, channelId: string, target: DialTarget): Promise<void>;
  media: {
    connectCallee(callId: string, channelId: string, sdp: string): void;
    /** Music on hold towards `party` on or off, and the re-INVITE that tells its channel `channelId`. */
    /** Plays `music` to the held party (or stops it) and tells that party by a re-INVITE on `channelId`. */
    hold(callId: string, party: 'caller' | 'callee', on: boolean, channelId: string, music: MusicOnHold): void;
    /** The answer `party` gave to the re-INVITE of `hold`. */
    reofferAnswered(callId: string, channelId: string, party: 'caller' | 'callee', sdp: string): void;
    reinvite(callId: string, channelId: string, party: 'caller' | 'callee', sdp: string): void;
    /** Stops (or resumes) relaying `party`'s audio to the other party. */
    mute(callId: string, party: 'caller' | 'callee', on: boolean): void;
    release(callId: string): void;
    /**
     * Plays a prompt to the caller's leg; `onFinished` is called once it played out, or at once when
     * it cannot be found or played. A prompt stopped (or replaced) is never reported.
     */
    play(callId: string, prompt: { readonly playId: number; readonly sound: string; readonly tenantUuid: string; readonly language: string }, onFinished: () => void): void;
    /** Stops the prompt `playId` if it still plays. */
    stopPlay(callId: string, playId: number): void;
    /** Opens the consult leg of a handover: the offer its new channel is dialed with. */
    consultOpen(callId: string): Promise<{ readonly type: 'ok'; readonly sdp: string } | { readonly type: 'error'; readonly reason: string }>;
    /** Relays the consult leg with `party`'s leg, or the two parties with each other again. */
    consultBridge(callId: string, withParty: Party | 'parties'): void;
    consultAnswered(callId: string, channelId: string, sdp: string): void;
    consultPromote(callId: string, into: Party): void;
    consultClose(callId: string): void;
    /** Music on hold to a party's leg (on or off), without signalling. */
    music(callId: string, party: Party, on: boolean, music: MusicOnHold): void;
  };
  /**
   * Records the caller's leg as a message of a mailbox and stores it (also when the caller hangs
   * up); `onEnded` is called when the recording ended by `#`, its maximum length, or could not
   * start. Absent: the deposit ends at once and nothing is stored.
   */
  voicemail?: {
    record(callId: string, deposit: { readonly mailbox: VoicemailMailbox; readonly caller: { readonly name: string; readonly number: string } }, onEnded: () => void): void;
    /** Plays a message of the mailbox to the caller; `onFinished` once it played out, or at once when it cannot be played. */
    playMessage(callId: string, playId: number, mailbox: VoicemailMailbox, messageId: string, onFinished: () => void): void;
    /** Moves a message listened to from the inbox to `old`. */
    markHeard(mailbox: VoicemailMailbox, messageId: string): void;
    /** Deletes a message and its recording. */
    deleteMessage(mailbox: VoicemailMailbox, messageId: string): void;
  };
  /**
   * The conference rooms of the node: a join is answered by the room with `call.conference_update`
   * messages to the call. Absent: a call routed to a room is refused as by a full room.
   */
  conferences?: {
    join(callId: string, request: ConferenceJoin): void;
    leave(callId: string, conferenceId: number): void;
    toggleMute(callId: string, conferenceId: number): void;
  };
  /**
   * The queues (contact center): an entry is answered by the queue with `call.queue_update`
   * messages to the call (entered or not, members to ring or stop ringing, exit). Absent: a call
   * routed to a queue is answered `not_entered` with `unavailable`.
   */
  queues?: {
    enter(callId: string, entry: QueueEntry): void;
    abandon(callId: string, queueId: number): void;
    memberAnswered(callId: string, queueId: number, offerId: string, memberId: string): void;
    memberFailed(callId: string, queueId: number, offerId: string, memberId: string): void;
    callEnded(callId: string, queueId: number, memberId: string, by: 'agent' | 'caller'): void;
  };
  /** Publishes a call event; `userUuid` is the user whose ACL (`events.calls.<uuid>`, unless `requiredAcl`) it needs. */
  publish(name: CallEventName, userUuid: string | null, data: CallEventData, requiredAcl?: string): void;
  writeCallLog(log: CallLogEntry): void;
}

/** A call entering a queue: the queue as routed and the caller as the members' phones show it. */
export type QueueEntry = Omit<Extract<CallEffect, { type: 'queue.enter' }>, 'type'>;

/** A call joining a conference room, as the participant it shows. */
export type ConferenceJoin = Omit<Extract<CallEffect, { type: 'conference.join' }>, 'type'>;

export type CallSpec = ActorSpec<CallSnapshot, CallMessage, CallEffect, CallEnv>;

/** The spec that spawns a call actor. */
export function callSpec(options: {
  readonly from: SpawnOrigin<CallSnapshot>;
  readonly callId: string;
  readonly ports: CallPorts;
  /** Names each new outbound channel (unique on the node). */
  readonly newChannelId: () => string;
  readonly hooks?: ActorHooks<CallSnapshot>;
}): CallSpec {
  const { ports, callId } = options;
  return {
    address: actorAddress('call', callId),
    machine: callMachine,
    env: { newChannelId: options.newChannelId },
    from: options.from,
    ...(options.hooks === undefined ? {} : { hooks: options.hooks }),
    runners: {
      'route.resolve': (effect, context) => {
        ports.route({ callId, dialed: effect.dialed, context: effect.context, reason: effect.reason, ...(effect.target === undefined ? {} : { target: effect.target }), ...(effect.password === undefined ? {} : { password: effect.password }) }).then(
          (outcome) => context.tell({ type: 'call.routed', outcome }),
          (error: unknown) => context.tell({ type: 'call.routed', outcome: routingFailed(error) }),
        );
      },
      'channel.spawn': (effect) => ports.spawnChannel(callId, effect.channelId, effect.target),
      'media.connect_callee': (effect) => ports.media.connectCallee(callId, effect.channelId, effect.sdp),
      'media.hold': (effect) => ports.media.hold(callId, effect.party, effect.on, effect.channelId, effect.music),
      'media.reoffer_answered': (effect) => ports.media.reofferAnswered(callId, effect.channelId, effect.party, effect.sdp),
      'media.reinvite': (effect) => ports.media.reinvite(callId, effect.channelId, effect.party, effect.sdp),
      'media.mute': (effect) => ports.media.mute(callId, effect.party, effect.on),
      'media.release': () => ports.media.release(callId),
      'media.play': (effect, context) => {
        const { playId } = effect;
        ports.media.play(callId, { playId, sound: effect.sound, tenantUuid: effect.tenantUuid, language: effect.language }, () => context.tell({ type: 'call.play_finished', playId }));
      },
      'media.stop_play': (effect) => ports.media.stopPlay(callId, effect.playId),
      'voicemail.record': (effect, context) => {
        const ended = () => context.tell({ type: 'call.record_finished' });
        if (ports.voicemail === undefined) ended();
        else ports.voicemail.record(callId, { mailbox: effect.mailbox, caller: effect.caller }, ended);
      },
      'voicemail.play_message': (effect, context) => {
        const { playId } = effect;
        const finished = () => context.tell({ type: 'call.play_finished', playId });
        if (ports.voicemail === undefined) finished();
        else ports.voicemail.playMessage(callId, playId, effect.mailbox, effect.messageId, finished);
      },
      'voicemail.mark_heard': (effect) => ports.voicemail?.markHeard(effect.mailbox, effect.messageId),
      'voicemail.delete': (effect) => ports.voicemail?.deleteMessage(effect.mailbox, effect.messageId),
      'media.consult_open': (effect, context) => {
        ports.media.consultOpen(callId).then(
          (opened) => context.tell(opened.type === 'ok' ? { type: 'call.consult_opened', id: effect.handoverId, sdp: opened.sdp } : { type: 'call.consult_failed', id: effect.handoverId, reason: opened.reason }),
          (error: unknown) => context.tell({ type: 'call.consult_failed', id: effect.handoverId, reason: String(error) }),
        );
      },
      'media.consult_bridge': (effect) => ports.media.consultBridge(callId, effect.with),
      'media.consult_answered': (effect) => ports.media.consultAnswered(callId, effect.channelId, effect.sdp),
      'media.consult_promote': (effect) => ports.media.consultPromote(callId, effect.into),
      'media.consult_close': () => ports.media.consultClose(callId),
      'media.music': (effect) => ports.media.music(callId, effect.party, effect.on, effect.music),
      'conference.join': (effect, context) => {
        const { type: _type, ...request } = effect;
        if (ports.conferences === undefined) context.tell({ type: 'call.conference_update', conferenceId: effect.room.conferenceId, update: 'refused' });
        else ports.conferences.join(callId, request);
      },
      'conference.leave': (effect) => ports.conferences?.leave(callId, effect.conferenceId),
      'conference.toggle_mute': (effect) => ports.conferences?.toggleMute(callId, effect.conferenceId),
      'queue.enter': (effect, context) => {
        const { type: _type, ...entry } = effect;
        if (ports.queues === undefined) context.tell({ type: 'call.queue_update', queueId: effect.queue.queueId, update: { type: 'not_entered', status: 'unavailable' } });
        else ports.queues.enter(callId, entry);
      },
      'queue.abandon': (effect) => ports.queues?.abandon(callId, effect.queueId),
      'queue.member_answered': (effect) => ports.queues?.memberAnswered(callId, effect.queueId, effect.offerId, effect.memberId),
      'queue.member_failed': (effect) => ports.queues?.memberFailed(callId, effect.queueId, effect.offerId, effect.memberId),
      'queue.call_ended': (effect) => ports.queues?.callEnded(callId, effect.queueId, effect.memberId, effect.by),
      'event.publish': (effect) => ports.publish(effect.name, effect.userUuid, effect.data, effect.requiredAcl),
      'call_log.write': (effect) => ports.writeCallLog(effect.log),
    },
  };
}

/** A routing port that failed (the store is down): the caller gets 503, as Asterisk answers. */
function routingFailed(error: unknown): RouteOutcome {
  return { type: 'refuse', cause: { q850: 41, sipStatus: 503, text: `routing failed: ${error instanceof Error ? error.message : String(error)}` } };
}
