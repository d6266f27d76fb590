/**
 * The call-details port of the console's live calls view (api/calld/call-details-port.ts), over
 * the calls' last stable snapshots, their media state and the media pool: for each channel, the
 * worker hosting its call's media session, the codec of its leg (A faces the caller, B the callee,
 * C a transfer's recipient) and the packet loss of what its phone sent, from that leg's receive
 * counters.
 *
 * @remarks
 * The receive counters are read with one `session.snapshot` per media session asked (the caller's
 * and the callee's channels share one), each bounded by `statsTimeoutMs` so that a busy or
 * restarting worker makes the loss unknown (null) rather than the listing slow.
 */
import type { call } from '../../actors/index.ts';
import type { CallDetailsPort, ChannelDetails } from '../../api/index.ts';
import type { LegStats, MediaPool, MediaSessionId } from '../../media-workers/index.ts';
import { channelsOf } from './call-control.ts';
import type { CallMediaReplica } from './call-media.ts';

/** How long one session's counters are waited for. */
export const STATS_TIMEOUT_MS = 1_000;

export interface CallDetailsOptions {
  readonly nodeName: string;
  /** The last stable snapshot of each running call. */
  readonly snapshots: () => Iterable<call.CallSnapshot>;
  /** The media state of a call (codecs of its legs, its consult leg), while it has a session. */
  readonly mediaOf: (callId: string) => Pick<CallMediaReplica, 'codecs' | 'consult'> | undefined;
  readonly pool: Pick<MediaPool, 'request' | 'workerOf'>;
  readonly statsTimeoutMs?: number;
}

/** The packets a leg's far end sent that never arrived, in percent of those expected (2 decimals); null before any. */
export function packetLossPercent(stats: LegStats | undefined): number | null {
  if (stats === undefined) return null;
  const { packets, lostEstimate } = stats.received;
  const expected = packets + lostEstimate;
  return expected === 0 ? null : Math.round((lostEstimate / expected) * 10_000) / 100;
}

type Leg = 'A' | 'B' | 'C';

/** The media leg of a channel: the caller's faces A, a handover's recipient C, any other leg B. */
function legOfChannel(snapshot: call.CallSnapshot, side: 'caller' | 'leg', channelId: string): Leg {
  if (side === 'caller') return 'A';
  return snapshot.legs.find((leg) => leg.channelId === channelId)?.role === 'handover' ? 'C' : 'B';
}

/** The context a transfer from the channel dials in, as the transfer itself picks it (handover-control.ts). */
function contextOf(snapshot: call.CallSnapshot, side: 'caller' | 'leg'): string {
  return side === 'caller' ? snapshot.caller.context : snapshot.callee?.context ?? snapshot.caller.context;
}

export function createCallDetails(options: CallDetailsOptions): CallDetailsPort {
  const timeoutMs = options.statsTimeoutMs ?? STATS_TIMEOUT_MS;

  /** The receive counters of legs A and B of a session, or undefined when the worker does not say in time. */
  const statsOf = async (sessionId: MediaSessionId): Promise<readonly [LegStats, LegStats] | undefined> => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, timeoutMs, undefined)));
    const asked = options.pool.request({ type: 'session.snapshot', sessionId }).then((reply) => (reply.type === 'error' ? undefined : reply.stats), () => undefined);
    try {
      return await Promise.race([asked, late]);
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    nodeName: () => options.nodeName,
    async detailsOf(callIds) {
      const wanted = new Set(callIds);
      const places = [...options.snapshots()].flatMap(channelsOf).filter((place) => wanted.has(place.model.call_id));
      const sessions = [...new Set(places.map((place) => place.snapshot.callId))];
      const stats = new Map(await Promise.all(sessions.map(async (sessionId) => [sessionId, await statsOf(sessionId as MediaSessionId)] as const)));
      const found = new Map<string, ChannelDetails>();
      for (const { snapshot, side, model } of places) {
        const media = options.mediaOf(snapshot.callId);
        const leg = legOfChannel(snapshot, side, model.call_id);
        const legStats = leg === 'C' ? undefined : stats.get(snapshot.callId)?.[leg === 'A' ? 0 : 1];
        found.set(model.call_id, {
          mediaWorker: media === undefined ? null : options.pool.workerOf(snapshot.callId as MediaSessionId) ?? null,
          codec: media === undefined ? null : leg === 'C' ? media.consult?.codec ?? null : media.codecs[leg],
          packetLossPercent: packetLossPercent(legStats),
          context: contextOf(snapshot, side),
        });
      }
      return found;
    },
  };
}
