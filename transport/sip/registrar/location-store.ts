import type { Binding, BindingChange, ExpiredBinding } from './binding.ts';

/** Where the current time comes from, in epoch milliseconds (injected, so tests control it). */
export interface Clock {
  now(): number;
}

/**
 * The location service's storage port: the bindings of each address of record.
 *
 * @remarks
 * RFC 3261 §10.3 requires the processing of one REGISTER to be atomic ("either all of the
 * bindings are updated, or none are"), so {@link LocationStore.apply} takes every change of one
 * request at once. Implementations keep expired bindings until {@link LocationStore.expireDue}
 * claims them, so that each expiry is reported exactly once even with several sweepers; reads
 * never return them.
 * https://www.rfc-editor.org/rfc/rfc3261#section-10.3
 */
export interface LocationStore {
  /** The unexpired bindings of `aor`, in no particular order. */
  bindings(aor: string): Promise<readonly Binding[]>;
  /** Applies `changes` atomically (upserts by contact, removals), returns the unexpired bindings after. */
  apply(aor: string, changes: readonly BindingChange[]): Promise<readonly Binding[]>;
  /** Removes every binding of `aor`; returns those removed. */
  removeAll(aor: string): Promise<readonly Binding[]>;
  /** Removes and returns the bindings whose expiry is at or before `nowMs`, each exactly once. */
  expireDue(nowMs: number): Promise<readonly ExpiredBinding[]>;
  /** Releases what the store owns (not an injected client). */
  close(): Promise<void>;
}
