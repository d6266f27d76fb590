/**
 * Where the contact center runs, and its planned move to another node (docs/decisions.md,
 * "planned move of the contact center"). Owned here, implemented by the composition root. Every
 * refusal is a value.
 */

/** How the node decides where the contact center runs. */
export type ContactCenterMode =
  /** Nodes of a cluster without HA roles: the holder of the contact center's own lease runs it. */
  | 'cluster'
  /** A node with an HA role: the contact center follows the master. */
  | 'ha'
  /** A node on its own (no Redis): it runs the contact center. */
  | 'standalone';

export interface ContactCenterStatusView {
  readonly mode: ContactCenterMode;
  /** This node's name. */
  readonly node: string;
  /** The name of the node running the contact center; null while none does (or it is not known). */
  readonly ownerNode: string | null;
  /** The live nodes of the cluster by name, the owner marked. */
  readonly nodes: readonly { readonly name: string; readonly owner: boolean }[];
}

/** What a planned move did. */
export type ContactCenterMigration =
  | {
    readonly type: 'moved';
    readonly from: string;
    readonly to: string;
    /** The queues and agents the target runs once it took the contact center over. */
    readonly queues: number;
    readonly agents: number;
    /** The calls waiting in its queues then. */
    readonly waitingCalls: number;
    readonly durationMs: number;
  }
  /** `not_found`: the target is not a live node; `conflict`: the move does not apply (the reason says why); `unavailable`: it failed. */
  | { readonly type: 'refused'; readonly code: 'not_found' | 'conflict' | 'unavailable'; readonly reason: string };

export interface ContactCenterPort {
  status(): Promise<ContactCenterStatusView>;
  /** Moves the contact center, live, to the node named `node`. */
  migrate(node: string): Promise<ContactCenterMigration>;
}
