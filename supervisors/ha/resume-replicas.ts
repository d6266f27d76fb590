/**
 * The new master carries on every call it found replicated, several at a time.
 *
 * @remarks
 * Each call's RTP is silent from the old master's end until its media session is restored here, so
 * the gap of the last call resumed is the sum of the resumes before it when they run one after the
 * other: each waits on a media worker's reply and on its actors' spawns, and a loaded machine
 * stretches every wait. Calls are independent (their own ports, dialogs and actors), so up to
 * `RESUME_CONCURRENCY` run at once; the bound keeps one takeover of thousands of calls from flooding
 * the media workers' queues and the actor system at the same instant.
 */
import type { CallReplica } from '../calls/call-replica.ts';
import type { ResumeOutcome } from '../calls/call-resume.ts';

/** How many calls are resumed at once. */
export const RESUME_CONCURRENCY = 16;

export interface ResumedReplicas {
  readonly resumed: number;
  /** The calls ended instead, each with why; `hangingUp` when it was ending anyway. */
  readonly ended: readonly { readonly callId: string; readonly reason: string; readonly hangingUp?: true }[];
}

/** Resumes every replica under `epoch`, `concurrency` at a time; a resume that throws counts as ended. */
export async function resumeReplicas(
  replicas: readonly CallReplica[],
  epoch: number,
  resume: (replica: CallReplica, epoch: number) => Promise<ResumeOutcome>,
  concurrency = RESUME_CONCURRENCY,
): Promise<ResumedReplicas> {
  let resumed = 0;
  const ended: { callId: string; reason: string; hangingUp?: true }[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < replicas.length) {
      const replica = replicas[next] as CallReplica;
      next += 1;
      const outcome = await resume(replica, epoch).catch((error: unknown): ResumeOutcome => ({ type: 'ended', callId: replica.callId, reason: String(error) }));
      if (outcome.type === 'resumed') resumed += 1;
      else ended.push({ callId: outcome.callId, reason: outcome.reason, ...(outcome.hangingUp === true ? { hangingUp: true as const } : {}) });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, replicas.length)) }, worker));
  return { resumed, ended };
}
