import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CallReplica } from '../calls/call-replica.ts';
import type { ResumeOutcome } from '../calls/call-resume.ts';
import { resumeReplicas } from './resume-replicas.ts';

const replicas = (count: number): CallReplica[] => Array.from({ length: count }, (_, index) => ({ callId: `call-${String(index)}` }) as CallReplica);

describe('resuming the replicated calls on a new master', () => {
  it('MUST resume every call, several at once but never more than the bound, under the epoch given', async () => {
    let running = 0;
    let most = 0;
    const epochs = new Set<number>();
    const started: string[] = [];
    const outcome = await resumeReplicas(replicas(40), 7, async (replica, epoch) => {
      running += 1;
      most = Math.max(most, running);
      epochs.add(epoch);
      started.push(replica.callId);
      await new Promise((resolve) => setTimeout(resolve, 2));
      running -= 1;
      return { type: 'resumed', callId: replica.callId };
    }, 8);
    assert.deepEqual(outcome, { resumed: 40, ended: [] });
    assert.equal(most, 8, 'eight at once');
    assert.deepEqual([...epochs], [7]);
    assert.deepEqual(started, replicas(40).map((replica) => replica.callId), 'started in the order found');
  });

  it('MUST count a call that could not be carried on, or whose resume threw, as ended with its reason, and go on with the others', async () => {
    const outcome = await resumeReplicas(replicas(5), 2, async (replica): Promise<ResumeOutcome> => {
      if (replica.callId === 'call-1') return { type: 'ended', callId: replica.callId, reason: 'its RTP ports are taken on this node' };
      if (replica.callId === 'call-3') throw new Error('the actor system is closing');
      return { type: 'resumed', callId: replica.callId };
    });
    assert.deepEqual(outcome, {
      resumed: 3,
      ended: [{ callId: 'call-1', reason: 'its RTP ports are taken on this node' }, { callId: 'call-3', reason: 'Error: the actor system is closing' }],
    });
  });

  it('MUST answer at once when there is no call to resume', async () => {
    assert.deepEqual(await resumeReplicas([], 1, () => assert.fail('nothing to resume')), { resumed: 0, ended: [] });
  });
});
