/**
 * The persisted form of an actor: what `toSnapshot()` returns, what replication stores and what an
 * actor is spawned from on another node.
 *
 * @remarks
 * Versioned (`v`) so that a node running newer code reads a replica written by an older one:
 * readers accept the current and the previous version (style §7.5). Version 1 is the first, so only
 * it is accepted today. The kind's own data sits under `data`; the kernel owns the rest.
 */
import type { ActorAddress } from './address.ts';
import type { MachineSnapshot } from './machine.ts';
import { NO_TIMERS, type TimerTable } from './timer-table.ts';

/** The snapshot format this code writes. */
export const ACTOR_SNAPSHOT_VERSION = 1;

/** A versioned, self-describing actor snapshot. */
export interface ActorSnapshot<Data extends MachineSnapshot = MachineSnapshot> {
  readonly v: typeof ACTOR_SNAPSHOT_VERSION;
  readonly kind: string;
  readonly id: string;
  /** The directory epoch of the activation that wrote it; of two activations, the lower stands down. */
  readonly epoch: number;
  /** Armed timers as deadlines (epoch ms). */
  readonly timers: TimerTable;
  /** The machine snapshot of the kind. */
  readonly data: Data;
}

/** Why an untrusted value is not a readable snapshot. */
export interface SnapshotReadError {
  readonly type: 'error';
  readonly code: 'PBX_ERR_ACTOR_SNAPSHOT_INVALID';
  readonly detail: string;
}

/** A snapshot read from untrusted storage, or why it could not be. */
export type SnapshotReadResult = { readonly type: 'snapshot'; readonly snapshot: ActorSnapshot } | SnapshotReadError;

/** Builds the first snapshot of a fresh actor. */
export function initialActorSnapshot<Data extends MachineSnapshot>(address: ActorAddress, epoch: number, data: Data): ActorSnapshot<Data> {
  return { v: ACTOR_SNAPSHOT_VERSION, kind: address.kind, id: address.id, epoch, timers: NO_TIMERS, data };
}

/**
 * Checks the kernel part of a snapshot read from a replica (Redis, another node).
 *
 * @remarks
 * Checks the version, the identity, the epoch, every timer deadline and that `data` names a state.
 * The kind's data beyond `state` is the kind's to check. Returns a value: a corrupt or foreign
 * replica is an expected failure, not a bug.
 */
export function readActorSnapshot(value: unknown): SnapshotReadResult {
  if (!isRecord(value)) return invalid('not an object');
  if (value['v'] !== ACTOR_SNAPSHOT_VERSION) return invalid(`unsupported version ${String(value['v'])}`);
  const { kind, id, epoch, timers, data } = value;
  if (typeof kind !== 'string' || kind === '') return invalid('kind is not a non-empty string');
  if (typeof id !== 'string' || id === '') return invalid('id is not a non-empty string');
  if (typeof epoch !== 'number' || !Number.isSafeInteger(epoch) || epoch < 0) return invalid('epoch is not a non-negative integer');
  if (!isTimerTable(timers)) return invalid('timers is not a table of finite deadlines');
  if (!isRecord(data) || typeof data['state'] !== 'string') return invalid('data does not name a state');
  const snapshot: ActorSnapshot = { v: ACTOR_SNAPSHOT_VERSION, kind, id, epoch, timers, data: data as unknown as MachineSnapshot };
  return { type: 'snapshot', snapshot };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTimerTable(value: unknown): value is TimerTable {
  return isRecord(value) && Object.values(value).every((deadline) => typeof deadline === 'number' && Number.isFinite(deadline));
}

function invalid(detail: string): SnapshotReadError {
  return { type: 'error', code: 'PBX_ERR_ACTOR_SNAPSHOT_INVALID', detail };
}
