/**
 * What draining a node means, decided from the cluster as the node sees it (pure):
 *
 * - a slave (this node or another): it is marked drained and nothing else changes;
 * - this node as master: it hands its calls, agents and queues live to a live slave that is not
 *   drained (the planned switchover), marked drained first so that it does not take the lease back;
 *   with no such slave the drain is refused and nothing changes;
 * - another node that is the master: refused, the drain runs on the master itself (only it can move
 *   its calls);
 * - a standalone node: refused, no other node can take its calls;
 * - a node that is not live (no fresh heartbeat): not found.
 *
 * And when a drained node may take the master lease: only when no other live node that is not
 * drained could, so that a cluster is never left without a master because of a mark.
 */
import type { HaNodeView } from '../../api/index.ts';
import type { HaRole } from './ha-role.ts';

export type DrainPlan =
  | { readonly type: 'refuse'; readonly reason: string }
  | { readonly type: 'not-found'; readonly reason: string }
  | { readonly type: 'mark'; readonly node: string }
  | { readonly type: 'hand-over'; readonly epoch: number; readonly to: readonly string[] };

export interface DrainSituation {
  readonly self: string;
  readonly role: HaRole;
  /** The node asked for; this node when undefined. */
  readonly target: string | undefined;
  /** The live nodes (fresh heartbeats), with their drained marks. */
  readonly nodes: readonly HaNodeView[];
  /** Whether a drain of this node is running already. */
  readonly draining: boolean;
}

export function planDrain(situation: DrainSituation): DrainPlan {
  const { self, role, nodes } = situation;
  const target = situation.target ?? self;
  if (target === self) {
    switch (role.type) {
      case 'standalone':
        return { type: 'refuse', reason: 'this node is standalone: no other node can take its calls (stop it with SIGTERM to end them cleanly)' };
      case 'slave':
        return { type: 'mark', node: self };
      case 'master': {
        if (situation.draining) return { type: 'refuse', reason: 'this node is being drained already' };
        const to = nodes.filter((node) => node.name !== self && node.role === 'slave' && node.drained !== true).map((node) => node.name);
        if (to.length === 0) return { type: 'refuse', reason: 'no live slave that is not drained can take the calls' };
        return { type: 'hand-over', epoch: role.epoch, to };
      }
    }
  }
  const other = nodes.find((node) => node.name === target);
  if (other === undefined) return { type: 'not-found', reason: `node ${target} is not a live node of this cluster` };
  if (other.role === 'master') return { type: 'refuse', reason: `node ${target} is the master: drain it through its own API, only it can move its calls` };
  if (other.role === 'standalone') return { type: 'refuse', reason: `node ${target} is standalone: no other node can take its calls` };
  return { type: 'mark', node: target };
}

/** Whether a node may take the master lease now: yes unless it is drained and another live, undrained node could. */
export function mayTakeLease(self: string, drained: ReadonlySet<string>, nodes: readonly HaNodeView[]): { readonly take: boolean; readonly despiteDrain: boolean } {
  if (!drained.has(self)) return { take: true, despiteDrain: false };
  const others = nodes.filter((node) => node.name !== self && node.role !== 'standalone' && !drained.has(node.name));
  return others.length === 0 ? { take: true, despiteDrain: true } : { take: false, despiteDrain: false };
}
