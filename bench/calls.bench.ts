/**
 * bench/calls: what a node sustains in calls, side by side with the same load without parley.
 *
 * - signalling: 1 s calls SIPp uac (1001, digest) → parley → SIPp uas (1002's registered phone) at
 *   rising rates; the highest rate with under 1 % failed calls that kept up. Baseline: the same
 *   SIPp uac against a SIPp uas that challenges and answers like parley.
 * - relay: N concurrent calls with 20 ms G.711 A-law both ways through parley's media workers,
 *   between RTP endpoints in two other processes; the largest N with under 1 % loss each way.
 *   Baseline: the same endpoints sending to each other directly.
 * - memory: heap and resident set growth per established call, at 500 held calls.
 *
 * The node runs in this process (as the tests start it), on PostgreSQL with its own schema; SIPp
 * and the RTP endpoints are other processes. Where the time goes: `npm run bench:calls:profile`,
 * then `npm run bench:calls:profile-summary`.
 *
 *   npm run bench:calls [-- --part signalling --rates 100,200]   (needs PostgreSQL and SIPp; asserts nothing)
 */
import { availableParallelism, loadavg } from 'node:os';
import { parseBenchFlags, USAGE, type BenchFlags } from './calls/bench-flags.ts';
import { memoryPerCall, type MemoryFigures } from './calls/memory-per-call.ts';
import { formatTable, highestPassing, type StepVerdict } from './calls/ramp.ts';
import { relayBaselineStep, relayStep, type RelayOptions, type RelayStep } from './calls/relay-load.ts';
import { signallingRamp, type SignallingStep } from './calls/signalling-rate.ts';

const parsed = parseBenchFlags(process.argv.slice(2));
if (parsed.type === 'error') {
  console.error(`${parsed.message}\n\n${USAGE}`);
  process.exit(2);
}
const flags: BenchFlags = parsed.flags;
const log = (line: string): void => console.log(line);

/** The best load before the first failure, shown as "≥ load" when no step failed. */
function best(steps: readonly { load: number; verdict: StepVerdict }[]): { value: number; text: string } {
  const value = highestPassing(steps);
  const allPassed = steps.length > 0 && steps.every((step) => step.verdict.type === 'passed');
  return { value, text: allPassed ? `>= ${value}` : String(value) };
}

async function relayRamp(target: 'parley' | 'baseline', options: RelayOptions): Promise<RelayStep[]> {
  const steps: RelayStep[] = [];
  for (const calls of flags.relayCalls) {
    const step = target === 'parley' ? await relayStep(calls, options) : await relayBaselineStep(calls, options);
    steps.push(step);
    log(
      `${target.padEnd(8)} ${String(calls).padStart(5)} calls  up ${String(step.established).padStart(5)}  ` +
        `loss caller→callee ${step.lossCallerToCalleePercent.toFixed(2)} %  callee→caller ${step.lossCalleeToCallerPercent.toFixed(2)} %  ` +
        `pace ${step.generatorPercent.toFixed(1)} %  ${step.verdict.type === 'passed' ? 'passed' : `FAILED: ${step.verdict.reason}`}`,
    );
    if (step.verdict.type !== 'passed' && !flags.fullRamp) break;
  }
  return steps;
}

const ratio = (parley: number, baseline: number): string => (baseline === 0 ? 'n/a' : (parley / baseline).toFixed(2));
const kilobytes = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

log(`bench/calls: ${availableParallelism()} cores, load average ${loadavg().map((load) => load.toFixed(2)).join(' ')} at start; UDP on loopback, PostgreSQL store, node in this process`);
const rows: string[][] = [];

if (flags.parts.includes('signalling')) {
  log(`\nsignalling: 1 s calls, ${flags.stepSeconds} s of calls per step, rates ${flags.rates.join(', ')}/s`);
  const rampOptions = { rates: flags.rates, stepSeconds: flags.stepSeconds, fullRamp: flags.fullRamp, log };
  const loads = (steps: readonly SignallingStep[]) => steps.map((step) => ({ load: step.offeredRate, verdict: step.verdict }));
  const baseline = best(loads(await signallingRamp('baseline', rampOptions)));
  const parley = best(loads(await signallingRamp('parley', rampOptions)));
  rows.push(['calls/s at < 1 % failed (1 s calls)', parley.text, baseline.text, ratio(parley.value, baseline.value)]);
}

if (flags.parts.includes('relay')) {
  log(`\nrelay: 20 ms G.711 A-law both ways, calls set up at ${flags.setupRate}/s, loss over ${flags.windowSeconds} s; calls ${flags.relayCalls.join(', ')}`);
  const options: RelayOptions = { windowSeconds: flags.windowSeconds, setupRate: flags.setupRate, log };
  const baseline = best((await relayRamp('baseline', options)).map((step) => ({ load: step.calls, verdict: step.verdict })));
  const parley = best((await relayRamp('parley', options)).map((step) => ({ load: step.calls, verdict: step.verdict })));
  rows.push(['concurrent relayed calls at < 1 % loss', parley.text, baseline.text, ratio(parley.value, baseline.value)]);
}

if (flags.parts.includes('memory')) {
  log(`\nmemory: ${flags.memoryCalls} calls held (no RTP sent), set up at ${flags.setupRate}/s`);
  const memory: MemoryFigures = await memoryPerCall(flags.memoryCalls, flags.setupRate);
  log(`${memory.established} of ${memory.calls} calls up`);
  rows.push([`heap per established call (main thread, ${memory.established} calls)`, kilobytes(memory.heapBytesPerCall), '-', '-']);
  rows.push([`resident set per established call (${memory.established} calls)`, kilobytes(memory.rssBytesPerCall), '-', '-']);
}

log(`\n${formatTable(['bench/calls', 'parley', 'baseline (no parley)', 'ratio'], rows)}`);
log(`load average ${loadavg().map((load) => load.toFixed(2)).join(' ')} at the end (other work on this machine makes the figures noisy; compare the ratios)`);
// A handle left by a node that shut down under load must not keep the bench (and its profile) waiting.
process.exit(0);
