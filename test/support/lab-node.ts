/**
 * A parley node as a real process inside a namespace of the network-namespace lab
 * (`ip netns exec <lab>-a node --import tsx supervisors/main.ts`), configured through its
 * environment as an operator would, with its output kept for failure messages.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LabNodeName, NetnsLab } from './netns-lab.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

/** The ports a lab node listens on inside its own namespace (no other program shares them). */
export const LAB_SIP_PORT = 5060;
export const LAB_HTTP_PORT = 9486;
export const LAB_HTTPS_PORT = 9443;
/** The RTP ports of both nodes: the same range, so a slave can take over a master's ports. */
export const LAB_RTP_PORTS = '20000-20999';

export interface LabNodeOptions {
  readonly lab: NetnsLab;
  readonly node: LabNodeName;
  /** `DATABASE_URL`, through the node's forwarder. */
  readonly databaseUrl: string;
  /** `REDIS_URL`, through the node's forwarder. */
  readonly redisUrl: string;
  readonly redisKeyPrefix: string;
  readonly adminPassword: string;
  /** More `PARLEY_*` settings, over the lab's. */
  readonly env?: Readonly<Record<string, string>>;
}

/** What `GET /health` answered. */
export interface LabNodeHealth {
  readonly status: number;
  readonly node: string | undefined;
  readonly body: unknown;
}

export interface LabNode {
  readonly node: LabNodeName;
  /** `PARLEY_NODE_NAME`: `<lab>-a`. */
  readonly nodeName: string;
  /** The node's own address on the bridge. */
  readonly address: string;
  readonly child: ChildProcess;
  /** Resolves with the exit code (or the signal's name) when the process has ended. */
  readonly exited: Promise<number | string>;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** `GET /health` at `host` (the node's own address by default); undefined when nothing answered within `timeoutMs` (2 s). */
  health(host?: string, timeoutMs?: number): Promise<LabNodeHealth | undefined>;
  /** Waits until `/health` answers 200 on the node's own address; rejects with the output when the process ends first or time runs out. */
  waitUntilHealthy(timeoutMs?: number): Promise<void>;
  /** SIGKILL: the process dies at once, as on a crash. Resolves once it is gone. */
  kill9(): Promise<void>;
  /** SIGTERM and wait for a clean exit (SIGKILL after `timeoutMs`); removes the data directory. */
  stop(timeoutMs?: number): Promise<number | string>;
}

/** Starts the node; it is not ready before `waitUntilHealthy()`. */
export async function startLabNode(options: LabNodeOptions): Promise<LabNode> {
  const { lab, node } = options;
  const dataDir = await mkdtemp(join(tmpdir(), `parley-${lab.name}-${node}-`));
  const nodeName = lab.namespace(node);
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/sbin:/usr/bin:/sbin:/bin',
    HOME: process.env['HOME'] ?? '/root',
    PARLEY_NODE_NAME: nodeName,
    PARLEY_SIP_PORT: String(LAB_SIP_PORT),
    PARLEY_HTTP_PORT: String(LAB_HTTP_PORT),
    PARLEY_HTTPS_PORT: String(LAB_HTTPS_PORT),
    PARLEY_SIP_EXTERNAL_ADDRESS: lab.virtualAddress,
    PARLEY_RTP_PORTS: LAB_RTP_PORTS,
    PARLEY_DATA_DIR: dataDir,
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    PARLEY_REDIS_KEY_PREFIX: options.redisKeyPrefix,
    PARLEY_ADMIN_PASSWORD: options.adminPassword,
    PARLEY_LOG_LEVEL: process.env['PARLEY_TEST_LOG_LEVEL'] ?? 'warn',
    PARLEY_HA_TAKEOVER_COMMAND: lab.takeoverCommand(node),
    PARLEY_HA_RELEASE_COMMAND: lab.releaseCommand(node),
    ...options.env,
  };
  const child = spawn('ip', ['netns', 'exec', nodeName, process.execPath, '--import', 'tsx', 'supervisors/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  let ended = false;
  void exited.then(() => (ended = true));
  const address = lab.nodeAddress(node);

  const health = async (host = address, timeoutMs = 2_000): Promise<LabNodeHealth | undefined> => {
    try {
      const response = await fetch(`http://${host}:${String(LAB_HTTP_PORT)}/health`, { signal: AbortSignal.timeout(timeoutMs) });
      const body: unknown = await response.json();
      const named = typeof body === 'object' && body !== null ? Reflect.get(body, 'node') : undefined;
      return { status: response.status, node: typeof named === 'string' ? named : undefined, body };
    } catch {
      return undefined;
    }
  };

  return {
    node,
    nodeName,
    address,
    child,
    exited,
    output: () => text,
    health,
    async waitUntilHealthy(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (ended) throw new Error(`${nodeName} exited before it was healthy:\n${text}`);
        if ((await health())?.status === 200) return;
        if (Date.now() > deadline) throw new Error(`${nodeName} not healthy within ${String(timeoutMs)} ms:\n${text}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async kill9() {
      // `ip netns exec` execs the node in place: the child's pid is the node's.
      if (!ended) child.kill('SIGKILL');
      await exited;
    },
    async stop(timeoutMs = 15_000) {
      if (!ended) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        await exited.finally(() => clearTimeout(timer));
      }
      await rm(dataDir, { recursive: true, force: true });
      return exited;
    },
  };
}
