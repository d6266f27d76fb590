/**
 * The calls the users of the other nodes are on, as each node reports them to the contact
 * center's owner: the owner adds them to its own count when it decides whether an agent's phone
 * or a user member is busy (docs/decisions.md, "the busy state of a user in a cluster").
 *
 * @remarks
 * A report replaces the node's previous one. Nodes report on every change and at least every
 * `REPORT_EVERY_MS`; a table not renewed within `STALE_AFTER_MS` belongs to a node that died and
 * counts no more.
 */

export const REPORT_EVERY_MS = 5_000;
export const STALE_AFTER_MS = 3 * REPORT_EVERY_MS;

export interface RemoteUserCalls {
  report(nodeId: string, counts: readonly (readonly [number, number])[], atMs: number): void;
  /** The calls of `userId` on the other nodes, by their fresh reports. */
  count(userId: number, atMs: number): number;
  clear(): void;
}

export function createRemoteUserCalls(): RemoteUserCalls {
  const tables = new Map<string, { readonly counts: ReadonlyMap<number, number>; readonly atMs: number }>();
  return {
    report(nodeId, counts, atMs) {
      tables.set(nodeId, { counts: new Map(counts), atMs });
    },
    count(userId, atMs) {
      let total = 0;
      for (const [nodeId, table] of tables) {
        if (atMs - table.atMs > STALE_AFTER_MS) tables.delete(nodeId);
        else total += table.counts.get(userId) ?? 0;
      }
      return total;
    },
    clear: () => tables.clear(),
  };
}
