/**
 * The relayed RTP part of bench/calls: N concurrent calls SIPp uac (1001) → parley → SIPp uas
 * (1002), each with 20 ms G.711 A-law both ways between the bench's own RTP endpoints (another
 * process) through parley's media workers; loss counted per direction over a window once every
 * call is up. Baseline: the same endpoints sending to each other directly, no parley.
 *
 * SIPp carries only the signalling: its scenarios offer and answer the endpoints' ports (one per
 * injection row) and log the ports parley gave in return; the bench reads those logs and starts
 * each endpoint once it knows its peer.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runSipp, type SippRun } from '../../test/support/sipp.ts';
import { freeSipPort as freeCallerPort } from '../../test/support/free-port.ts';
import { startBenchNode, type BenchNode } from './bench-node.ts';
import { judgeRelayStep, parseMediaPeers, relayFigures, type RelayCounts, type RelayFigures, type StepVerdict } from './ramp.ts';
import { startRtpEndpoints, type RtpEndpoints } from './rtp-endpoints.ts';

/** The endpoints' first ports: below the kernel's ephemeral range, above the node's media range. */
const CALLER_FIRST_PORT = 30_000;
const WARM_UP_SECONDS = 3;
const POLL_MS = 250;
/** A packet that has not arrived this long after the window is counted lost. */
const LANDING_MS = 1_000;

export type RelayTarget = 'parley' | 'baseline';

export interface RelayOptions {
  readonly windowSeconds: number;
  /** Calls set up per second before the window. */
  readonly setupRate: number;
  readonly log: (line: string) => void;
}

export interface RelayStep extends RelayCounts, RelayFigures {
  readonly target: RelayTarget;
  readonly verdict: StepVerdict;
}

/** Opens `calls` endpoints per side, the callee's above the caller's. */
async function openEndpoints(endpoints: RtpEndpoints, calls: number): Promise<{ callerPorts: readonly number[]; calleePorts: readonly number[] }> {
  const callerPorts = await endpoints.open('caller', calls, CALLER_FIRST_PORT);
  const calleePorts = await endpoints.open('callee', calls, (callerPorts.at(-1) ?? CALLER_FIRST_PORT) + 2);
  return { callerPorts, calleePorts };
}

/** Counts the packets sent within a window after a warm-up, once those in flight had time to land. */
async function measure(endpoints: RtpEndpoints, windowSeconds: number): Promise<Omit<RelayCounts, 'calls' | 'established' | 'failedCalls'>> {
  const fromMs = Date.now() + WARM_UP_SECONDS * 1000;
  const toMs = fromMs + windowSeconds * 1000;
  endpoints.setWindow(fromMs, toMs);
  await sleep(toMs - Date.now() + LANDING_MS);
  const { caller, callee } = await endpoints.counters();
  return {
    windowSeconds,
    callerSent: caller.windowSent,
    callerReceived: caller.windowReceived,
    calleeSent: callee.windowSent,
    calleeReceived: callee.windowReceived,
  };
}

function finish(target: RelayTarget, counts: RelayCounts): RelayStep {
  return { ...counts, ...relayFigures(counts), target, verdict: judgeRelayStep(counts) };
}

/** The baseline: the same endpoints, each caller endpoint looped to one callee endpoint. */
export async function relayBaselineStep(calls: number, options: RelayOptions): Promise<RelayStep> {
  const endpoints = startRtpEndpoints();
  try {
    const { callerPorts, calleePorts } = await openEndpoints(endpoints, calls);
    endpoints.setPeers('caller', callerPorts.map((port, index) => ({ localPort: port, address: '127.0.0.1', port: calleePorts[index] ?? 0 })));
    endpoints.setPeers('callee', calleePorts.map((port, index) => ({ localPort: port, address: '127.0.0.1', port: callerPorts[index] ?? 0 })));
    const counts = await measure(endpoints, options.windowSeconds);
    return finish('baseline', { ...counts, calls, established: calls, failedCalls: 0 });
  } finally {
    await endpoints.close();
  }
}

/** Hands each endpoint its peer as SIPp logs it, until every call is up or `deadlineMs` passes. */
async function followSippLogs(endpoints: RtpEndpoints, logs: { caller: string; callee: string }, calls: number, deadlineMs: number): Promise<number> {
  const delivered = { caller: 0, callee: 0 };
  while (Date.now() < deadlineMs) {
    for (const group of ['caller', 'callee'] as const) {
      const peers = parseMediaPeers(await readFile(logs[group], 'utf8').catch(() => ''));
      endpoints.setPeers(group, peers.slice(delivered[group]));
      delivered[group] = peers.length;
    }
    if (delivered.caller >= calls && delivered.callee >= calls) break;
    await sleep(POLL_MS);
  }
  return Math.min(delivered.caller, delivered.callee);
}

/** N relayed calls through a fresh node. */
export async function relayStep(calls: number, options: RelayOptions): Promise<RelayStep> {
  const setupSeconds = calls / options.setupRate;
  // Every call must still be up at the end of the window, even when setting up took half again as long.
  const holdSeconds = Math.ceil(setupSeconds * 1.5 + WARM_UP_SECONDS + options.windowSeconds + 10);
  const bench = await startBenchNode();
  const endpoints = startRtpEndpoints();
  const directory = await mkdtemp(join(tmpdir(), 'parley-bench-relay-'));
  try {
    const { callerPorts, calleePorts } = await openEndpoints(endpoints, calls);
    const logs = { caller: join(directory, 'caller.log'), callee: join(directory, 'callee.log') };
    const [caller, callee] = startSipp(bench, { calls, callerPorts, calleePorts, logs, holdSeconds, setupRate: options.setupRate });
    const deadlineMs = Date.now() + (setupSeconds * 1.5 + 5) * 1000;
    const established = await followSippLogs(endpoints, logs, calls, deadlineMs);
    const counts = await measure(endpoints, options.windowSeconds);
    options.log(`parley   ${calls} calls: window over, waiting for the ${holdSeconds} s calls to end`);
    const [callerRun] = await Promise.all([caller, callee]);
    return finish('parley', { ...counts, calls, established, failedCalls: callerRun.failedCalls });
  } finally {
    await endpoints.close();
    await bench.testNode.close();
    await rm(directory, { recursive: true, force: true });
  }
}

interface SippPlan {
  readonly calls: number;
  readonly callerPorts: readonly number[];
  readonly calleePorts: readonly number[];
  readonly logs: { readonly caller: string; readonly callee: string };
  readonly holdSeconds: number;
  readonly setupRate: number;
}

function startSipp(bench: BenchNode, plan: SippPlan): [Promise<SippRun>, Promise<SippRun>] {
  const node = `127.0.0.1:${bench.testNode.sipPort}`;
  const timeoutS = plan.holdSeconds + Math.ceil(plan.calls / plan.setupRate) * 2 + 60;
  const callee = runSipp({
    target: node, localPort: bench.calleePort, scenario: 'uas-answer-with-media-port.xml', calls: plan.calls, timeoutS,
    injection: plan.calleePorts.map((port) => `${port};`), extraArgs: ['-trace_logs', '-log_file', plan.logs.callee],
  });
  const caller = (async () => runSipp({
    target: node, localPort: await freeCallerPort(), scenario: 'uac-call-hold-with-outside-media-expect-answer.xml',
    user: bench.callerArgs.user, password: bench.callerArgs.password, calls: plan.calls, ratePerSecond: plan.setupRate,
    concurrentLimit: plan.calls + 10, timeoutS, injection: plan.callerPorts.map((port) => `1002;${port};`),
    extraArgs: [...bench.callerArgs.extraArgs, '-d', String(plan.holdSeconds * 1000), '-trace_logs', '-log_file', plan.logs.caller],
  }))();
  return [caller, callee];
}
