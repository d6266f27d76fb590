/**
 * bench/register: the REGISTER rate with digest authentication that a node sustains without a
 * single failure, driven by SIPp over UDP, against the OPTIONS rate of the same node in the same
 * run (the bare stack: parse, transaction, answer) as the baseline.
 *
 * Each registration is two transactions: REGISTER → 401 challenge, REGISTER with credentials →
 * credentials checked against PostgreSQL, binding written, 200 OK. Several SIPp instances, one per
 * line, load the node at once; the rate steps up until a step has failures or falls behind.
 *
 *   npm run bench:register            (needs PostgreSQL, SIPp; prints, asserts nothing)
 */
import { randomBytes } from 'node:crypto';
import { createSipLine } from '../store/index.ts';
import { runSipp, type SippRun } from '../test/support/sipp.ts';
import { freeSipPort } from '../test/support/free-port.ts';
import { startTestNode, type TestNode } from '../test/support/test-node.ts';

const INSTANCES = 4;
const STEP_SECONDS = 4;
const RATES_PER_SECOND = [250, 500, 750, 1000, 1250, 1500, 2000, 2500, 3000, 4000, 5000];

interface StepResult {
  readonly rate: number;
  readonly successful: number;
  readonly failed: number;
  readonly seconds: number;
}

/**
 * A fresh node per step, so that one step's completed transactions (kept 32 s by Timer J, RFC 3261
 * §17.2.2) do not load the next.
 */
async function startBenchNode(): Promise<{ node: TestNode; lines: { user: string; password: string }[] }> {
  const node = await startTestNode({ extraArgs: ['--log-level', 'error'] });
  const lines: { user: string; password: string }[] = [];
  for (let index = 0; index < INSTANCES; index += 1) {
    const user = `bench${index}`;
    const password = randomBytes(12).toString('base64url');
    const created = await createSipLine(node.node.store.database, { username: user, secret: password, context: 'default' });
    if (created.type !== 'ok') throw new Error(`cannot create line ${user}: ${created.message}`);
    lines.push({ user, password });
  }
  return { node, lines };
}

async function step(bench: Awaited<ReturnType<typeof startBenchNode>>, scenario: string, rate: number, withCredentials: boolean): Promise<StepResult> {
  const { node, lines } = bench;
  const perInstance = Math.ceil(rate / INSTANCES);
  const started = process.hrtime.bigint();
  const runs: SippRun[] = await Promise.all(
    lines.map(async (line) =>
      runSipp({
        target: `127.0.0.1:${node.sipPort}`,
        localPort: await freeSipPort(),
        scenario,
        ...(withCredentials ? { user: line.user, password: line.password } : {}),
        injection: ['3600;'],
        calls: perInstance * STEP_SECONDS,
        ratePerSecond: perInstance,
        concurrentLimit: 5000,
        timeoutS: STEP_SECONDS * 4 + 10,
      }),
    ),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    rate,
    successful: runs.reduce((sum, run) => sum + run.successfulCalls, 0),
    failed: runs.reduce((sum, run) => sum + run.failedCalls + (run.exitCode === 0 ? 0 : 1), 0),
    seconds,
  };
}

/** The highest offered rate that completed without failure and without falling behind. */
async function sustained(scenario: string, withCredentials: boolean, label: string): Promise<number> {
  let best = 0;
  for (const rate of RATES_PER_SECOND) {
    const bench = await startBenchNode();
    const result = await step(bench, scenario, rate, withCredentials).finally(() => bench.node.close());
    const achieved = result.successful / result.seconds;
    const keptUp = result.seconds <= STEP_SECONDS * 1.25 + 1;
    console.log(
      `${label.padEnd(9)} offered ${String(rate).padStart(5)}/s  ok ${String(result.successful).padStart(6)}  ` +
        `failed ${String(result.failed).padStart(4)}  in ${result.seconds.toFixed(1)} s (${achieved.toFixed(0)}/s)${keptUp ? '' : '  fell behind'}`,
    );
    if (result.failed > 0 || !keptUp) break;
    best = rate;
  }
  return best;
}

console.log(`bench/register: ${INSTANCES} SIPp instances, ${STEP_SECONDS} s steps, UDP on loopback, PostgreSQL store`);
const options = await sustained('uac-options-expect-200.xml', false, 'OPTIONS');
const registers = await sustained('uac-register-expect-200.xml', true, 'REGISTER');
console.log('');
console.log(`sustained OPTIONS (baseline):         ${options}/s`);
console.log(`sustained REGISTER with digest:       ${registers}/s  (${registers * 2} transactions/s)`);
console.log(`ratio REGISTER/OPTIONS:               ${options === 0 ? 'n/a' : (registers / options).toFixed(2)}`);
