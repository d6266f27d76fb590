/**
 * The call-control port of calld, implemented on the call actors: the calls of the node are read
 * from the last stable snapshot of each call (one calld channel per party), and the verbs are
 * messages to the channel or call actors, checked first against that snapshot so a verb that does
 * not apply answers at once with why.
 *
 * @remarks
 * Hang-up goes to the channel itself (its leg sends BYE, or CANCEL / a final answer while
 * ringing); the call then does what it does when that party hangs up. Hold goes to the call
 * (`call.hold`), which plays the holder's music to the peer as when the phone holds. Remote answer
 * asks the ringing phone to pick up with a NOTIFY `Event: talk` (remote-answer.ts, D-050).
 */
import { actorAddress, call, channel, type ActorSystem } from '../../actors/index.ts';
import type { ActiveCall, CallControlPort, CallControlResult, TransferControlPort } from '../../api/index.ts';
import type { OutOfDialogRequestOptions, OutOfDialogResult } from '../../transport/index.ts';
import { remoteAnswerResult, talkNotify } from './remote-answer.ts';

/** Why a channel hung up through the API (Q.850 16, normal clearing). */
export const API_HANGUP_CAUSE: channel.HangupCause = { q850: 16, sipStatus: 487, text: 'hung up through the API' };

/** Where one channel is: its call's snapshot and its side in it. */
interface ChannelPlace {
  readonly snapshot: call.CallSnapshot;
  readonly side: 'caller' | 'leg';
  readonly model: call.CallModel;
}

export interface CallControlOptions {
  readonly system: ActorSystem;
  /** A user's tenant, from the loaded dialplan (no query per listing). */
  readonly tenantOfUser: (userUuid: string) => string | undefined;
  /** The last stable snapshot of each running call. */
  readonly snapshots: () => Iterable<call.CallSnapshot>;
  /** Sends DTMF from the media session of call `conversationId` towards the far end of `leg` (A faces the caller). */
  readonly sendDtmf: (conversationId: string, leg: 'A' | 'B', digits: string) => void;
  readonly originate: CallControlPort['originate'];
  /** Transfers and relocates. */
  readonly handovers: TransferControlPort;
  /** Sends one out-of-dialog request through the node's SIP stack (the NOTIFY of a remote answer). */
  readonly sendOutOfDialog: (request: OutOfDialogRequestOptions) => Promise<OutOfDialogResult>;
}

/** The calld channels of one call: the caller's while it is up, each outbound leg not yet gone. */
export function channelsOf(snapshot: call.CallSnapshot): ChannelPlace[] {
  if (snapshot.state === 'terminated') return [];
  const places: ChannelPlace[] = [];
  if (snapshot.callerLive) places.push({ snapshot, side: 'caller', model: call.callerChannelModel(snapshot) });
  for (const leg of snapshot.legs) {
    if (leg.status !== 'gone') places.push({ snapshot, side: 'leg', model: call.legChannelModel(snapshot, leg) });
  }
  return places;
}

export function createCallControl(options: CallControlOptions): CallControlPort {
  const { system } = options;
  const places = (): ChannelPlace[] => [...options.snapshots()].flatMap(channelsOf);
  const find = (callId: string): ChannelPlace | undefined => places().find((place) => place.model.call_id === callId);

  /** A channel's tenant is its user's; a channel without a user takes the tenant of its call's users. */
  const withTenants = (found: readonly ChannelPlace[]): Promise<ActiveCall[]> => {
    const tenantOf = (uuid: string | null | undefined) => (uuid == null ? undefined : options.tenantOfUser(uuid));
    return Promise.resolve(found.map((place) => {
      const { snapshot } = place;
      const ofCall = tenantOf(snapshot.caller.userUuid) ?? tenantOf(snapshot.callee?.userUuid);
      return { model: place.model, tenantUuid: tenantOf(place.model.user_uuid) ?? ofCall ?? null };
    }));
  };

  /** The channel when it is a party of an answered call, or why the verb does not apply. */
  const inConversation = (callId: string, verb: string): ChannelPlace | Exclude<CallControlResult, { type: 'done' }> => {
    const place = find(callId);
    if (place === undefined) return { type: 'not-found' };
    const { snapshot } = place;
    if (snapshot.state !== 'established' || (place.side === 'leg' && snapshot.answeredChannelId !== callId)) {
      return { type: 'invalid-state', message: `call ${callId} is not answered: only a call in conversation can be ${verb}` };
    }
    return place;
  };

  const hold = (callId: string, on: boolean): CallControlResult => {
    const place = inConversation(callId, on ? 'held' : 'resumed');
    if ('type' in place) return place;
    if (place.model.on_hold !== on) system.send(actorAddress('call', place.snapshot.callId), { type: 'call.hold', channelId: callId, on });
    return { type: 'done' };
  };

  const mute = (callId: string, on: boolean): CallControlResult => {
    const place = inConversation(callId, on ? 'muted' : 'unmuted');
    if ('type' in place) return place;
    if (place.model.muted !== on) system.send(actorAddress('call', place.snapshot.callId), { type: 'call.mute', channelId: callId, on });
    return { type: 'done' };
  };

  const sendDtmf = (callId: string, digits: string): CallControlResult => {
    const place = inConversation(callId, 'sent DTMF');
    if ('type' in place) return place;
    // The peer of the caller's channel is the callee, on leg B; the callee's peer is the caller, on leg A.
    options.sendDtmf(place.snapshot.callId, place.side === 'caller' ? 'B' : 'A', digits);
    return { type: 'done' };
  };

  return {
    ...options.handovers,
    originate: options.originate,
    listCalls: () => withTenants(places()),
    async getCall(callId) {
      const place = find(callId);
      return place === undefined ? undefined : (await withTenants([place]))[0];
    },
    hangUp(callId) {
      if (find(callId) === undefined) return { type: 'not-found' };
      system.send(actorAddress('channel', callId), { type: 'channel.hangup', cause: API_HANGUP_CAUSE });
      return { type: 'done' };
    },
    hold: (callId, on) => hold(callId, on),
    mute: (callId, on) => mute(callId, on),
    sendDtmf: (callId, digits) => sendDtmf(callId, digits),
    async answer(callId) {
      const place = find(callId);
      if (place === undefined) return { type: 'not-found' };
      if (place.model.status === 'Up') return { type: 'invalid-state', message: `call ${callId} is already answered` };
      const { originate } = place.snapshot;
      // An originated call rings the user's own phone first: that phone may be picked up remotely too.
      if (place.side === 'caller' && originate !== undefined && !originate.sourceAnswered) return remoteAnswerResult(callId, await options.sendOutOfDialog(talkNotify(originate.source)));
      if (place.side === 'caller') return { type: 'invalid-state', message: `call ${callId} is the caller's channel: it is answered when the callee answers` };
      const leg = place.snapshot.legs.find((candidate) => candidate.channelId === callId);
      if (leg?.status !== 'ringing') return { type: 'invalid-state', message: `call ${callId} is not ringing yet: its phone can be answered once it rings` };
      return remoteAnswerResult(callId, await options.sendOutOfDialog(talkNotify(leg.target)));
    },
  };
}
