/**
 * The contact center of a node, as the call service composes it: the queues and agents run here
 * when this node holds the contact center's lease (always, without Redis), and are reached over
 * the cluster bus otherwise (contact-center-link.ts, docs/decisions.md). In a cluster the queue
 * and agent actors are replicated to Redis (contact-center-replicas.ts): a node that takes the
 * contact center over rehydrates them. Given the node's HA role, the contact center runs on the
 * HA master (contact-center-role-lease.ts) instead of on the holder of its own lease.
 */
import type { Redis } from 'ioredis';
import type { ActorSystem, call } from '../../actors/index.ts';
import type { Database } from '../../store/index.ts';
import type { EventBus } from '../bus/event-bus.ts';
import type { HaRoleSource } from '../ha/ha-role.ts';
import type { NodeLogger } from '../logging/create-logger.ts';
import { createContactCenter } from './contact-center.ts';
import { createContactCenterLink, type ContactCenterLink } from './contact-center-link.ts';
import { createLocalLease, createRedisLease, leaseEpochKey, type ContactCenterLease } from './contact-center-lease.ts';
import { createNoReplicas, createRedisReplicas, type ContactCenterReplicas } from './contact-center-replicas.ts';
import { createRoleLease, roleEpochKey } from './contact-center-role-lease.ts';
import { createLocalNodeDirectory, createRedisNodeDirectory } from './contact-center-nodes.ts';

export interface NodeContactCenterOptions {
  readonly system: ActorSystem;
  readonly bus: EventBus;
  readonly database: Database;
  readonly nodeUuid: string;
  readonly logger: NodeLogger;
  /** The cluster's Redis and key prefix; absent: a node on its own, which runs the contact center. */
  readonly cluster?: { readonly redis: Redis; readonly keyPrefix: string };
  /** The registered phones of SIP usernames (agents' and user members' phones). */
  readonly contacts: (usernames: readonly string[]) => Promise<readonly call.DialTarget[]>;
  /** This node's calls per user, `[userId, calls]` (the busy state reported to the owner). */
  readonly localUserCalls: () => readonly (readonly [number, number])[];
  /** The node's HA role: when given, the contact center runs on the master (with the role's epoch) instead of on its own lease's holder. */
  readonly roles?: HaRoleSource;
}

export async function createNodeContactCenter(options: NodeContactCenterOptions): Promise<ContactCenterLink> {
  const { system, logger, cluster } = options;
  const leaseLog = logger.child({ component: 'contact-center-lease' });
  let lease: ContactCenterLease;
  if (options.roles !== undefined) lease = await createRoleLease({ roles: options.roles, nodeId: options.nodeUuid, ...(cluster === undefined ? {} : { cluster }), log: leaseLog });
  else lease = cluster === undefined ? createLocalLease() : await createRedisLease({ redis: cluster.redis, keyPrefix: cluster.keyPrefix, nodeId: options.nodeUuid, log: leaseLog });
  const replicas: ContactCenterReplicas = cluster === undefined
    ? createNoReplicas()
    : createRedisReplicas({
      redis: cluster.redis, keyPrefix: cluster.keyPrefix, log: logger.child({ component: 'contact-center-replicas' }),
      epochKey: options.roles === undefined ? leaseEpochKey(cluster.keyPrefix) : roleEpochKey(cluster.keyPrefix),
    });
  const self = { nodeId: options.nodeUuid, name: system.nodeName };
  const nodes = cluster === undefined ? createLocalNodeDirectory(self) : await createRedisNodeDirectory({ redis: cluster.redis, keyPrefix: cluster.keyPrefix, self, log: leaseLog });
  const mode = options.roles !== undefined ? 'ha' : cluster === undefined ? 'standalone' : 'cluster';
  return createContactCenterLink({
    system, bus: options.bus, nodeId: options.nodeUuid, logger, lease,
    placement: { mode, name: system.nodeName, nodes },
    localUserCalls: options.localUserCalls,
    replicated: cluster !== undefined,
    start: async (hooks) => createContactCenter({
      replication: { restored: await replicas.load(), writer: replicas.writer(hooks.epoch), epoch: hooks.epoch },
      system, database: options.database, nodeUuid: options.nodeUuid, logger,
      publish: (event) => options.bus.publish(event),
      subscribe: (handler) => options.bus.subscribe([], handler),
      contacts: options.contacts,
      activeCalls: hooks.activeCalls,
      toCall: hooks.toCall,
    }),
  });
}
