/**
 * The node's HA configuration (seed HA-03) and its side effects (seed HA-04), composed: the HA
 * control port the APIs are given, over the store and, when it runs, the node's HA runtime.
 *
 * @remarks
 * `configure` stores this node's row, derives the `default` registrar from every node's row in
 * the same transaction, then sets the SIP registrar's expiry limits and tells the HA runtime, so
 * the change holds at once: the seed's "restart all services" is not needed. `start` does the
 * same from what is stored, at the node's start. Without an HA runtime the node is standalone:
 * its status says so and a switchover is refused.
 */
import type { DrainResult, HaConfiguration, HaControlPort, HaStatusView, NodeLoadView, SwitchoverResult, UndrainResult } from '../../api/index.ts';
import {
  ensureDefaultRegistrar, findHaNode, listHaNodes, lockHaNodes, recordHaNodeAddress, saveHaNode, updateRegistrar,
  DEFAULT_REGISTRAR_ID, type Database, type HaNodeType, type Queryable,
} from '../../store/index.ts';
import type { ExpiryPolicy } from '../../transport/index.ts';
import type { NodeLogger } from '../logging/create-logger.ts';
import { expiryPolicyFor, registrarChangesFor, registrarPairOf } from './ha-side-effects.ts';

/** What the HA runtime (lease, replication, migration) offers the configuration. */
export interface HaRuntime {
  status(): Promise<HaStatusView>;
  switchover(target?: string): Promise<SwitchoverResult>;
  drain(node?: string): Promise<DrainResult>;
  undrain(node?: string): Promise<UndrainResult>;
  /** Follows a new configuration of this node (takes or leaves its part in the cluster). */
  reconfigure(configuration: HaConfiguration): Promise<void>;
}

export interface HaConfigurationOptions {
  readonly nodeName: string;
  /** The node's advertised SIP address: the registrar's main host, and a slave's backup address. */
  readonly sipAddress: string;
  readonly sipPort: number;
  /** The configuration keys' expiry limits, in force while HA is disabled. */
  readonly configuredExpiry: ExpiryPolicy;
  readonly database: Database;
  /** The running SIP registrar, whose limits follow the configuration; undefined while SIP is down. */
  readonly registrar: () => { setExpiryPolicy(policy: ExpiryPolicy): void } | undefined;
  /** The node's HA runtime, when it runs. */
  readonly runtime?: () => HaRuntime | undefined;
  /** The calls in progress on this node, for the standalone status. */
  readonly activeCallCount: () => number;
  /** The node's load, for the standalone status. */
  readonly sampleLoad?: () => NodeLoadView;
  readonly logger: NodeLogger;
}

/** The HA control port of the node, with what the node's start needs of it. */
export interface HaConfigurationService extends HaControlPort {
  /** Records this node's address, creates the default registrar and applies the stored configuration. */
  start(): Promise<void>;
  /** The registrar's expiry limits of now (a registrar built later starts with them). */
  expiryPolicy(): ExpiryPolicy;
}

const NOT_RUNNING = 'the HA runtime is not running on this node';

export function createHaConfiguration(options: HaConfigurationOptions): HaConfigurationService {
  const log = options.logger.child({ component: 'ha' });
  let policy = options.configuredExpiry;
  // Changes of this node run one after the other, so the limits set last are those of the row stored last.
  let changes: Promise<unknown> = Promise.resolve();
  const serially = <T>(change: () => Promise<T>): Promise<T> => {
    const next = changes.then(change, change);
    changes = next.catch(() => undefined);
    return next;
  };
  const applyPolicy = (nodeType: HaNodeType): void => {
    policy = expiryPolicyFor(nodeType, options.configuredExpiry);
    options.registrar()?.setExpiryPolicy(policy);
  };
  const configuration = () => storedConfiguration(options.database, options.nodeName);

  return {
    configuration,
    expiryPolicy: () => policy,
    start: () => serially(async () => {
      await recordNode(options);
      const stored = await configuration();
      applyPolicy(stored.node_type);
      log.info({ nodeType: stored.node_type, expiry: policy }, 'HA configuration applied');
    }),
    configure: (wanted) => serially(async () => {
      await options.database.transaction(async (tx) => {
        await lockHaNodes(tx);
        mustWrite(await saveHaNode(tx, options.nodeName, { nodeType: wanted.node_type, remoteAddress: wanted.remote_address }));
        await updateDefaultRegistrar(tx);
      });
      applyPolicy(wanted.node_type);
      log.info({ nodeType: wanted.node_type, remoteAddress: wanted.remote_address, expiry: policy }, 'HA configured');
      await options.runtime?.()?.reconfigure(wanted);
    }),
    async status() {
      const runtime = options.runtime?.();
      return runtime === undefined ? standaloneStatus(options.nodeName, await configuration(), options.activeCallCount(), options.sampleLoad?.()) : runtime.status();
    },
    async switchover(target) {
      const runtime = options.runtime?.();
      return runtime === undefined ? { type: 'refused', reason: NOT_RUNNING } : runtime.switchover(target);
    },
    async drain(node) {
      const runtime = options.runtime?.();
      return runtime === undefined ? { type: 'refused', reason: NOT_RUNNING } : runtime.drain(node);
    },
    async undrain(node) {
      const runtime = options.runtime?.();
      return runtime === undefined ? { type: 'refused', reason: NOT_RUNNING } : runtime.undrain(node);
    },
  };
}

async function storedConfiguration(db: Queryable, nodeName: string): Promise<HaConfiguration> {
  const row = await findHaNode(db, nodeName);
  return row === undefined ? { node_type: 'disabled', remote_address: '' } : { node_type: row.nodeType, remote_address: row.remoteAddress };
}

/** At start: this node's address recorded, the default registrar created if missing, then derived anew. */
async function recordNode(options: HaConfigurationOptions): Promise<void> {
  const db = options.database;
  mustWrite(await recordHaNodeAddress(db, options.nodeName, options.sipAddress));
  mustWrite(await ensureDefaultRegistrar(db, { host: options.sipAddress, port: options.sipPort }));
  await db.transaction(async (tx) => {
    await lockHaNodes(tx);
    await updateDefaultRegistrar(tx);
  });
}

/** The status of a node without an HA runtime: standalone, alone, as stored. */
function standaloneStatus(nodeName: string, stored: HaConfiguration, calls: number, load: NodeLoadView | undefined): HaStatusView {
  return {
    enabled: stored.node_type !== 'disabled', role: 'standalone', epoch: null, masterNodeName: null, lastFailoverAt: null,
    nodes: [{ name: nodeName, role: 'standalone', calls, ...(load === undefined ? {} : { load }) }],
  };
}

/** Sets the default registrar's hosts from every node's configuration (see ha-side-effects.ts). */
async function updateDefaultRegistrar(tx: Queryable): Promise<void> {
  const changes = registrarChangesFor(registrarPairOf(await listHaNodes(tx)));
  const written = await updateRegistrar(tx, DEFAULT_REGISTRAR_ID, changes);
  // Addresses are checked before they get here: a refusal is a bug. A registrar deleted from the database is left so.
  if (written.type === 'error' && written.code !== 'PBX_ERR_STORE_NOT_FOUND') throw new Error(`the default registrar was not updated: ${written.message}`);
}

function mustWrite<Value>(result: { readonly type: 'ok'; readonly value: Value } | { readonly type: 'error'; readonly message: string }): Value {
  if (result.type === 'error') throw new Error(`HA configuration not written: ${result.message}`);
  return result.value;
}
