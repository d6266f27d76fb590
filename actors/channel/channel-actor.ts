/**
 * The channel actor's shell: the channel machine plus the runners of its SIP leg port.
 *
 * @remarks
 * The port is owned here and implemented by the composition root over the UA core's INVITE session
 * of the leg; the facts of that session come back to the actor as {@link SipLegFact} messages sent
 * to its address. Channels are temporary: never restarted (style §7.6).
 */
import { actorAddress, type ActorHooks, type ActorSpec, type SpawnOrigin } from '../kernel/index.ts';
import { channelMachine } from './channel-machine.ts';
import type { ChannelEffect, ChannelMessage, DialTarget, PartyIdentity } from './channel-messages.ts';
import type { ChannelSnapshot } from './channel-snapshot.ts';

/** What a channel asks of its SIP leg. Calls return at once; outcomes arrive as messages. */
export interface SipLegPort {
  invite(target: DialTarget, caller: PartyIdentity, sdp: string): void;
  provisional(status: 180 | 183, sdp: string | undefined): void;
  accept(sdp: string): void;
  reject(status: number, reason: string): void;
  /** Cancels the INVITE; `reason` is the CANCEL's Reason header (RFC 3326), if any. */
  cancel(reason?: string): void;
  bye(): void;
  reinvite(sdp: string): void;
  answerReinvite(sdp: string): void;
  info(contentType: string, body: string): void;
}

export type ChannelSpec = ActorSpec<ChannelSnapshot, ChannelMessage, ChannelEffect, Record<never, never>>;

/** The spec that spawns a channel actor for a leg. */
export function channelSpec(options: {
  readonly from: SpawnOrigin<ChannelSnapshot>;
  readonly channelId: string;
  readonly leg: SipLegPort;
  readonly hooks?: ActorHooks<ChannelSnapshot>;
}): ChannelSpec {
  const { leg } = options;
  return {
    address: actorAddress('channel', options.channelId),
    machine: channelMachine,
    env: {},
    from: options.from,
    ...(options.hooks === undefined ? {} : { hooks: options.hooks }),
    runners: {
      'sip.invite': (effect) => leg.invite(effect.target, effect.caller, effect.sdp),
      'sip.provisional': (effect) => leg.provisional(effect.status, effect.sdp),
      'sip.accept': (effect) => leg.accept(effect.sdp),
      'sip.reject': (effect) => leg.reject(effect.status, effect.reason),
      'sip.cancel': (effect) => leg.cancel(effect.reason),
      'sip.bye': () => leg.bye(),
      'sip.reinvite': (effect) => leg.reinvite(effect.sdp),
      'sip.answer_reinvite': (effect) => leg.answerReinvite(effect.sdp),
      'sip.info': (effect) => leg.info(effect.contentType, effect.body),
    },
  };
}
