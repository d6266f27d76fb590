/**
 * The signalling part of bench/calls: SIPp uac (1001, digest) → parley → SIPp uas (1002's phone),
 * 1 s calls at rising rates, against the same SIPp uac → a SIPp uas that challenges and answers
 * like parley (the baseline: the same messages without parley).
 *
 * Each parley step runs on a fresh node, so that one step's calls and completed transactions
 * (kept 32 s by Timer J) do not load the next.
 */
import { runSipp } from '../../test/support/sipp.ts';
import { freeSipPort } from '../../test/support/free-port.ts';
import { startBenchNode } from './bench-node.ts';
import { judgeSignallingStep, type SignallingCounts, type StepVerdict } from './ramp.ts';

/** The scenario's hold time between ACK and BYE. */
const HOLD_SECONDS = 1;

export type SignallingTarget = 'parley' | 'baseline';

export interface SignallingStep extends SignallingCounts {
  readonly target: SignallingTarget;
  readonly verdict: StepVerdict;
}

export interface SignallingOptions {
  readonly rates: readonly number[];
  readonly stepSeconds: number;
  /** Run every rate, not only up to the first failed step. */
  readonly fullRamp: boolean;
  readonly log: (line: string) => void;
}

/** Runs one step: `rate × stepSeconds` calls offered at `rate` per second. */
export async function signallingStep(target: SignallingTarget, rate: number, stepSeconds: number, during?: () => Promise<void>): Promise<SignallingStep> {
  const calls = Math.max(1, Math.round(rate * stepSeconds));
  // A callee SIPp that missed calls (refused by parley) waits for them until this timeout.
  const timeoutS = Math.ceil(stepSeconds * 2 + 15);
  const bench = target === 'parley' ? await startBenchNode() : undefined;
  try {
    const calleePort = bench?.calleePort ?? (await freeSipPort());
    const calleeTarget = bench === undefined ? `127.0.0.1:${calleePort}` : `127.0.0.1:${bench.testNode.sipPort}`;
    const callee = runSipp({
      target: calleeTarget, localPort: calleePort, calls, timeoutS,
      scenario: bench === undefined ? 'uas-challenge-then-answer.xml' : 'builtin:uas',
    });
    const callerTarget = bench === undefined ? calleeTarget : `127.0.0.1:${bench.testNode.sipPort}`;
    const started = process.hrtime.bigint();
    const callerRun = runSipp({
      target: callerTarget, localPort: await freeSipPort(), scenario: 'uac-call-expect-answer.xml',
      user: bench?.callerArgs.user ?? '1001', password: bench?.callerArgs.password ?? 'baseline',
      extraArgs: bench?.callerArgs.extraArgs ?? ['-auth_uri', `1002@${callerTarget}`],
      injection: ['1002;'], calls, ratePerSecond: rate, concurrentLimit: Math.max(100, rate * 20), timeoutS,
    });
    const [caller] = await Promise.all([callerRun, during?.()]);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await callee;
    const counts: SignallingCounts = {
      offeredRate: rate, attempted: calls, successful: caller.successfulCalls, failed: caller.failedCalls,
      seconds, expectedSeconds: calls / rate + HOLD_SECONDS,
    };
    return { ...counts, target, verdict: judgeSignallingStep(counts) };
  } finally {
    await bench?.testNode.close();
  }
}

/** Steps up through `rates` until a step fails (or through all with `fullRamp`); returns every step run. */
export async function signallingRamp(target: SignallingTarget, options: SignallingOptions): Promise<SignallingStep[]> {
  const steps: SignallingStep[] = [];
  for (const rate of options.rates) {
    const step = await signallingStep(target, rate, options.stepSeconds);
    steps.push(step);
    options.log(
      `${target.padEnd(8)} offered ${String(rate).padStart(5)}/s  ok ${String(step.successful).padStart(6)}/${String(step.attempted).padEnd(6)} ` +
        `failed ${String(step.failed).padStart(5)}  in ${step.seconds.toFixed(1)} s  ${step.verdict.type === 'passed' ? 'passed' : `FAILED: ${step.verdict.reason}`}`,
    );
    if (step.verdict.type !== 'passed' && !options.fullRamp) break;
  }
  return steps;
}
