import type { SipEndpoint } from '../sip-endpoint.ts';
import type { Binding, BindingChange } from './binding.ts';
import type { RegistrarEvent } from './registrar-events.ts';
import type { RequestedContact } from './register-contacts.ts';
import { sameContactUri } from './sip-uri-equivalence.ts';

/** What one REGISTER carries besides its contacts. */
export interface RegistrationContext {
  readonly aor: string;
  readonly callId: string;
  readonly cseq: number;
  readonly nowMs: number;
  readonly received: SipEndpoint;
  readonly path: readonly string[];
  readonly userAgent?: string;
}

/** The store changes of one REGISTER and the events to report once they are applied. */
export interface BindingPlan {
  readonly changes: readonly BindingChange[];
  readonly events: readonly RegistrarEvent[];
}

/** A plan, or the refusal of a request that alone asks for more contacts than allowed. */
export type BindingPlanResult =
  | { readonly type: 'plan'; readonly plan: BindingPlan }
  | { readonly type: 'too-many-contacts'; readonly maxContacts: number };

/**
 * Whether a stored binding may be changed by this request.
 *
 * @remarks RFC 3261 §10.3 step 7: with the same Call-ID, only a higher CSeq may update or
 * remove the binding; with another Call-ID the request always wins (the user agent restarted).
 * The RFC then fails the whole request; this registrar instead leaves that one binding as it is
 * and answers with the current bindings: such a request is a delayed or duplicated copy of one
 * already applied, and failing it could make the user agent believe its newer registration had
 * failed.
 * https://www.rfc-editor.org/rfc/rfc3261#section-10.3
 */
export function mayUpdate(binding: Binding, context: RegistrationContext): boolean {
  return binding.callId !== context.callId || context.cseq > binding.cseq;
}

/**
 * Plans `Contact: *` with `Expires: 0`: remove every binding the request may update.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-10.3 (step 6)
 */
export function planWildcardRemoval(existing: readonly Binding[], context: RegistrationContext): BindingPlan {
  const removed = existing.filter((binding) => mayUpdate(binding, context));
  return {
    changes: removed.map((binding) => ({ type: 'remove', contact: binding.contact })),
    events: removed.map((binding) => removedEvent(binding, 'unregistered')),
  };
}

/**
 * Plans the contacts of a REGISTER against the current bindings, then enforces the contact limit.
 *
 * @remarks
 * A contact matches a binding when their URIs are equivalent (RFC 3261 §19.1.4); the binding is
 * then keyed by the new spelling. Past `maxContacts`, the least recently written bindings not
 * written by this request are removed, oldest first: Asterisk's `remove_existing` behaviour, so
 * a phone that rebooted without unregistering is never locked out by its own stale bindings.
 * A request that alone binds more contacts than the limit is refused.
 * https://www.rfc-editor.org/rfc/rfc3261#section-10.3 (step 7)
 */
export function planContactUpdate(
  existing: readonly Binding[],
  contacts: readonly RequestedContact[],
  context: RegistrationContext,
  maxContacts: number,
): BindingPlanResult {
  const changes: BindingChange[] = [];
  const events: RegistrarEvent[] = [];
  let untouched = [...existing];
  let writtenCount = 0;
  for (const contact of contacts) {
    const match = untouched.find((binding) => sameContactUri(binding.contact, contact.uri));
    if (match !== undefined && !mayUpdate(match, context)) continue;
    untouched = untouched.filter((binding) => binding !== match);
    const step = planContact(contact, match, context);
    changes.push(...step.changes);
    events.push(...step.events);
    if (contact.expiresS > 0) writtenCount += 1;
  }
  if (writtenCount > maxContacts) return { type: 'too-many-contacts', maxContacts };
  const evicted = oldestFirst(untouched).slice(0, Math.max(0, untouched.length + writtenCount - maxContacts));
  changes.push(...evicted.map((binding): BindingChange => ({ type: 'remove', contact: binding.contact })));
  events.push(...evicted.map((binding) => removedEvent(binding, 'evicted')));
  return { type: 'plan', plan: { changes, events } };
}

/** One contact the request may change: remove it, or write it (replacing a respelled key). */
function planContact(contact: RequestedContact, match: Binding | undefined, context: RegistrationContext): BindingPlan {
  if (contact.expiresS === 0) {
    return match === undefined
      ? { changes: [], events: [] }
      : { changes: [{ type: 'remove', contact: match.contact }], events: [removedEvent(match, 'unregistered')] };
  }
  const binding = bindingFor(contact, context);
  const upsert: BindingChange = { type: 'upsert', binding };
  if (match === undefined) return { changes: [upsert], events: [factEvent('registration.added', binding)] };
  const respelled = match.contact !== contact.uri;
  return {
    changes: respelled ? [{ type: 'remove', contact: match.contact }, upsert] : [upsert],
    events: [factEvent('registration.refreshed', binding)],
  };
}

function bindingFor(contact: RequestedContact, context: RegistrationContext): Binding {
  return {
    aor: context.aor,
    contact: contact.uri,
    expiresAtMs: context.nowMs + contact.expiresS * 1000,
    callId: context.callId,
    cseq: context.cseq,
    path: [...context.path],
    received: context.received,
    updatedAtMs: context.nowMs,
    ...(contact.qValue === undefined ? {} : { qValue: contact.qValue }),
    ...(contact.instanceId === undefined ? {} : { instanceId: contact.instanceId }),
    ...(contact.regId === undefined ? {} : { regId: contact.regId }),
    ...(context.userAgent === undefined ? {} : { userAgent: context.userAgent }),
  };
}

function oldestFirst(bindings: readonly Binding[]): Binding[] {
  return [...bindings].sort(
    (left, right) =>
      left.updatedAtMs - right.updatedAtMs ||
      left.expiresAtMs - right.expiresAtMs ||
      (left.contact < right.contact ? -1 : left.contact > right.contact ? 1 : 0),
  );
}

function factEvent(type: 'registration.added' | 'registration.refreshed', binding: Binding): RegistrarEvent {
  return { type, aor: binding.aor, contact: binding.contact, received: binding.received };
}

function removedEvent(binding: Binding, cause: 'unregistered' | 'evicted'): RegistrarEvent {
  const { aor, contact, received } = binding;
  return { type: 'registration.removed', aor, contact, received, cause };
}
