/**
 * The node's event bus: every event the engine publishes (call_created, registration changes …)
 * with the seed's envelope (`name`, `origin_uuid`, `required_acl`, `data`, API-06), delivered to
 * the subscribers of this node.
 *
 * @remarks
 * In process; redis-event-bus.ts fans it out between the nodes of a cluster. A subscriber that throws is reported and never stops delivery to the others, and a
 * subscriber added during a publication does not see that publication.
 */
export interface BusEvent<Data = unknown> {
  readonly name: string;
  readonly origin_uuid: string;
  /** Who may see it over websocketd: missing, no client (internal events); null, every client; else an ACL. */
  readonly required_acl?: string | null;
  /** The tenant the event belongs to: websocketd delivers it only to tokens that see this tenant. Absent: a platform event. */
  readonly tenant_uuid?: string;
  readonly data: Data;
}

export type BusHandler = (event: BusEvent) => void;

export interface EventBus {
  publish(event: BusEvent): void;
  /** `names` empty or `*` means every event. Returns the unsubscribe function. */
  subscribe(names: readonly string[], handler: BusHandler): () => void;
}

/** Creates the in-process bus; `onHandlerError` hears about subscribers that threw. */
export function createEventBus(onHandlerError: (name: string, error: unknown) => void): EventBus {
  const subscriptions = new Set<{ readonly names: ReadonlySet<string>; readonly handler: BusHandler }>();
  return {
    publish(event) {
      for (const subscription of [...subscriptions]) {
        if (subscription.names.size > 0 && !subscription.names.has(event.name) && !subscription.names.has('*')) continue;
        try {
          subscription.handler(event);
        } catch (error) {
          onHandlerError(event.name, error);
        }
      }
    },
    subscribe(names, handler) {
      const subscription = { names: new Set(names), handler };
      subscriptions.add(subscription);
      return () => subscriptions.delete(subscription);
    },
  };
}
