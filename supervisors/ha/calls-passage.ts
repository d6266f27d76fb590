/**
 * How a node's calls pass to it when it becomes master, and from it when it stops being master.
 *
 * @remarks
 * - Taking over: the service address moves here (the takeover command), then every replicated
 *   call is carried on. SIP requests in their dialogs wait from before the address moves until
 *   the calls are there to hear them (the stack's `holdUnknownDialogs`, D-165); then replication
 *   starts under the new epoch.
 * - Letting go: no more replication, the service address released, the dialogs let go and the
 *   actors stopped without a word to the phones. A planned switchover takes the last replicas in
 *   the same instant as it lets the dialogs go (nothing is awaited between), so that a BYE this
 *   node answered is in them and none is answered here after them (D-166); the address goes once
 *   they are written. A node that lost the lease does not wait for Redis (it may be the reason) and
 *   releases the address before anything else, so it has stopped serving before a slave can take
 *   the lapsed lease.
 */
import type { Redis } from 'ioredis';
import type { CallService } from '../calls/call-service.ts';
import { callReplicasKey, loadCallReplicas, type CallReplicator } from './call-replication.ts';
import { runHaCommand } from './ha-command.ts';
import { resumeReplicas, type ResumedReplicas } from './resume-replicas.ts';

/**
 * The longest a takeover keeps in-dialog requests waiting for their calls to be carried on: well
 * inside a peer's 32 s transaction timeout (64×T1), so that a request still gets an answer.
 */
export const TAKEOVER_HOLD_LIMIT_MS = 15_000;

export interface CallsPassageOptions {
  readonly redis: Redis;
  readonly keyPrefix: string;
  readonly replicator: CallReplicator;
  readonly calls: Pick<CallService, 'attachReplication' | 'resume' | 'quiesce'>;
  readonly takeoverCommand?: string;
  readonly releaseCommand?: string;
  readonly holdUnknownDialogs?: (limitMs: number) => () => void;
  readonly log: { warn(fields: Record<string, unknown>, message: string): void; info(fields: Record<string, unknown>, message: string): void };
}

export interface CallsPassage {
  /** Moves the service address here, carries every replicated call on and replicates under `epoch`. */
  takeOver(epoch: number): Promise<ResumedReplicas>;
  /** Lets every call go (see the remarks); resolves with how many there were. */
  letGo(planned: boolean): Promise<number>;
}

export function createCallsPassage(options: CallsPassageOptions): CallsPassage {
  const { redis, keyPrefix, replicator, calls, log } = options;
  const release = (): Promise<void> => runHaCommand(options.releaseCommand, { PARLEY_HA_ROLE: 'slave' }, log);

  const resumeAll = async (epoch: number): Promise<ResumedReplicas> => {
    const endHold = options.holdUnknownDialogs?.(TAKEOVER_HOLD_LIMIT_MS);
    try {
      await runHaCommand(options.takeoverCommand, { PARLEY_HA_EPOCH: String(epoch), PARLEY_HA_ROLE: 'master' }, log);
      const { replicas, unreadable } = await loadCallReplicas(redis, keyPrefix);
      for (const bad of unreadable) log.warn({ callId: bad.callId, detail: bad.detail }, 'HA: unreadable call replica dropped');
      return await resumeReplicas(replicas, epoch, calls.resume);
    } finally {
      endHold?.();
    }
  };

  return {
    async takeOver(epoch) {
      const outcome = await resumeAll(epoch);
      for (const { callId, reason } of outcome.ended) log.warn({ callId, reason }, 'HA: call ended instead of carried on');
      // The replicas of calls that ended here are deleted; the carried-on ones are rewritten under the new epoch.
      await redis.del(callReplicasKey(keyPrefix));
      calls.attachReplication(replicator);
      replicator.start(epoch);
      return outcome;
    },
    async letGo(planned) {
      const written = planned ? replicator.writeFinal() : Promise.resolve(false);
      replicator.stop();
      calls.attachReplication(undefined);
      if (!planned) await release();
      const released = await calls.quiesce();
      if (planned) {
        if (!(await written)) log.warn({}, 'HA: the last call replicas were not written; the new master carries on the calls as last replicated');
        await release();
      }
      return released;
    },
  };
}
