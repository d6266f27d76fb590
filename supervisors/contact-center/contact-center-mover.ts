/**
 * The planned, live move of the contact center to a named node (docs/decisions.md, "planned move
 * of the contact center"): what is refused, and the pause the owner makes while it hands over.
 *
 * @remarks
 * The whole contact center moves, never one queue: agents serve several queues and the owner alone
 * reserves them. The owner stops taking new work (the gate: the entries and agentd requests of
 * this node and of the others wait, the other call effects are held), stops its actors (their
 * last replicas written), gives its lease up promising it to the target, and tells the target,
 * which takes the lease at once, rehydrates the actors from the replicas and answers with what it
 * runs. Then the gate opens: what waited goes to the new owner. A target that does not take over
 * in time lets the promise lapse; the lease then goes to whichever node takes it first.
 */
import type { ContactCenterMigration, ContactCenterMode, ContactCenterPort } from '../../api/index.ts';
import type { LiveNode, NodeDirectory } from './contact-center-nodes.ts';

/** How long the lease stays promised to the target. */
export const HANDOVER_PROMISE_MS = 5_000;
/** How long the owner waits for the target to run the contact center. */
export const HANDOVER_TIMEOUT_MS = 10_000;
/** How long a node that asked the owner for a move waits for its outcome. */
export const MIGRATE_REQUEST_TIMEOUT_MS = 15_000;

/** What waits while the owner hands the contact center over. */
export interface HandoverGate {
  active(): boolean;
  begin(): void;
  /** Runs `work` once the gate opens. */
  defer(work: () => void): void;
  /** Resolves once the gate is open. */
  idle(): Promise<void>;
  /** Opens the gate: what waited runs, in order. */
  end(): void;
}

export function createHandoverGate(): HandoverGate {
  let waiting: (() => void)[] | undefined;
  let opened: Promise<void> = Promise.resolve();
  let open: () => void = () => undefined;
  return {
    active: () => waiting !== undefined,
    begin() {
      waiting = [];
      opened = new Promise((resolve) => (open = resolve));
    },
    defer(work) {
      if (waiting === undefined) work();
      else waiting.push(work);
    },
    idle: () => opened,
    end() {
      const deferred = waiting ?? [];
      waiting = undefined;
      open();
      for (const work of deferred) work();
    },
  };
}

const refused = (code: 'not_found' | 'conflict' | 'unavailable', reason: string): ContactCenterMigration => ({ type: 'refused', code, reason });

/** Why a move to `target` does not apply, or the node to move to. */
export function planMigration(input: { readonly mode: ContactCenterMode; readonly live: readonly LiveNode[]; readonly target: string; readonly ownerNodeId: string | undefined }): ContactCenterMigration | LiveNode {
  if (input.mode === 'ha') return refused('conflict', 'the contact center follows the HA master here: switch the master over to move it');
  if (input.mode === 'standalone') return refused('conflict', 'this node is on its own: there is no other node to move the contact center to');
  const node = input.live.find((candidate) => candidate.name === input.target);
  if (node === undefined) return refused('not_found', `node ${input.target} is not a live node of this cluster`);
  if (input.ownerNodeId === undefined) return refused('unavailable', 'no node runs the contact center now');
  if (node.nodeId === input.ownerNodeId) return refused('conflict', `node ${input.target} already runs the contact center`);
  return node;
}

export interface ContactCenterMoverOptions {
  readonly mode: ContactCenterMode;
  /** This node's name and link id. */
  readonly self: LiveNode;
  readonly nodes: NodeDirectory;
  /** The link id of the node running the contact center, as this node knows it (this node's own when it runs it). */
  readonly ownerNodeId: () => string | undefined;
  /** On the owner: hands the contact center over to `target`. */
  readonly handOver: (target: LiveNode) => Promise<ContactCenterMigration>;
  /** Elsewhere: asks the owner to hand it over to `target`. */
  readonly askOwner: (ownerNodeId: string, target: LiveNode) => Promise<ContactCenterMigration>;
}

export function createContactCenterMover(options: ContactCenterMoverOptions): ContactCenterPort {
  const { self } = options;
  return {
    async status() {
      const live = await options.nodes.live();
      const ownerNodeId = options.ownerNodeId();
      const ownerNode = live.find((node) => node.nodeId === ownerNodeId)?.name ?? (ownerNodeId === self.nodeId ? self.name : null);
      return { mode: options.mode, node: self.name, ownerNode, nodes: live.map((node) => ({ name: node.name, owner: node.nodeId === ownerNodeId })) };
    },
    async migrate(target) {
      const ownerNodeId = options.ownerNodeId();
      const plan = planMigration({ mode: options.mode, live: await options.nodes.live(), target, ownerNodeId });
      if (!('nodeId' in plan)) return plan;
      if (ownerNodeId === self.nodeId) return options.handOver(plan);
      return options.askOwner(ownerNodeId as string, plan);
    },
  };
}
