/**
 * The contact center of a node, as the call service composes it: the queues and agents run here
 * when this node holds the contact center's lease (always, without Redis), and are reached over
 * the cluster bus otherwise (contact-center-link.ts, docs/decisions.md).
 */
import type { Redis } from 'ioredis';
import type { ActorSystem, call } from '../../actors/index.ts';
import type { Database } from '../../store/index.ts';
import type { EventBus } from '../bus/event-bus.ts';
import type { NodeLogger } from '../logging/create-logger.ts';
import { createContactCenter } from './contact-center.ts';
import { createContactCenterLink, type ContactCenterLink } from './contact-center-link.ts';
import { createLocalLease, createRedisLease } from './contact-center-lease.ts';

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
}

export async function createNodeContactCenter(options: NodeContactCenterOptions): Promise<ContactCenterLink> {
  const { system, logger, cluster } = options;
  const lease = cluster === undefined
    ? createLocalLease()
    : await createRedisLease({ redis: cluster.redis, keyPrefix: cluster.keyPrefix, nodeId: options.nodeUuid, log: logger.child({ component: 'contact-center-lease' }) });
  return createContactCenterLink({
    system, bus: options.bus, nodeId: options.nodeUuid, logger, lease,
    localUserCalls: options.localUserCalls,
    start: (hooks) => createContactCenter({
      system, database: options.database, nodeUuid: options.nodeUuid, logger,
      publish: (event) => options.bus.publish(event),
      subscribe: (handler) => options.bus.subscribe([], handler),
      contacts: options.contacts,
      activeCalls: hooks.activeCalls,
      toCall: hooks.toCall,
    }),
  });
}
