/**
 * Runs SIPp (Debian `sip-tester`) as a real peer against a node on loopback.
 *
 * @remarks
 * SIPp exits 0 when every call of the scenario succeeded and 1 when at least one failed; the
 * statistics file gives the counts. Each run gets its own folder for the injection file and the
 * traces, so that runs can go on in parallel.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SCENARIOS = new URL('../integration/sipp/scenarios/', import.meta.url).pathname;

export interface SippRun {
  readonly exitCode: number;
  readonly successfulCalls: number;
  readonly failedCalls: number;
  /** SIPp's error trace, for assertion messages. */
  readonly errors: string;
  /** Every message SIPp sent and received (with `traceMessages`). */
  readonly messages: string;
  readonly stdout: string;
}

export interface SippOptions {
  /** A file of `test/integration/sipp/scenarios/`, or `builtin:<name>` for SIPp's own (`builtin:uas`). */
  readonly scenario: string;
  readonly target: string;
  readonly localPort: number;
  /** The address SIPp binds and writes in its messages (`-i`); 127.0.0.1 unless told. */
  readonly localAddress?: string;
  readonly transport?: 'u1' | 't1';
  /** Rows of the injection file, fields separated by ';'. */
  readonly injection?: readonly string[];
  readonly calls?: number;
  readonly ratePerSecond?: number;
  readonly ratePeriodMs?: number;
  readonly concurrentLimit?: number;
  readonly lossPercent?: number;
  readonly timeoutS?: number;
  readonly traceMessages?: boolean;
  /** The user part SIPp puts in its URIs (`-s`) and the digest credentials it answers with. */
  readonly user?: string;
  readonly password?: string;
  readonly extraArgs?: readonly string[];
  /** Ends SIPp (SIGTERM) when aborted; the run then rejects. */
  readonly signal?: AbortSignal;
  /** Files written into the run's folder (SIPp's working directory) before it starts, by name. */
  readonly files?: Readonly<Record<string, Uint8Array>>;
}

/** Runs one SIPp instance to completion. */
export async function runSipp(options: SippOptions): Promise<SippRun> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-sipp-'));
  const args = [
    options.target,
    ...(options.scenario.startsWith('builtin:') ? ['-sn', options.scenario.slice('builtin:'.length)] : ['-sf', join(SCENARIOS, options.scenario)]),
    '-i', options.localAddress ?? '127.0.0.1',
    '-p', String(options.localPort),
    '-t', options.transport ?? 'u1',
    '-m', String(options.calls ?? 1),
    '-r', String(options.ratePerSecond ?? 10),
    '-rp', String(options.ratePeriodMs ?? 1000),
    '-nostdin',
    '-timeout', `${options.timeoutS ?? 30}s`,
    '-timeout_error',
    '-trace_stat', '-stf', join(dir, 'stat.csv'),
    '-trace_err', '-error_file', join(dir, 'errors.log'),
  ];
  if (options.traceMessages) args.push('-trace_msg', '-message_file', join(dir, 'messages.log'));
  if (options.concurrentLimit !== undefined) args.push('-l', String(options.concurrentLimit));
  if (options.user !== undefined) args.push('-s', options.user, '-au', options.user);
  if (options.password !== undefined) args.push('-ap', options.password);
  if (options.lossPercent !== undefined) args.push('-lost', String(options.lossPercent));
  if (options.injection) {
    const file = join(dir, 'users.csv');
    await writeFile(file, ['SEQUENTIAL', ...options.injection].join('\n') + '\n');
    args.push('-inf', file);
  }
  for (const [name, bytes] of Object.entries(options.files ?? {})) await writeFile(join(dir, name), bytes);
  args.push(...(options.extraArgs ?? []));
  const { exitCode, stdout } = await run('sipp', args, dir, options.signal);
  const stats = await readStats(join(dir, 'stat.csv'));
  return {
    exitCode,
    stdout,
    successfulCalls: stats.successful,
    failedCalls: stats.failed,
    errors: await readOptional(join(dir, 'errors.log')),
    messages: await readOptional(join(dir, 'messages.log')),
  };
}

function run(command: string, args: readonly string[], cwd: string, signal: AbortSignal | undefined): Promise<{ exitCode: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], ...(signal === undefined ? {} : { signal }) });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ exitCode: code ?? -1, stdout }));
  });
}

async function readStats(file: string): Promise<{ successful: number; failed: number }> {
  const text = await readOptional(file);
  const lines = text.trim().split('\n');
  if (lines.length < 2) return { successful: 0, failed: 0 };
  const names = (lines[0] ?? '').split(';');
  const last = (lines[lines.length - 1] ?? '').split(';');
  const column = (name: string): number => Number(last[names.indexOf(name)] ?? 0);
  return { successful: column('SuccessfulCall(C)'), failed: column('FailedCall(C)') };
}

async function readOptional(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return '';
  }
}
