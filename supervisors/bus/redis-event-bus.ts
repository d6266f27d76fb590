/**
 * The event bus of a cluster (seed API-06: "fanned out between nodes through Redis"): an event
 * published on any node reaches the subscribers of every node exactly once.
 *
 * @remarks
 * A publication is delivered in process at once, then sent on the Redis channel
 * `<prefix>events` as msgpack `{node, event}`; each node delivers what it hears from the channel
 * except its own echo (same node id). Events are not persistent (seed API-06): while Redis is
 * unreachable, a publication still reaches this node's subscribers and is not sent to the others
 * (nothing queues, nothing waits), and the loss and the return are logged once each. ioredis
 * reconnects, and the channel is subscribed to again whenever the subscriber connection is ready.
 */
import { Packr } from 'msgpackr';
import type { Redis } from 'ioredis';
import type { BusEvent, BusHandler, EventBus } from './event-bus.ts';

export interface RedisEventBusLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface RedisEventBusOptions {
  /** This node's in-process bus: where every event is delivered on this node. */
  readonly local: EventBus;
  /** A connection for PUBLISH (may be shared with other commands); its owner connects it. */
  readonly publisher: Redis;
  /** A connection of its own for SUBSCRIBE (e.g. `publisher.duplicate()`); closed by `close`. */
  readonly subscriber: Redis;
  /** Prefix of the channel name (the node's Redis key prefix), so that clusters and tests stay apart. */
  readonly keyPrefix: string;
  /** This node's id: its own events coming back from Redis are skipped. */
  readonly nodeId: string;
  readonly log: RedisEventBusLog;
}

export interface RedisEventBus extends EventBus {
  /** Resolves once the channel was subscribed to and the publisher connected, the first time. */
  readonly ready: Promise<void>;
  /** Events sent to Redis, heard from other nodes, and not sent while Redis was unreachable. */
  counters(): { readonly sent: number; readonly received: number; readonly unsent: number };
  /** Unsubscribes and closes the subscriber connection (not the publisher). */
  close(): Promise<void>;
}

interface WireMessage {
  readonly node: string;
  readonly event: BusEvent;
}

const packr = new Packr({ useRecords: false });

export function createRedisEventBus(options: RedisEventBusOptions): RedisEventBus {
  const channel = `${options.keyPrefix}events`;
  const counts = { sent: 0, received: 0, unsent: 0 };
  let reachable = true;
  let closed = false;
  const lost = (error: unknown) => {
    if (!reachable) return;
    reachable = false;
    options.log.warn({ err: error, channel }, 'event bus: Redis unreachable, events stay on this node');
  };
  const back = () => {
    if (reachable) return;
    reachable = true;
    options.log.info({ channel }, 'event bus: Redis reachable again');
  };

  let markSubscribed: () => void = () => undefined;
  const subscribed = new Promise<void>((resolve) => {
    markSubscribed = resolve;
  });
  const subscribe = () => {
    if (closed) return;
    options.subscriber.subscribe(channel).then(() => {
      back();
      markSubscribed();
    }, lost);
  };
  options.subscriber.on('ready', subscribe);
  options.subscriber.on('error', lost);
  options.publisher.on('error', lost);
  options.subscriber.on('messageBuffer', (from: Buffer, message: Buffer) => {
    if (from.toString() !== channel) return;
    const decoded = decode(message);
    if (decoded === undefined) {
      options.log.warn({ channel, bytes: message.length }, 'event bus: a message from Redis is not an event; dropped');
      return;
    }
    if (decoded.node === options.nodeId) return;
    counts.received += 1;
    options.local.publish(decoded.event);
  });
  if (options.subscriber.status === 'ready' || options.subscriber.status === 'wait') subscribe();
  const publisherReady = new Promise<void>((resolve) => {
    if (options.publisher.status === 'ready') resolve();
    else options.publisher.once('ready', () => resolve());
  });

  return {
    ready: Promise.all([subscribed, publisherReady]).then(() => undefined),
    publish(event) {
      options.local.publish(event);
      if (closed) return;
      if (options.publisher.status !== 'ready') {
        counts.unsent += 1;
        if (options.publisher.status !== 'wait') lost(new Error(`Redis connection ${options.publisher.status}`));
        return;
      }
      let payload: Buffer;
      try {
        payload = packr.pack({ node: options.nodeId, event } satisfies WireMessage);
      } catch (error) {
        options.log.warn({ err: error, event: event.name }, 'event bus: event not encodable; kept on this node');
        return;
      }
      counts.sent += 1;
      options.publisher.publish(channel, payload).then(back, lost);
    },
    subscribe(names: readonly string[], handler: BusHandler) {
      return options.local.subscribe(names, handler);
    },
    counters: () => ({ ...counts }),
    close() {
      if (!closed) {
        closed = true;
        options.subscriber.off('ready', subscribe);
        options.subscriber.disconnect();
      }
      return Promise.resolve();
    },
  };
}

function decode(message: Buffer): WireMessage | undefined {
  let value: unknown;
  try {
    value = packr.unpack(message);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { node, event } = value as { node?: unknown; event?: unknown };
  if (typeof node !== 'string' || typeof event !== 'object' || event === null) return undefined;
  const { name, origin_uuid: origin, required_acl: acl, tenant_uuid: tenant } = event as { name?: unknown; origin_uuid?: unknown; required_acl?: unknown; tenant_uuid?: unknown };
  if (typeof name !== 'string' || typeof origin !== 'string') return undefined;
  if (acl !== undefined && acl !== null && typeof acl !== 'string') return undefined;
  if (tenant !== undefined && typeof tenant !== 'string') return undefined;
  if (!('data' in event)) return undefined;
  return { node, event: event as BusEvent };
}
