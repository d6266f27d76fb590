/**
 * Starts a parley node inside the test process, on its own ports, its own PostgreSQL schema, its
 * own data directory and (when asked) its own Redis key prefix, so test files run in parallel.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, startNode, type CallHooksSettings, type RunningNode } from '../../supervisors/index.ts';
import { ensureDemoConfiguration } from '../../store/index.ts';
import { createTestDatabase, TEST_POSTGRES_URL, type TestDatabase } from '../../store/test-database.ts';
import { freeSipPort, freeTcpPort } from './free-port.ts';

export const TEST_REDIS_URL = process.env['PARLEY_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

export interface TestNode {
  readonly node: RunningNode;
  readonly sipPort: number;
  readonly httpPort: number;
  readonly httpsPort: number;
  /** The password of the administrator `admin` (PARLEY_ADMIN_PASSWORD of this node). */
  readonly adminPassword: string;
  readonly redisKeyPrefix: string;
  /** The demo users 1001 and 1002 exist with these passwords. */
  readonly passwords: Readonly<Record<'1001' | '1002', string>>;
  /** The node's schema; another node may share it (`sharedWith`). */
  readonly database: TestDatabase;
  close(): Promise<void>;
}

export interface TestNodeOptions {
  readonly redis?: boolean;
  readonly extraArgs?: readonly string[];
  /** Runs on this node's database (its configuration, administrator and demo passwords) and Redis key prefix, as a second node of one installation. */
  readonly sharedWith?: TestNode;
  /** The preprocess hooks and reverse lookup, as `cluster.config.ts` would set them. */
  readonly callHooks?: CallHooksSettings;
}

/** Starts a node on PostgreSQL (a fresh schema) with the demo users. */
export async function startTestNode(options: TestNodeOptions = {}): Promise<TestNode> {
  const shared = options.sharedWith;
  const database: TestDatabase = shared?.database ?? (await createTestDatabase('postgres'));
  const adminPassword = shared?.adminPassword ?? `admin-${randomBytes(8).toString('hex')}`;
  // A node of the same installation shares the Redis keys too: the registrar, the bus, the leases.
  const redisKeyPrefix = shared?.redisKeyPrefix ?? `test:${randomBytes(4).toString('hex')}:`;
  // A free port found here may be taken by a test running beside this one before the node binds
  // it: the node is started again on other ports (and in another data folder) when it could not listen.
  for (let attempt = 1; ; attempt += 1) {
    const dataDir = await mkdtemp(join(tmpdir(), 'parley-node-'));
    const sipPort = await freeSipPort();
    const httpPort = await freeTcpPort();
    const httpsPort = await freeTcpPort();
    const url = new URL(TEST_POSTGRES_URL);
    url.searchParams.set('options', `-c search_path=${database.schema}`);
    const argv = [
      '--sip-address', '127.0.0.1', '--sip-port', String(sipPort),
      '--http-address', '127.0.0.1', '--http-port', String(httpPort), '--https-port', String(httpsPort),
      '--data-dir', dataDir, '--database-url', url.toString(), '--log-level', process.env['PARLEY_TEST_LOG_LEVEL'] ?? 'warn',
      '--node-name', `test-${sipPort}`,
      ...(options.redis ? ['--redis-url', TEST_REDIS_URL, '--redis-key-prefix', redisKeyPrefix] : []),
      ...(options.extraArgs ?? []),
    ];
    const loaded = loadConfig({ argv, env: {}, file: options.callHooks ?? {} });
    if (loaded.type !== 'ok') throw new Error(`test configuration refused: ${JSON.stringify(loaded)}`);
    let node: RunningNode;
    try {
      node = await startNode(loaded.config, { env: { PARLEY_ADMIN_PASSWORD: adminPassword }, announce: () => undefined, callHooks: loaded.callHooks });
    } catch (error) {
      await rm(dataDir, { recursive: true, force: true });
      if (attempt < PORT_ATTEMPTS && /in use|cannot listen/i.test(String(error))) continue;
      throw error;
    }
    return ready(node, { sipPort, httpPort, httpsPort, dataDir, adminPassword, redisKeyPrefix, database, shared });
  }
}

/** How many times a node is started on new ports when the ones it was given were taken meanwhile. */
const PORT_ATTEMPTS = 3;

async function ready(
  node: RunningNode,
  started: { readonly sipPort: number; readonly httpPort: number; readonly httpsPort: number; readonly dataDir: string; readonly adminPassword: string; readonly redisKeyPrefix: string; readonly database: TestDatabase; readonly shared: TestNode | undefined },
): Promise<TestNode> {
  const { sipPort, httpPort, httpsPort, dataDir, adminPassword, redisKeyPrefix, database, shared } = started;
  const passwords = shared?.passwords ?? { '1001': `pw-1001-${randomBytes(4).toString('hex')}`, '1002': `pw-1002-${randomBytes(4).toString('hex')}` };
  await ensureDemoConfiguration(node.store.database, { password: (username) => passwords[username as '1001' | '1002'] });
  return {
    node,
    sipPort,
    httpPort,
    httpsPort,
    adminPassword,
    redisKeyPrefix,
    passwords,
    database,
    async close() {
      await node.shutdown();
      if (shared === undefined) await database.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
