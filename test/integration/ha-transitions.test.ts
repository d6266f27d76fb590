/**
 * High availability at the instants calls pass between the nodes of a pair, with fifty calls and
 * RTP measured both ways:
 *
 * - the master's process stalls (a stop-the-world pause, an overloaded host) past its fence: it
 *   stands down; whichever node then takes the lease (the other, or this one again once it runs)
 *   carries every call on, and each call still ends with a normal BYE on both legs;
 * - the callers hang up one after another while a planned switchover runs: each BYE is answered
 *   by the node that serves the call at that instant, or waits for the node taking it over, and
 *   every callee gets its BYE; each call has its one call log.
 *
 * @remarks Needs root (see ha-lab.test.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listCallLogs } from '../../store/index.ts';
import { formatMs } from '../support/call-media-figures.ts';
import { startHaPair, type HaPair } from '../support/ha-pair.ts';
import { LAB_SIP_PORT } from '../support/lab-node.ts';
import { startMeasuredCalls, type MeasuredCalls } from '../support/measured-calls.ts';
import { netnsLabUnavailable } from '../support/netns-lab.ts';
import { nowMs } from '../support/rtp-meter.ts';
import { waitUntil } from '../support/wait-until.ts';

const CALLS = 50;
/** Past the fence of the shipped 1.5 s lease (70 %), about when the lease itself lapses. */
const STALL_MS = 1_300;
const unavailable = await netnsLabUnavailable();

describe('HA while calls pass between the nodes', { skip: unavailable ?? false }, () => {
  let pair: HaPair;
  let calls: MeasuredCalls | undefined;
  const haLines = (): string => pair.logLines().join('\n');
  const startCalls = async (): Promise<MeasuredCalls> => {
    await calls?.close();
    calls = await startMeasuredCalls({
      count: CALLS, target: { address: pair.ha.lab.virtualAddress, port: LAB_SIP_PORT }, localAddress: pair.ha.lab.bridgeAddress,
      dialed: '0555000', user: '1001', password: pair.ha.demoPassword, calleePort: pair.providerPort,
    });
    await calls.waitUntilFlowing(90_000);
    return calls;
  };
  /** Every caller and every callee ended its call normally (BYE, 200), and each call has one answered, ended call log. */
  const endedNormally = async (hanging: ReturnType<MeasuredCalls['hangUp']>, sinceMs: number): Promise<void> => {
    const { callers, callees } = await hanging.catch((error: unknown) => {
      throw new Error(`${String(error)}\n${haLines()}\n${String(error)}`);
    });
    assert.equal(callers.successfulCalls, CALLS, callers.errors || callers.stdout);
    assert.equal(callees.successfulCalls, CALLS, callees.errors || callees.stdout);
    const ended = async () => (await listCallLogs(pair.ha.database, { fromMs: sinceMs, limit: 4 * CALLS })).items.filter((log) => log.answered && log.endedAtMs !== null);
    assert.ok(await waitUntil(async () => (await ended()).length >= CALLS, { timeoutMs: 15_000, intervalMs: 200 }), `answered and ended call logs: ${String((await ended()).length)} of ${String(CALLS)}`);
    assert.equal((await listCallLogs(pair.ha.database, { fromMs: sinceMs, limit: 4 * CALLS })).items.length, CALLS, 'one call log per call');
  };

  before(async () => {
    pair = await startHaPair('hatrans');
  });
  after(async () => {
    await calls?.close();
    await pair?.close();
  });

  it(`when the master stalls past its fence, MUST carry all ${String(CALLS)} calls on, each ending with a normal BYE on both legs`, async () => {
    const sinceMs = Date.now();
    const measured = await startCalls();
    const stalled = pair.ha.nodes[await pair.master()];
    const pid = stalled.child.pid ?? assert.fail('no process id');
    const pausedMs = nowMs();
    process.kill(pid, 'SIGSTOP');
    await new Promise((resolve) => setTimeout(resolve, STALL_MS));
    process.kill(pid, 'SIGCONT');
    assert.ok(await waitUntil(() => stalled.output().includes('HA: no lease renewal in time; standing down'), { timeoutMs: 10_000, intervalMs: 50 }), `the stalled master stood down\n${haLines()}`);
    const resumed = await waitUntil(() => measured.measureGapAcross(pausedMs).neverResumed.length === 0, { timeoutMs: 20_000, intervalMs: 100 });
    const gap = measured.measureGapAcross(pausedMs);
    console.log(`ha-transitions: a ${String(STALL_MS)} ms stall of the master: RTP gap per call median ${formatMs(gap.medianMs)}, max ${formatMs(gap.maxMs)}; calls that never resumed: ${String(gap.neverResumed.length)}`);
    assert.ok(resumed, `calls that never resumed: ${gap.neverResumed.join(', ')}\n${haLines()}`);
    await endedNormally(measured.hangUp({ timeoutMs: 30_000 }), sinceMs);
  });

  it('when the callers hang up during a planned switchover, MUST end every call normally on both legs, with one call log each', async () => {
    const sinceMs = Date.now();
    const measured = await startCalls();
    const from = await pair.master();
    const to = from === 'a' ? 'b' : 'a';
    const switched = pair.rest(from).request('/api/confd/1.1/ha/switchover', { method: 'POST', token: await pair.token(from), body: { target: pair.ha.nodes[to].nodeName } });
    // Spread over more than the switchover takes: BYEs reach the old master, the gap between the two, and the new one taking over.
    const hanging = measured.hangUp({ timeoutMs: 30_000, spreadOverMs: 1_500 });
    const answer = await switched;
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    console.log(`ha-transitions: hang-ups during a planned switchover: ${JSON.stringify(answer.body)}`);
    // A call that hung up as it passed was ending anyway: it is not counted as dropped.
    assert.equal((answer.body as { dropped_calls?: number }).dropped_calls, 0);
    await endedNormally(hanging, sinceMs);
  });
});
