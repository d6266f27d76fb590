/**
 * Runs the takeover or release command of the HA settings (`--ha-takeover-command`,
 * `--ha-release-command`) through /bin/sh, as keepalived runs its notify scripts: the node does not
 * hard-code how the service address moves (ip addr, arping, a cloud API).
 *
 * @remarks A command that fails or takes more than 10 s is logged and the node goes on: a takeover
 * that could not move the address still carries the calls on, and the operator sees why.
 */
import { spawn } from 'node:child_process';

const COMMAND_TIMEOUT_MS = 10_000;

/** Runs `command` with `env` added; resolves once it exited (never rejects). */
export function runHaCommand(command: string | undefined, env: Readonly<Record<string, string>>, log: { info(fields: Record<string, unknown>, message: string): void; warn(fields: Record<string, unknown>, message: string): void }): Promise<void> {
  if (command === undefined) return Promise.resolve();
  const startedAt = Date.now();
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', command], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 2_000) stderr += chunk.toString('utf8');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), COMMAND_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      log.warn({ err: error, command }, 'HA: command could not start');
      resolve();
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const fields = { command, code, signal, durationMs: Date.now() - startedAt, stderr: stderr.trim() };
      if (code === 0) log.info(fields, 'HA: command ran');
      else log.warn(fields, 'HA: command failed');
      resolve();
    });
  });
}
