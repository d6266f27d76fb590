/**
 * How a node's calls stop: `quiesce` when another node takes them on (their dialogs are let go
 * without a word to the phones, synchronously, at the call; then their actors stop and their media
 * closes: the calls go on elsewhere from their replicas, and this node could take them on again
 * later), and
 * `hangUpAll` when the node goes down for good (every call hangs up, Q.850 41).
 */
import { actorAddress, type channel, type Supervisor } from '../../actors/index.ts';
import type { ActorSystem } from '../../actors/index.ts';
import type { ReplicableSession } from './call-replicas.ts';

/** Why calls end when their node goes down (Q.850 41, temporary failure; SIP 503 to a caller still ringing). */
const SHUTDOWN_CAUSE: channel.HangupCause = { q850: 41, sipStatus: 503, text: 'the node is shutting down' };

export interface CallsStandDownOptions {
  readonly system: Pick<ActorSystem, 'send'>;
  /** The calls whose actors run now. */
  readonly running: ReadonlySet<string>;
  /** Every live channel, with its SIP session. */
  readonly legs: () => readonly { readonly channelId: string; readonly session: ReplicableSession | undefined }[];
  readonly calls: Pick<Supervisor, 'terminateChild'>;
  readonly channels: Pick<Supervisor, 'terminateChild'>;
  readonly openMediaCalls: () => number;
  readonly releaseMedia: (callId: string) => void;
  /** Resolves once the media released has closed and its ports are free (the node may take the calls back at once). */
  readonly mediaReleased: () => Promise<void>;
}

export function callsStandDown(options: CallsStandDownOptions): { quiesce(): Promise<number>; hangUpAll(withinMs: number): Promise<number> } {
  const { running } = options;
  return {
    async quiesce() {
      const callIds = [...running];
      const legs = options.legs();
      // The dialogs first, before anything is awaited: a BYE this node answered from now on would
      // end here a call the new master carries on from its replica. Released, a dialog's requests
      // go unanswered here and are retransmitted to the new master; and a dialog kept would refuse
      // this node the call if it became master again.
      for (const { session } of legs) session?.release?.();
      for (const callId of callIds) await options.calls.terminateChild(callId);
      for (const { channelId } of legs) await options.channels.terminateChild(channelId);
      for (const callId of callIds) options.releaseMedia(callId);
      await options.mediaReleased();
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
