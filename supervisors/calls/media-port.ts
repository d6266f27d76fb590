/**
 * The media port of calls: one media pool session per call, leg A towards the caller and leg B
 * towards the callee, opened before the call starts and driven by the call's media effects.
 *
 * @remarks
 * The call machine's media effects are fire-and-forget, so the port runs each call's pool commands
 * one after the other (a hold must not overtake the `session.update` before it) and reports a
 * failed command to the logger: the call carries on with the media it has, which is what a PBX
 * does when an RTP relay hiccups. The SDP work is in `media-plan.ts`; this file only keeps the
 * per-call state (ports, our offer to the callee, each leg's origin and codec) and does the I/O.
 */
import { randomInt } from 'node:crypto';
import { call, type Logger } from '../../actors/index.ts';
import type { MediaEvent, MediaPool, MediaSessionId } from '../../media-workers/index.ts';
import type { sdp } from '../../transport/index.ts';
import { planCalleeAnswer, planMedia, type MediaPlan, type MediaRejection } from './media-plan.ts';
import { answerReinvite, applyReofferAnswer, reofferHold, type ReinviteAnswer } from './media-reoffers.ts';

export type { ReinviteAnswer } from './media-reoffers.ts';
import { planOriginateMedia } from './originate-media.ts';
import type { RtpPortAllocator } from './rtp-port-allocator.ts';
import { legOf, mediaReplicaOf, playMusicOnHold, send, type CallMedia, type CallMediaReplica } from './call-media.ts';
import { playFile, playPrompt, promptEnded, stopPrompt } from './media-prompts.ts';
import { bridgeConsult, closeConsult, consultAnswered, openConsult, promoteConsult } from './media-consult.ts';

/** What {@link createMediaPort} needs. */
export interface MediaPortOptions {
  readonly pool: Pick<MediaPool, 'request'>;
  readonly allocator: RtpPortAllocator;
  /** The node's media address, written in every description (an IP literal). */
  readonly mediaAddress: string;
  readonly logger: Pick<Logger, 'warn' | 'error'>;
  /** Receives the answer to a re-INVITE; the composition root sends it as `channel.reinvite_answer`. */
  readonly onReinviteAnswer: (callId: string, channelId: string, answer: ReinviteAnswer) => void;
  /** Receives the hold or resume offer for a party's channel; the composition root sends it as `channel.update_media`. */
  readonly onReoffer: (callId: string, channelId: string, offerSdp: string) => void;
  /** The folder prompts are looked up in (prompt-files.ts). */
  readonly soundsDir: string;
  /** Receives a DTMF digit a party sent (leg A is the caller); the composition root tells the call. */
  readonly onDtmf: (callId: string, party: 'caller' | 'callee', digit: string) => void;
  /** New `o=` session ids; random 1-2^47 by default (RFC 8866 §5.2 only asks for uniqueness). */
  readonly newOriginSessionId?: () => string;
}

/** The outcome of {@link MediaPort.open}: the descriptions of the call, or the status to refuse it with. */
export type OpenMediaResult =
  | { readonly type: 'ok'; readonly callerAnswerSdp: string; readonly calleeOfferSdp: string }
  | { readonly type: 'rejected'; readonly status: 400 | 488 | 500 | 503; readonly reason: string };

/** The media port of calls plus the opening of a call's session. */
export interface MediaPort extends Readonly<call.CallPorts['media']> {
  /**
   * Allocates the call's two port pairs, answers the caller's offer and creates the pool session.
   *
   * @remarks No free port (or no media worker) is 503, so the caller may retry elsewhere
   * (https://www.rfc-editor.org/rfc/rfc3261#section-21.5.4).
   */
  open(callId: string, callerOffer: string): Promise<OpenMediaResult>;
  /** Opens the media of an originated call: `callerAnswerSdp` is then the node's offer to the originating phone. */
  openOriginate(callId: string): Promise<OpenMediaResult>;
  /** How many calls hold a media session now, for metrics and leak checks. */
  openCalls(): number;
  /** Resolves once every release asked so far has closed its session and freed its ports. */
  releasesDone(): Promise<void>;
  /** The call's media state for a replica, while it has a session. */
  replicaOf(callId: string): CallMediaReplica | undefined;
  /**
   * Takes on the media state of a call moved here, whose pool session was re-created from its
   * snapshot; false when the call already has one here.
   */
  adopt(callId: string, replica: CallMediaReplica): boolean;
  /** Plays `file` (a voicemail message's recording) to the caller as prompt `playId`; `onFinished` as for a prompt. */
  playFile(callId: string, playId: number, file: string, onFinished: () => void): void;
  /** Takes the media pool's events: a prompt's end and DTMF go to their call. */
  onMediaEvent(event: MediaEvent): void;
}

function randomOriginSessionId(): string {
  return String(randomInt(1, 2 ** 47));
}

/** Creates the media port over a media pool. */
export function createMediaPort(options: MediaPortOptions): MediaPort {
  const calls = new Map<string, CallMedia>();
  const releasing = new Set<Promise<void>>();
  const newOriginSessionId = options.newOriginSessionId ?? randomOriginSessionId;
  const consultOptions = { ...options, newOriginSessionId };

  /** Runs `step` after the call's earlier commands; a bug in it is logged, never thrown. */
  const enqueue = (callId: string, media: CallMedia, step: () => Promise<void>): void => {
    media.queue = media.queue.then(step).catch((error: unknown) => {
      options.logger.error({ callId, error: String(error) }, 'media command failed');
    });
  };

  const withCall = (callId: string, effect: string, run: (media: CallMedia) => Promise<void>): void => {
    const media = calls.get(callId);
    if (media === undefined) {
      options.logger.warn({ callId, effect }, 'media effect for a call without a media session');
      return;
    }
    enqueue(callId, media, () => run(media));
  };

  /** Opens a call's session with `plan`, trying other ports when the pool finds one taken. */
  const openWith = async (callId: string, plan: Planner): Promise<OpenMediaResult> => {
    if (calls.has(callId)) return { type: 'rejected', status: 500, reason: `call ${callId} already has a media session` };
    const originSessionIds = { caller: newOriginSessionId(), callee: newOriginSessionId() };
    for (let attempt = 1; ; attempt += 1) {
      const opened = await openOnce(options, callId, plan, originSessionIds);
      if (opened.type === 'retry' && attempt < PORT_ATTEMPTS) continue;
      if (opened.type === 'retry') return { type: 'rejected', status: 503, reason: opened.reason };
      if (opened.type === 'rejected') return opened;
      calls.set(callId, { ...opened.media, reoffers: opened.callerOffer === undefined ? {} : { A: opened.callerOffer }, queue: Promise.resolve() });
      return { type: 'ok', callerAnswerSdp: opened.callerAnswerSdp, calleeOfferSdp: opened.calleeOfferSdp };
    }
  };

  return {
    open: (callId, callerOffer) => openWith(callId, (input) => planMedia({ ...input, callerOffer })),
    openOriginate: (callId) => openWith(callId, planOriginateMedia),

    connectCallee(callId, channelId, answerSdp) {
      withCall(callId, 'media.connect_callee', (media) => connectCalleeLeg(options, media, { callId, channelId, answerSdp }));
    },

    hold(callId, party, on, channelId, music) {
      withCall(callId, 'media.hold', async (media) => {
        const leg = legOf(party);
        if (on) await playMusicOnHold(options, callId, media.sessionId, leg, music);
        else await send(options, callId, { type: 'leg.stop_play', sessionId: media.sessionId, leg });
        reofferHold(options, media, { callId, channelId, leg, on });
      });
    },

    reofferAnswered(callId, channelId, party, answerSdp) {
      withCall(callId, 'media.reoffer_answered', (media) => applyReofferAnswer(options, media, { callId, channelId, leg: legOf(party), answerSdp }));
    },

    reinvite(callId, channelId, party, offerSdp) {
      withCall(callId, 'media.reinvite', (media) => answerReinvite(options, media, { callId, channelId, party, offerSdp }));
    },

    mute(callId, party, on) {
      withCall(callId, 'media.mute', async (media) => void (await send(options, callId, { type: 'session.update', sessionId: media.sessionId, leg: legOf(party), muted: on })));
    },

    release(callId) {
      const media = calls.get(callId);
      if (media === undefined) return;
      calls.delete(callId);
      enqueue(callId, media, async () => {
        try {
          await send(options, callId, { type: 'session.destroy', sessionId: media.sessionId });
        } finally {
          options.allocator.release(media.ports.A);
          options.allocator.release(media.ports.B);
          if (media.consult !== undefined) options.allocator.release(media.consult.port);
        }
      });
      const released = media.queue;
      releasing.add(released);
      void released.finally(() => releasing.delete(released));
    },

    consultOpen(callId) {
      const media = calls.get(callId);
      if (media === undefined) return Promise.resolve({ type: 'error', reason: `call ${callId} has no media session` });
      return new Promise((resolve) => enqueue(callId, media, async () => resolve(await openConsult(consultOptions, callId, media))));
    },
    consultBridge(callId, withParty) {
      withCall(callId, 'media.consult_bridge', (media) => bridgeConsult(options, callId, media, withParty));
    },
    consultAnswered(callId, channelId, answerSdp) {
      withCall(callId, 'media.consult_answered', (media) => consultAnswered(options, callId, media, channelId, answerSdp));
    },
    consultPromote(callId, into) {
      withCall(callId, 'media.consult_promote', (media) => promoteConsult(consultOptions, callId, media, into));
    },
    consultClose(callId) {
      withCall(callId, 'media.consult_close', (media) => closeConsult(consultOptions, callId, media));
    },
    music(callId, party, on, music) {
      withCall(callId, 'media.music', async (media) => {
        if (on) await playMusicOnHold(options, callId, media.sessionId, legOf(party), music);
        else await send(options, callId, { type: 'leg.stop_play', sessionId: media.sessionId, leg: legOf(party) });
      });
    },

    play(callId, prompt, onFinished) {
      const media = calls.get(callId);
      if (media === undefined) return void onFinished();
      enqueue(callId, media, () => playPrompt(options, callId, media, prompt, onFinished));
    },
    playFile(callId, playId, file, onFinished) {
      const media = calls.get(callId);
      if (media === undefined) return void onFinished();
      enqueue(callId, media, () => playFile(options, callId, media, playId, file, onFinished));
    },
    stopPlay(callId, playId) {
      withCall(callId, 'media.stop_play', (media) => stopPrompt(options, callId, media, playId));
    },
    onMediaEvent(event) {
      if (!('sessionId' in event) || event.type.startsWith('mixer.')) return;
      const media = calls.get(event.sessionId);
      if (media === undefined) return;
      if (promptEnded(media, event)) return;
      if (event.type === 'leg.dtmf' && (event.leg === 'A' || event.leg === 'B')) options.onDtmf(event.sessionId, event.leg === 'A' ? 'caller' : 'callee', event.digit);
    },

    openCalls: () => calls.size,
    releasesDone: () => Promise.all([...releasing]).then(() => undefined),
    replicaOf(callId) {
      const media = calls.get(callId);
      return media === undefined ? undefined : mediaReplicaOf(media);
    },
    adopt(callId, replica) {
      if (calls.has(callId)) return false;
      calls.set(callId, { ...replica, queue: Promise.resolve() });
      return true;
    },
  };
}

/**
 * How many port pairs to try when the pool finds a port taken by another process.
 *
 * @remarks The allocator hands ports out round-robin, so each attempt gets other ports; another
 * process on the host (another node sharing the range) may hold a run of them.
 */
const PORT_ATTEMPTS = 10;

/** Plans a call's media on given ports. */
type Planner = (input: { readonly sessionId: MediaSessionId; readonly mediaAddress: string; readonly callerPort: number; readonly calleePort: number; readonly originSessionIds: { readonly caller: string; readonly callee: string } }) => (MediaPlan & { readonly callerOffer?: sdp.SentOffer }) | MediaRejection | sdp.SdpFailure;

type OpenOnce =
  | { readonly type: 'ok'; readonly media: Omit<CallMedia, 'queue' | 'reoffers'>; readonly callerAnswerSdp: string; readonly calleeOfferSdp: string; readonly callerOffer?: sdp.SentOffer }
  | { readonly type: 'retry'; readonly reason: string }
  | Extract<OpenMediaResult, { type: 'rejected' }>;

/** One attempt at opening a call's media on a fresh pair of ports, which it frees on failure. */
async function openOnce(options: MediaPortOptions, callId: string, planner: Planner, originSessionIds: { readonly caller: string; readonly callee: string }): Promise<OpenOnce> {
  const ports = allocatePair(options.allocator);
  if (ports === undefined) return { type: 'rejected', status: 503, reason: 'no free RTP port' };
  const free = (): void => {
    options.allocator.release(ports.A);
    options.allocator.release(ports.B);
  };
  const sessionId = callId as MediaSessionId;
  const plan = planner({ sessionId, mediaAddress: options.mediaAddress, callerPort: ports.A, calleePort: ports.B, originSessionIds });
  if (plan.type !== 'ok') {
    free();
    if (plan.type === 'rejected') return plan;
    options.logger.error({ callId, code: plan.code, reason: plan.reason }, 'media parameters cannot make a description');
    return { type: 'rejected', status: 500, reason: plan.reason };
  }
  const reply = await options.pool.request(plan.sessionCreate).catch((error: unknown) => ({ type: 'error' as const, code: 'thrown', message: String(error) }));
  if (reply.type === 'error') {
    free();
    options.logger.warn({ callId, code: reply.code, reason: reply.message }, 'media session not created');
    return reply.code === 'PBX_ERR_MEDIA_PORT_IN_USE' ? { type: 'retry', reason: reply.message } : { type: 'rejected', status: 503, reason: reply.message };
  }
  const [legA, legB] = plan.sessionCreate.legs;
  return {
    type: 'ok',
    media: { sessionId, ports, calleeOffer: plan.calleeOffer, origins: { A: plan.origins.caller, B: plan.origins.callee }, codecs: { A: legA.codec, B: legB.codec } },
    callerAnswerSdp: plan.callerAnswerSdp,
    calleeOfferSdp: plan.calleeOfferSdp,
    ...(plan.callerOffer === undefined ? {} : { callerOffer: plan.callerOffer }),
  };
}

/** Points leg B at the callee's answer; an unusable answer is logged and the leg left as it was. */
async function connectCalleeLeg(options: MediaPortOptions, media: CallMedia, order: { readonly callId: string; readonly channelId: string; readonly answerSdp: string }): Promise<void> {
  const update = planCalleeAnswer(media.sessionId, media.calleeOffer, order.answerSdp);
  if (update.type === 'error') {
    options.logger.warn({ callId: order.callId, channelId: order.channelId, code: update.code, reason: update.reason }, 'callee answer unusable');
    return;
  }
  if (await send(options, order.callId, update)) media.codecs.B = update.codec ?? media.codecs.B;
}

/** Two port pairs, or none (and nothing held) when the range is exhausted. */
function allocatePair(allocator: RtpPortAllocator): { readonly A: number; readonly B: number } | undefined {
  const portA = allocator.allocate();
  if (portA === undefined) return undefined;
  const portB = allocator.allocate();
  if (portB === undefined) {
    allocator.release(portA);
    return undefined;
  }
  return { A: portA, B: portB };
}
