import type { Binding, BindingChange, ExpiredBinding } from './binding.ts';
import type { Clock, LocationStore } from './location-store.ts';

/** Inputs of {@link createMemoryLocationStore}. */
export interface MemoryLocationStoreOptions {
  readonly clock: Clock;
}

/**
 * Creates a location store held in this process's memory: the single-node default and the
 * store of unit tests.
 *
 * @remarks
 * Every operation runs synchronously inside one call, which makes `apply` atomic for free. The
 * expiry sweep scans every binding: at 100 000 bindings that is a few milliseconds per sweep,
 * cheaper than keeping an index that each refresh would have to update. Bindings are copied in
 * and out, so callers cannot alter the stored data.
 */
export function createMemoryLocationStore(options: MemoryLocationStoreOptions): LocationStore {
  const { clock } = options;
  const byAor = new Map<string, Map<string, Binding>>();

  const current = (aor: string): readonly Binding[] => {
    const nowMs = clock.now();
    return [...(byAor.get(aor)?.values() ?? [])].filter((binding) => binding.expiresAtMs > nowMs).map(copy);
  };

  return {
    async bindings(aor) {
      return current(aor);
    },
    async apply(aor, changes) {
      const contacts = byAor.get(aor) ?? new Map<string, Binding>();
      for (const change of changes) applyChange(contacts, aor, change);
      if (contacts.size === 0) byAor.delete(aor);
      else byAor.set(aor, contacts);
      return current(aor);
    },
    async removeAll(aor) {
      const removed = [...(byAor.get(aor)?.values() ?? [])].map(copy);
      byAor.delete(aor);
      return removed;
    },
    async expireDue(nowMs) {
      const expired: ExpiredBinding[] = [];
      for (const [aor, contacts] of byAor) {
        for (const [contact, binding] of contacts) {
          if (binding.expiresAtMs > nowMs) continue;
          contacts.delete(contact);
          expired.push({ aor, binding: copy(binding) });
        }
        if (contacts.size === 0) byAor.delete(aor);
      }
      return expired;
    },
    async close() {
      byAor.clear();
    },
  };
}

function applyChange(contacts: Map<string, Binding>, aor: string, change: BindingChange): void {
  switch (change.type) {
    case 'upsert':
      if (change.binding.aor !== aor) throw new RangeError(`binding of ${change.binding.aor} applied to ${aor}`);
      contacts.set(change.binding.contact, copy(change.binding));
      return;
    case 'remove':
      contacts.delete(change.contact);
      return;
    default:
      assertNever(change);
  }
}

function copy(binding: Binding): Binding {
  return { ...binding, path: [...binding.path], received: { ...binding.received } };
}

function assertNever(value: never): never {
  throw new Error(`unexpected change: ${JSON.stringify(value)}`);
}
