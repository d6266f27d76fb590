/**
 * The last stable snapshot of each queue and agent actor of the contact center: kept here for a
 * restart after a crash, and written to the replicas for the next owner.
 *
 * @remarks
 * A contact center that starts on a node taking it over is given the replicas the previous owner
 * wrote: each actor is spawned from its replica instead of fresh (its timers re-armed from their
 * deadlines by the kernel; a deadline already past fires at once). An actor removed from the
 * configuration has its replica deleted; a replica whose actor is no longer configured is deleted
 * once the configuration was applied.
 */
import type { ActorHooks, ActorSnapshot, MachineSnapshot, SpawnOrigin } from '../../actors/index.ts';
import type { ReplicaWriter } from './contact-center-replicas.ts';

export interface ReplicatedActors {
  /** The hooks of actor `key`: each stable snapshot is kept and replicated, and shown to `observe`. */
  hooks<Data extends MachineSnapshot>(key: string, observe?: (data: Data) => void): ActorHooks<Data>;
  /** Where actor `key` starts: its last snapshot (a restart, a replica) or fresh from `data`. */
  origin<Data extends MachineSnapshot>(key: string, data: Data): SpawnOrigin<Data>;
  /** Whether actor `key` was last started from the previous owner's replica. */
  rehydrated(key: string): boolean;
  /** The actor `key` was removed: its snapshot and replica go. */
  forget(key: string): void;
  /** Deletes the replicas of actors not in `kept` (removed from the configuration meanwhile); answers their snapshots. */
  dropOthers(kept: ReadonlySet<string>): readonly ActorSnapshot[];
  readonly writer: ReplicaWriter;
}

export function createReplicatedActors(options: { readonly restored: ReadonlyMap<string, ActorSnapshot>; readonly writer: ReplicaWriter; readonly epoch: number }): ReplicatedActors {
  const { writer } = options;
  const latest = new Map<string, ActorSnapshot>(options.restored);
  const fromReplica = new Set(options.restored.keys());
  return {
    hooks: <Data extends MachineSnapshot>(key: string, observe?: (data: Data) => void): ActorHooks<Data> => ({
      onStableTransition(snapshot) {
        latest.set(key, snapshot);
        writer.put(key, snapshot);
        observe?.(snapshot.data);
      },
    }),
    origin<Data extends MachineSnapshot>(key: string, data: Data): SpawnOrigin<Data> {
      const last = latest.get(key) as ActorSnapshot<Data> | undefined;
      return last === undefined ? { type: 'initial', epoch: options.epoch, data } : { type: 'snapshot', snapshot: last, epoch: options.epoch };
    },
    rehydrated: (key) => fromReplica.has(key),
    forget(key) {
      latest.delete(key);
      fromReplica.delete(key);
      writer.remove(key);
    },
    dropOthers(kept) {
      const dropped: ActorSnapshot[] = [];
      for (const [key, snapshot] of [...latest]) {
        if (kept.has(key)) continue;
        dropped.push(snapshot);
        latest.delete(key);
        fromReplica.delete(key);
        writer.remove(key);
      }
      return dropped;
    },
    writer,
  };
}
