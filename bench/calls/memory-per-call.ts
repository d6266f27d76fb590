/**
 * The memory part of bench/calls: how much the node's heap and resident set grow per established
 * call. N calls (1001 → 1002, media anchored but no RTP sent) are set up and held; the difference
 * is taken after full garbage collections (the bench runs with `--expose-gc`).
 *
 * @remarks
 * The heap is the main thread's (calls, channels, SIP dialogs and transactions); the media
 * sessions live in the worker threads' heaps, which only the resident set includes.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { runSipp } from '../../test/support/sipp.ts';
import { freeSipPort } from '../../test/support/free-port.ts';
import { startBenchNode } from './bench-node.ts';

export interface MemoryFigures {
  readonly calls: number;
  readonly established: number;
  readonly heapBytesPerCall: number;
  readonly rssBytesPerCall: number;
  readonly externalBytesPerCall: number;
}

/** Any port: the endpoints are never sent to, and what the relay sends there is dropped. */
const UNUSED_MEDIA_PORT = 9;

function collectedMemory(): NodeJS.MemoryUsage {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect === undefined) throw new Error('run with --expose-gc (npm run bench:calls does)');
  collect();
  collect();
  return process.memoryUsage();
}

/** Sets up `calls` calls at `setupRate` per second, holds them, and measures once all are up. */
export async function memoryPerCall(calls: number, setupRate: number): Promise<MemoryFigures> {
  const holdSeconds = Math.ceil((calls / setupRate) * 1.5 + 10);
  const bench = await startBenchNode();
  try {
    const node = `127.0.0.1:${bench.testNode.sipPort}`;
    await sleep(500);
    const before = collectedMemory();
    const timeoutS = holdSeconds * 2 + 30;
    const callee = runSipp({
      target: node, localPort: bench.calleePort, scenario: 'uas-answer-with-media-port.xml', calls, timeoutS,
      injection: [`${UNUSED_MEDIA_PORT};`],
    });
    const caller = runSipp({
      target: node, localPort: await freeSipPort(), scenario: 'uac-call-hold-with-outside-media-expect-answer.xml',
      user: bench.callerArgs.user, password: bench.callerArgs.password, calls, ratePerSecond: setupRate,
      concurrentLimit: calls + 10, timeoutS, injection: [`1002;${UNUSED_MEDIA_PORT};`],
      extraArgs: [...bench.callerArgs.extraArgs, '-d', String(holdSeconds * 1000)],
    });
    const deadline = Date.now() + (holdSeconds - 5) * 1000;
    const active = (): number => bench.testNode.node.calls.activeCallCount();
    while (active() < calls && Date.now() < deadline) await sleep(250);
    // Let the last ACKs and call-state writes land before measuring.
    await sleep(1_000);
    const established = active();
    const after = collectedMemory();
    await Promise.all([caller, callee]);
    const perCall = (delta: number): number => (established === 0 ? 0 : delta / established);
    return {
      calls,
      established,
      heapBytesPerCall: perCall(after.heapUsed - before.heapUsed),
      rssBytesPerCall: perCall(after.rss - before.rss),
      externalBytesPerCall: perCall(after.external - before.external),
    };
  } finally {
    await bench.testNode.close();
  }
}
