/**
 * Event subscriptions of a control session: which events a client asked for, by event name,
 * call, user and queue. An event reaches the client when its token may see it (`required_acl`)
 * and at least one subscription matches it.
 *
 * @remarks
 * A filter field left out matches everything; the fields given must all match. `call` matches
 * the event's `data.call_id` or `data.conversation_id`, `user` its `data.user_uuid`, `queue`
 * its `data.queue_id` or `data.queue_name`. Names may include `*` (every event).
 */
import { z } from 'zod';
import type { AclCheck } from '../auth/acl.ts';
import type { ControlEvent } from './control-frames.ts';

export const MAX_SUBSCRIPTIONS = 64;

export const subscriptionFilterSchema = z
  .object({
    events: z.array(z.string().min(1).max(128)).max(100).optional(),
    call: z.string().min(1).max(128).optional(),
    user: z.string().min(1).max(128).optional(),
    queue: z.union([z.string().min(1).max(128), z.number().int().safe()]).optional(),
  })
  .strict();
export type SubscriptionFilter = z.infer<typeof subscriptionFilterSchema>;

export interface Subscription {
  readonly id: string;
  readonly filter: SubscriptionFilter;
}

/** Whether the token may see the event (websocketd's rule, seed API-05). */
export function tokenMaySee(acl: AclCheck, event: ControlEvent): boolean {
  if (event.required_acl === undefined) return false;
  return event.required_acl === null || acl.allows(event.required_acl);
}

const field = (data: unknown, name: string): unknown => (typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[name] : undefined);

/** Whether one filter matches the event. */
export function filterMatches(filter: SubscriptionFilter, event: ControlEvent): boolean {
  if (filter.events !== undefined && filter.events.length > 0 && !filter.events.includes(event.name) && !filter.events.includes('*')) return false;
  if (filter.call !== undefined && field(event.data, 'call_id') !== filter.call && field(event.data, 'conversation_id') !== filter.call) return false;
  if (filter.user !== undefined && field(event.data, 'user_uuid') !== filter.user) return false;
  if (filter.queue !== undefined && field(event.data, 'queue_id') !== filter.queue && field(event.data, 'queue_name') !== filter.queue) return false;
  return true;
}

export function anySubscriptionMatches(subscriptions: readonly Subscription[], event: ControlEvent): boolean {
  return subscriptions.some((subscription) => filterMatches(subscription.filter, event));
}
