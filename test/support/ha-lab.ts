/**
 * Two parley nodes of one installation in the network-namespace lab: one PostgreSQL schema and one
 * Redis key prefix shared by both, each node reaching them through forwarders of its own, and the
 * virtual service address on node A.
 *
 * @remarks
 * Node A starts first and migrates the schema; the lab then adds the demo users 1001 and 1002
 * (a node on PostgreSQL seeds none) and starts node B, so the two never race to migrate. Until the high-availability runtime moves the service address itself (with the
 * takeover and release commands each node is given), the lab puts it on node A when A is healthy.
 *
 * @example A failover test (the runtime takes the address over with the takeover command):
 * ```ts
 * const ha = await startHaLab({ name: 'hafail', env: { PARLEY_HA_LEASE_MS: '1000' } });
 * const rest = restClient(LAB_HTTP_PORT, ha.nodes.a.address);
 * await routeOutToProvider(rest, await rest.login('admin', ha.adminPassword), ha.database, `${ha.lab.bridgeAddress}:${String(providerPort)}`);
 * const calls = await startMeasuredCalls({ count: 50, target: { address: ha.lab.virtualAddress, port: LAB_SIP_PORT },
 *   localAddress: ha.lab.bridgeAddress, dialed: '0555000', user: '1001', password: ha.demoPassword, calleePort: providerPort });
 * await calls.waitUntilFlowing();
 * const killedMs = nowMs();
 * await ha.nodes.a.kill9();
 * await ha.lab.removeVirtualAddress('a'); // what the dead master's host does
 * const failoverMs = (await ha.servedBy('b')) - killedMs;
 * await waitUntil(() => calls.measureGapAcross(killedMs).neverResumed.length === 0);
 * const gap = calls.measureGapAcross(killedMs); // { medianMs, maxMs, neverResumed }
 * const { callers, callees } = await calls.hangUp(); // every call: BYE, 200
 * ```
 */
import { randomBytes } from 'node:crypto';
import { ensureDemoConfiguration } from '../../store/index.ts';
import { createTestDatabase, TEST_POSTGRES_URL, type TestDatabase } from '../../store/test-database.ts';
import { startLabNode, type LabNode } from './lab-node.ts';
import { createNetnsLab, LAB_NODE_NAMES, type LabNodeName, type NetnsLab } from './netns-lab.ts';
import { startServiceForwarders, type ServiceForwarders } from './service-forwarders.ts';
import { TEST_REDIS_URL } from './test-node.ts';

export interface HaLab {
  readonly lab: NetnsLab;
  readonly forwarders: ServiceForwarders<LabNodeName>;
  /** The installation's schema, for reading what the nodes wrote (call logs). */
  readonly database: TestDatabase;
  readonly adminPassword: string;
  /** The password of the demo users 1001 and 1002. */
  readonly demoPassword: string;
  /** The Redis key prefix both nodes share (where the HA lease and the call replicas live). */
  readonly redisKeyPrefix: string;
  readonly nodes: Readonly<Record<LabNodeName, LabNode>>;
  /**
   * Polls `/health` at the virtual address every 20 ms until `node` answers it with 200; resolves
   * with that instant (epoch ms), or rejects after `timeoutMs`. The failover time is this instant
   * minus the one the master was killed.
   */
  servedBy(node: LabNodeName, timeoutMs?: number): Promise<number>;
  /** Starts a node again (after `kill9()` or `stop()`), with the same settings, and waits until it is healthy. */
  restart(node: LabNodeName): Promise<LabNode>;
  /** Stops both nodes and the forwarders, drops the schema and removes the lab. */
  close(): Promise<void>;
}

export interface HaLabOptions {
  /** The lab's name (see `createNetnsLab`): one per test file. */
  readonly name: string;
  /** More settings for both nodes (`PARLEY_HA_LEASE_MS` …). */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Binds SIP and media to the virtual address (`PARLEY_SIP_ADDRESS`), as a production HA pair does
   * (the lab allows binding it before holding it): every packet of a node leaves from the service
   * address, so a peer that answers where a dialog's requests came from still reaches the new master.
   */
  readonly bindServiceAddress?: boolean;
}

/** Builds the lab, starts node A, puts the service address on it, then starts node B. */
export async function startHaLab(options: HaLabOptions): Promise<HaLab> {
  const lab = await createNetnsLab(options.name);
  const cleanups: (() => Promise<unknown>)[] = [() => lab.destroy()];
  const cleanUp = async (): Promise<void> => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const postgres = new URL(TEST_POSTGRES_URL);
    const redis = new URL(TEST_REDIS_URL);
    const forwarders = await startServiceForwarders(lab.bridgeAddress, LAB_NODE_NAMES, [
      { name: 'postgres', host: postgres.hostname, port: Number(postgres.port || 5432) },
      { name: 'redis', host: redis.hostname, port: Number(redis.port || 6379) },
    ]);
    cleanups.push(() => forwarders.close());
    const database = await createTestDatabase('postgres');
    cleanups.push(() => database.close());
    const adminPassword = `admin-${randomBytes(6).toString('hex')}`;
    const demoPassword = `demo-${randomBytes(6).toString('hex')}`;
    const redisKeyPrefix = `lab:${lab.name}:${randomBytes(3).toString('hex')}:`;
    const nodes: Record<LabNodeName, LabNode | undefined> = { a: undefined, b: undefined };
    cleanups.push(() => Promise.all(LAB_NODE_NAMES.map((node) => nodes[node]?.stop())));
    const start = async (node: LabNodeName): Promise<LabNode> => {
      const databaseUrl = new URL(TEST_POSTGRES_URL);
      databaseUrl.hostname = lab.bridgeAddress;
      databaseUrl.port = String(forwarders.portOf(node, 'postgres'));
      databaseUrl.searchParams.set('options', `-c search_path=${database.schema}`);
      const redisUrl = new URL(TEST_REDIS_URL);
      redisUrl.hostname = lab.bridgeAddress;
      redisUrl.port = String(forwarders.portOf(node, 'redis'));
      const env = { ...(options.bindServiceAddress === true ? { PARLEY_SIP_ADDRESS: lab.virtualAddress } : {}), ...options.env };
      const started = await startLabNode({
        lab, node, databaseUrl: databaseUrl.toString(), redisUrl: redisUrl.toString(), redisKeyPrefix, adminPassword, env,
      });
      nodes[node] = started;
      await started.waitUntilHealthy();
      return started;
    };
    const nodeA = await start('a');
    // A node on PostgreSQL seeds no demo configuration (only the embedded default does): the lab does.
    await ensureDemoConfiguration(database, { password: () => demoPassword });
    if ((await lab.virtualAddressHolders()).length === 0) await lab.addVirtualAddress('a');
    const nodeB = await start('b');
    return {
      lab,
      forwarders,
      database,
      adminPassword,
      demoPassword,
      redisKeyPrefix,
      nodes: {
        get a() {
          return nodes.a ?? nodeA;
        },
        get b() {
          return nodes.b ?? nodeB;
        },
      },
      async servedBy(node, timeoutMs = 30_000) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const health = await (nodes[node] ?? nodeA).health(lab.virtualAddress, 500);
          if (health?.status === 200 && health.node === lab.namespace(node)) return Date.now();
          if (Date.now() > deadline) throw new Error(`${lab.namespace(node)} does not serve ${lab.virtualAddress} within ${String(timeoutMs)} ms; it answers ${JSON.stringify(health)}`);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      },
      async restart(node) {
        await nodes[node]?.stop();
        return start(node);
      },
      close: cleanUp,
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
