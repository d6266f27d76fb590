/**
 * The trunk service: one runner per trunk that registers or qualifies, started from the store and
 * kept in step with it, and the status of each as `trunk_status_updated` events and calld's
 * `/trunks`.
 *
 * @remarks
 * Every node runs every trunk (each registers its own Contact, so a provider may reach any node).
 * In an HA pair only the node that serves does: a slave keeps its trunks in the directory (the call
 * path needs them the moment it takes over) but neither registers nor qualifies, and shows them not
 * registered and of unknown reachability; the master's runners start at once when it takes over, and
 * stop without unregistering when it stands down (the shared address's binding is the new master's).
 * A confd change of a trunk, its endpoint or its registration is published on the bus, which
 * reaches every node of a cluster; each node then reloads its trunks, restarting only those whose
 * plan changed (a deleted trunk unregisters first). Reloads run one at a time; changes that come
 * during one are folded into the next. The store's configuration version is also checked every
 * {@link VERSION_CHECK_MS}, for the changes no confd event announces (a tenant deleted with its
 * trunks) and events a bus outage lost.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { loadTrunkRuntime, readConfigurationVersion, type Database } from '../../store/index.ts';
import { outbound, sipMessage, type RegistrarEvent, type SipStack } from '../../transport/index.ts';
import type { TrunkStatusItem, TrunkStatusPort } from '../../api/index.ts';
import type { EventBus } from '../bus/event-bus.ts';
import type { NodeLogger } from '../logging/create-logger.ts';
import { serves, type HaRoleSource } from '../ha/ha-role.ts';
import { samePlan, trunkPlan } from './trunk-plan.ts';
import { matchTrunkSource, matchTrunkUsername, trunkDialTarget, type TrunkDirectory } from './trunk-directory.ts';
import { createTrunkRunner, type TrunkRunner } from './trunk-runner.ts';
import { statusChanged, trunkStatusView, type TrunkStatus } from './trunk-status.ts';

/** The confd events after which the trunks are reloaded. */
export const TRUNK_CONFIG_EVENTS: readonly string[] = [
  'trunk_created', 'trunk_edited', 'trunk_deleted',
  'register_sip_created', 'register_sip_edited', 'register_sip_deleted',
  'sip_endpoint_created', 'sip_endpoint_edited', 'sip_endpoint_deleted',
  'trunk_endpoint_sip_associated', 'trunk_endpoint_sip_dissociated',
  'trunk_register_sip_associated', 'trunk_register_sip_dissociated',
];

/** How often the configuration version is compared with the one of the last reload. */
export const VERSION_CHECK_MS = 15_000;

/** How long a trunk being stopped waits for its registrar to confirm the unregistration. */
const UNREGISTER_WAIT_MS = 2_000;

export interface TrunkServiceOptions {
  readonly database: Database;
  readonly stack: SipStack;
  readonly bus: EventBus;
  readonly nodeUuid: string;
  /** The node's advertised address and SIP port (Contact, Via of its REGISTERs and OPTIONS). */
  readonly advertisedAddress: string;
  readonly sipPort: number;
  readonly userAgent: string;
  readonly logger: NodeLogger;
  /** Overrides of the registration timings (tests shorten them). */
  readonly registrationPolicy?: Partial<outbound.RegistrationPolicy>;
  readonly resolve?: (host: string) => Promise<string | undefined>;
  /** The live calls of this node through a trunk (calld's `current_call_count`). */
  readonly callCount?: (trunkId: number) => number;
  /** The node's HA role: trunks register and qualify only while it serves. Without it, always. */
  readonly roles?: HaRoleSource;
}

export interface TrunkService {
  /** calld's view of the running trunks. */
  readonly statusPort: TrunkStatusPort;
  /** For the call path: the trunk a request comes from, and how to call out through one. */
  readonly directory: TrunkDirectory;
  statuses(): readonly TrunkStatus[];
  /** Reloads the trunks from the store now; resolves when they are in step. */
  reload(): Promise<void>;
  /** The registrar's events: a `host: dynamic` trunk is registered while its peer holds a binding. */
  onRegistrarEvent(event: RegistrarEvent): void;
  /** The count of live calls of trunk `trunkId` changed: its status event follows. */
  callCountChanged(trunkId: number): void;
  close(): Promise<void>;
}

export async function startTrunkService(options: TrunkServiceOptions): Promise<TrunkService> {
  const log = options.logger.child({ component: 'trunks' });
  const clock = outbound.createSystemClock();
  const runners = new Map<number, TrunkRunner>();
  const shown = new Map<number, TrunkStatus>();
  const resolve = options.resolve ?? resolveHost;
  let closed = false;
  let loadedVersion: bigint | undefined;
  let serving = options.roles === undefined ? true : serves(options.roles.role());

  const counted = (status: TrunkStatus): TrunkStatus => ({ ...status, currentCallCount: options.callCount?.(status.id) ?? 0 });
  const publish = (runnerStatus: TrunkStatus): void => {
    const status = counted(runnerStatus);
    if (!statusChanged(shown.get(status.id), status)) return;
    shown.set(status.id, status);
    const routingKey = `trunks.${String(status.id)}.status.updated`;
    options.bus.publish({ name: 'trunk_status_updated', origin_uuid: options.nodeUuid, required_acl: `events.${routingKey}`, tenant_uuid: status.tenantUuid, data: trunkStatusView(status) });
  };

  const syncOnce = async (): Promise<void> => {
    loadedVersion = await readConfigurationVersion(options.database);
    const plans = (await loadTrunkRuntime(options.database)).map(trunkPlan);
    const wanted = new Map(plans.map((plan) => [plan.id, plan]));
    const stopping: Promise<void>[] = [];
    for (const [id, runner] of runners) {
      const plan = wanted.get(id);
      if (plan !== undefined && samePlan(plan, runner.plan)) continue;
      runners.delete(id);
      stopping.push(runner.stop(UNREGISTER_WAIT_MS).then(() => {
        if (plan === undefined) shown.delete(id);
      }));
    }
    await Promise.all(stopping);
    if (closed) return;
    for (const plan of plans) {
      if (runners.has(plan.id)) continue;
      const runner = createTrunkRunner({
        plan, layer: options.stack.transactionLayer, clock, localHost: options.advertisedAddress, localPort: options.sipPort, resolve,
        userAgent: options.userAgent, onStatus: publish, logger: log, serving,
        ...(options.registrationPolicy === undefined ? {} : { registrationPolicy: options.registrationPolicy }),
      });
      runners.set(plan.id, runner);
      await runner.start();
    }
  };

  // One reload at a time; a request during a reload schedules exactly one more.
  let running: Promise<void> | undefined;
  let again = false;
  const reload = (): Promise<void> => {
    if (running !== undefined) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await syncOnce();
        } catch (error) {
          log.error({ err: error }, 'trunks not reloaded');
        }
      } while (again && !closed);
      running = undefined;
    })();
    return running;
  };

  const unsubscribe = options.bus.subscribe(TRUNK_CONFIG_EVENTS, () => void reload());
  const unfollowRole = options.roles?.onChange((role) => {
    const next = serves(role);
    if (next === serving || closed) return;
    serving = next;
    log.info({ role: role.type, trunks: runners.size }, next ? 'trunks register and qualify' : 'trunks stand down');
    for (const runner of runners.values()) runner.serve(next);
  });
  const versionCheck = setInterval(() => {
    readConfigurationVersion(options.database).then(
      (version) => {
        if (version !== loadedVersion) void reload();
      },
      (error: unknown) => log.warn({ err: error }, 'configuration version not read'),
    );
  }, VERSION_CHECK_MS);
  versionCheck.unref();
  await reload();
  log.info({ trunks: runners.size }, 'trunks started');

  return {
    statusPort: {
      statuses: (): readonly TrunkStatusItem[] => [...runners.values()].map((runner) => {
        const status = counted(runner.status());
        return { tenantUuid: status.tenantUuid, view: { ...trunkStatusView(status), id: status.id } };
      }),
    },
    directory: {
      trunkBySource: (source) => matchTrunkSource([...runners.values()].map((runner) => runner.entry()), source),
      trunkByUsername: (username) => matchTrunkUsername([...runners.values()].map((runner) => runner.entry()), username),
      dialTarget: (trunkId) => {
        const runner = runners.get(trunkId);
        return runner === undefined ? undefined : trunkDialTarget(runner.entry());
      },
    },
    statuses: () => [...runners.values()].map((runner) => counted(runner.status())),
    reload,
    onRegistrarEvent(event) {
      if (event.type === 'registration.auth_failed') return;
      const username = sipMessage.parseUri(event.aor)?.user;
      const runner = [...runners.values()].find((candidate) => candidate.plan.dynamic !== null && candidate.plan.dynamic.username === username);
      runner?.peerRegistered(event.type === 'registration.added' || event.type === 'registration.refreshed');
    },
    callCountChanged(trunkId) {
      const runner = runners.get(trunkId);
      if (runner !== undefined) publish(runner.status());
    },
    async close() {
      closed = true;
      unsubscribe();
      unfollowRole?.();
      clearInterval(versionCheck);
      await running;
      await Promise.all([...runners.values()].map((runner) => runner.stop(UNREGISTER_WAIT_MS)));
      runners.clear();
    },
  };
}

async function resolveHost(host: string): Promise<string | undefined> {
  if (isIP(host) !== 0) return host;
  try {
    return (await lookup(host)).address;
  } catch {
    return undefined;
  }
}
