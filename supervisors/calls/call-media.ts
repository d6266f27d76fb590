/**
 * The media state the node keeps per call (ports, offers, origins and codecs of each leg of its
 * pool session) and the pool commands shared by the media port's parts.
 */
import { call, type Logger } from '../../actors/index.ts';
import type { G711Codec, LegName, MediaCommand, MediaPool, MediaSessionId } from '../../media-workers/index.ts';
import type { sdp } from '../../transport/index.ts';

/** What the pool commands need. */
export interface MediaCommandOptions {
  readonly pool: Pick<MediaPool, 'request'>;
  readonly logger: Pick<Logger, 'warn' | 'error'>;
}

/** The consult leg (C) of a handover: its port, our offer to the new channel, its origin and codec. */
export interface ConsultMedia {
  readonly port: number;
  readonly offer: sdp.SentOffer;
  origin: sdp.OriginState;
  codec: G711Codec;
}

export interface CallMedia {
  readonly sessionId: MediaSessionId;
  ports: { A: number; B: number };
  readonly calleeOffer: sdp.SentOffer;
  origins: { A: sdp.OriginState; B: sdp.OriginState };
  codecs: { A: G711Codec; B: G711Codec };
  /**
   * Our latest hold or resume offer on a leg. It stays after an answer: when a resume follows a
   * hold quickly, the hold's answer may come once the resume was planned, and both answers are
   * read against the latest offer (a recvonly answer is as legal for sendrecv as for sendonly).
   */
  reoffers: { A?: sdp.SentOffer; B?: sdp.SentOffer };
  /** The consult leg of a transfer or relocate in progress. */
  consult?: ConsultMedia;
  /** The prompt playing on leg A and whom to tell when it ends (media-prompts.ts). */
  prompt?: { readonly playId: number; readonly onFinished: () => void } | undefined;
  /** The tail of this call's command queue. */
  queue: Promise<void>;
}

/** What another node needs of a call's media state to carry the call on (no prompt, no command queue). */
export type CallMediaReplica = Omit<CallMedia, 'queue' | 'prompt'>;

/** The replica of a call's media state. */
export function mediaReplicaOf(media: CallMedia): CallMediaReplica {
  const { sessionId, ports, calleeOffer, origins, codecs, reoffers, consult } = media;
  return { sessionId, ports: { ...ports }, calleeOffer, origins: { ...origins }, codecs: { ...codecs }, reoffers: { ...reoffers }, ...(consult === undefined ? {} : { consult: { ...consult } }) };
}

/**
 * Plays a music-on-hold class to a leg; a class that cannot be played (deleted, its folder empty)
 * falls back to the default class, so a held party never hears silence for a configuration slip.
 */
export async function playMusicOnHold(options: MediaCommandOptions, callId: string, sessionId: MediaSessionId, leg: LegName, music: call.MusicOnHold): Promise<void> {
  if (await send(options, callId, { type: 'leg.play', sessionId, leg, mohClass: music.mohClass, order: music.order })) return;
  if (music.mohClass === call.DEFAULT_MUSIC_ON_HOLD.mohClass) return;
  await send(options, callId, { type: 'leg.play', sessionId, leg, mohClass: call.DEFAULT_MUSIC_ON_HOLD.mohClass, order: music.order });
}

/** Sends a command, logging a failure reply; true when it succeeded. */
export async function send(options: MediaCommandOptions, callId: string, command: MediaCommand): Promise<boolean> {
  const reply = await options.pool.request(command);
  if (reply.type !== 'error') return true;
  options.logger.warn({ callId, command: command.type, code: reply.code, reason: reply.message }, 'media pool refused a command');
  return false;
}

/** The pool leg of a party: A faces the caller, B the callee. */
export function legOf(party: 'caller' | 'callee'): 'A' | 'B' {
  return party === 'caller' ? 'A' : 'B';
}
