/**
 * `npm start` as an operator runs it: a real process on the embedded defaults (PGlite in the data
 * directory), demo passwords shown once, a bad setting named at start-up, a clean stop on SIGTERM.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeSipPort, freeTcpPort } from '../support/free-port.ts';
import { runSipp } from '../support/sipp.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const directories: string[] = [];

after(async () => {
  await Promise.all(directories.map((directory) => rm(directory, { recursive: true, force: true })));
});

interface NodeProcess {
  readonly child: ChildProcess;
  output(): string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  exited: Promise<number | null>;
}

function startProcess(args: readonly string[], env: Record<string, string> = {}): NodeProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'supervisors/main.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, PARLEY_DEMO_PASSWORD: '', DATABASE_URL: '', REDIS_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer): void => {
    text += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => text,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (!pattern.test(text)) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no ${String(pattern)} within ${timeoutMs} ms; output:\n${text}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
  };
}

async function portsAndDataDir(): Promise<string[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'parley-process-'));
  directories.push(dataDir);
  return ['--sip-address', '127.0.0.1', '--sip-port', String(await freeSipPort()), '--http-address', '127.0.0.1',
    '--http-port', String(await freeTcpPort()), '--https-port', String(await freeTcpPort()), '--data-dir', dataDir];
}

describe('npm start on the embedded defaults', () => {
  it('MUST print generated demo and administrator passwords at first start only, and stop cleanly on SIGTERM', async () => {
    const args = await portsAndDataDir();
    const first = startProcess(args);
    await first.waitFor(/"node ready"/);
    const passwords = [...first.output().matchAll(/user (100[12]) {2}password (\S+)/g)].map((match) => [match[1], match[2]]);
    assert.equal(passwords.length, 2, first.output());
    const admin = /username admin {2}password (\S+)/.exec(first.output());
    assert.ok(admin?.[1] !== undefined, first.output());
    const httpPort = args[args.indexOf('--http-port') + 1] ?? '';
    const login = await fetch(`http://127.0.0.1:${httpPort}/api/auth/0.1/token`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`admin:${admin[1]}`).toString('base64')}` },
      body: '{"expiration": 60}',
    });
    assert.equal(login.status, 200);
    first.child.kill('SIGTERM');
    assert.equal(await first.exited, 0, first.output());
    assert.match(first.output(), /"msg":"stopped"/);

    const second = startProcess(args);
    await second.waitFor(/"node ready"/);
    second.child.kill('SIGINT');
    assert.equal(await second.exited, 0, second.output());
    assert.doesNotMatch(second.output(), /password/);
  });

  it('MUST use PARLEY_DEMO_PASSWORD when set: a phone registers with it', async () => {
    const args = await portsAndDataDir();
    const sipPort = args[args.indexOf('--sip-port') + 1] ?? '';
    const node = startProcess(args, { PARLEY_DEMO_PASSWORD: 'chosen-demo-secret' });
    try {
      await node.waitFor(/"node ready"/);
      assert.doesNotMatch(node.output(), /chosen-demo-secret/);
      const run = await runSipp({
        target: `127.0.0.1:${sipPort}`, localPort: await freeSipPort(), scenario: 'uac-register-expect-200.xml',
        user: '1002', password: 'chosen-demo-secret', injection: ['120;'],
      });
      assert.equal(run.exitCode, 0, run.errors || run.stdout);
    } finally {
      node.child.kill('SIGTERM');
      await node.exited;
    }
  });

  it('MUST refuse to start on a bad setting, naming the setting and the value', async () => {
    const node = startProcess(['--sip-port', '70000', '--log-level', 'loud']);
    assert.equal(await node.exited, 2);
    assert.match(node.output(), /--sip-port \(PARLEY_SIP_PORT\) = "70000"/);
    assert.match(node.output(), /--log-level \(PARLEY_LOG_LEVEL\) = "loud"/);
  });

  it('MUST name the environment variable when that is where the bad value came from', async () => {
    const node = startProcess([], { PARLEY_HTTP_PORT: 'eighty' });
    assert.equal(await node.exited, 2);
    assert.match(node.output(), /PARLEY_HTTP_PORT/);
    assert.match(node.output(), /eighty/);
  });

  it('MUST say so and exit 1 when the SIP port is taken', async () => {
    const args = await portsAndDataDir();
    const holder = startProcess(args);
    await holder.waitFor(/"node ready"/);
    const otherData = await mkdtemp(join(tmpdir(), 'parley-process-'));
    directories.push(otherData);
    const withOtherData = [...args];
    withOtherData[withOtherData.indexOf('--data-dir') + 1] = otherData;
    withOtherData[withOtherData.indexOf('--http-port') + 1] = String(await freeTcpPort());
    withOtherData[withOtherData.indexOf('--https-port') + 1] = String(await freeTcpPort());
    const second = startProcess(withOtherData);
    assert.equal(await second.exited, 1, second.output());
    assert.match(second.output(), /PBX_ERR_TRANSPORT_BIND_FAILED/);
    holder.child.kill('SIGTERM');
    assert.equal(await holder.exited, 0);
  });
});
