/**
 * What the API (or a phone's re-INVITE) does to a party of an established call: hold and mute.
 */
import { handled, ignored, type KernelEffect, type Transition } from '../kernel/index.ts';
import type { CallEffect } from './call-messages.ts';
import { DEFAULT_MUSIC_ON_HOLD, type CallSnapshot } from './call-snapshot.ts';
import { callerChannelModel, channelEvent, holdEvent, legChannelModel } from './call-events.ts';
import { findLeg } from './call-legs.ts';

type Effect = CallEffect | KernelEffect;
type Result = Transition<CallSnapshot, Effect>;

/**
 * A party holds the call (or takes it off hold): the other party hears the holder's music. When
 * the holder's phone asked by re-INVITE (`sdp`), that offer is answered; a hold ordered through
 * the API (no `sdp`) leaves the holder's phone as it is, as calld's hold does.
 */
export function onHold(snapshot: CallSnapshot, holderChannelId: string, on: boolean, sdp: string | undefined): Result {
  if (snapshot.state !== 'established') return ignored(`hold in ${snapshot.state}`);
  const fromCaller = holderChannelId === snapshot.caller.channelId;
  if (!fromCaller && holderChannelId !== snapshot.answeredChannelId) return ignored(`hold from ${holderChannelId}, not a party of the call`);
  const party: 'caller' | 'callee' = fromCaller ? 'caller' : 'callee';
  const heldParty: 'caller' | 'callee' = fromCaller ? 'callee' : 'caller';
  const held = on ? [...snapshot.held.filter((p) => p !== heldParty), heldParty] : snapshot.held.filter((p) => p !== heldParty);
  const next: CallSnapshot = { ...snapshot, held };
  const heldChannelId = fromCaller ? snapshot.answeredChannelId : snapshot.caller.channelId;
  if (heldChannelId === undefined) return ignored('hold without an answered leg');
  const answerHolder: Effect[] = sdp === undefined ? [] : [{ type: 'media.reinvite', channelId: holderChannelId, party, sdp }];
  return handled(next, [
    ...answerHolder,
    // The held party hears the holder's class (Asterisk's mohsuggest, Wazo's user music_on_hold).
    { type: 'media.hold', party: heldParty, on, channelId: heldChannelId, music: (fromCaller ? snapshot.caller.musicOnHold : snapshot.callee?.musicOnHold) ?? DEFAULT_MUSIC_ON_HOLD },
    holdEvent(next, holderChannelId, on),
  ]);
}

/** A party's channel muted (or unmuted) through the API: its audio stops reaching the peer; `call_updated` tells. */
export function onMute(snapshot: CallSnapshot, channelId: string, on: boolean): Result {
  if (snapshot.state !== 'established') return ignored(`mute in ${snapshot.state}`);
  const fromCaller = channelId === snapshot.caller.channelId;
  const leg = findLeg(snapshot, channelId);
  if (!fromCaller && (leg === undefined || channelId !== snapshot.answeredChannelId)) return ignored(`mute of ${channelId}, not a party of the call`);
  const muted = (snapshot.muted ?? []).filter((id) => id !== channelId);
  const next: CallSnapshot = { ...snapshot, muted: on ? [...muted, channelId] : muted };
  const model = fromCaller || leg === undefined ? callerChannelModel(next) : legChannelModel(next, leg);
  return handled(next, [{ type: 'media.mute', party: fromCaller ? 'caller' : 'callee', on }, channelEvent('call_updated', model)]);
}
