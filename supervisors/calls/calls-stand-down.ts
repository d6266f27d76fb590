/**
 * How a node's calls stop: `quiesce` when another node takes them on (their actors stop without a
 * word to the phones and their media closes: the calls go on elsewhere from their replicas), and
 * `hangUpAll` when the node goes down for good (every call hangs up, Q.850 41).
 */
import { actorAddress, type channel, type Supervisor } from '../../actors/index.ts';
import type { ActorSystem } from '../../actors/index.ts';

/** Why calls end when their node goes down (Q.850 41, temporary failure; SIP 503 to a caller still ringing). */
const SHUTDOWN_CAUSE: channel.HangupCause = { q850: 41, sipStatus: 503, text: 'the node is shutting down' };

export interface CallsStandDownOptions {
  readonly system: Pick<ActorSystem, 'send'>;
  /** The calls whose actors run now. */
  readonly running: ReadonlySet<string>;
  readonly channelIds: () => readonly string[];
  readonly calls: Pick<Supervisor, 'terminateChild'>;
  readonly channels: Pick<Supervisor, 'terminateChild'>;
  readonly openMediaCalls: () => number;
  readonly releaseMedia: (callId: string) => void;
}

export function callsStandDown(options: CallsStandDownOptions): { quiesce(): Promise<number>; hangUpAll(withinMs: number): Promise<number> } {
  const { running } = options;
  return {
    async quiesce() {
      const callIds = [...running];
      const channelIds = options.channelIds();
      for (const callId of callIds) await options.calls.terminateChild(callId);
      for (const channelId of channelIds) await options.channels.terminateChild(channelId);
      for (const callId of callIds) options.releaseMedia(callId);
      return callIds.length;
    },
    async hangUpAll(withinMs) {
      for (const callId of running) options.system.send(actorAddress('call', callId), { type: 'call.hangup', cause: SHUTDOWN_CAUSE });
      const deadline = Date.now() + withinMs;
      while ((running.size > 0 || options.openMediaCalls() > 0) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      return running.size;
    },
  };
}
