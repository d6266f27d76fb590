/**
 * The role of a node in a master/slave cluster, as the node itself sees it.
 *
 * @remarks
 * The master is the node holding the Redis master lease (`ha-lease.ts`); its epoch is the fencing
 * token of everything it writes. A slave knows the master's node name when the lease has a holder.
 * A node without HA (`node_type: disabled`) is `standalone` and serves on its own.
 */

/** What a node is now. */
export type HaRole =
  | { readonly type: 'standalone' }
  | { readonly type: 'master'; readonly epoch: number; readonly sinceMs: number }
  | { readonly type: 'slave'; readonly masterNodeName: string | undefined };

/** Where the node's role is read and followed (berofos, contact center, call service, console). */
export interface HaRoleSource {
  role(): HaRole;
  /** Hears each change of role, in order; returns the unsubscription. */
  onChange(listener: (role: HaRole) => void): () => void;
}

/** Whether the node serves calls in `role`: a standalone node or the master. */
export function serves(role: HaRole): boolean {
  return role.type !== 'slave';
}
