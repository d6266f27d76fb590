/**
 * Whether a node is fit to serve, from what it knows of itself at its heartbeat: Redis answering
 * the lease's renewals or checks, PostgreSQL answering, its media workers running. Pure.
 */
import type { NodeHealthView, NodeLoadView } from '../../api/index.ts';

export interface HealthFacts {
  /** Milliseconds since Redis last answered the lease; undefined when the node takes no part in it. */
  readonly leaseSilentMs: number | undefined;
  /** The lease's time to live: silent for more than half of it is a problem (a master stands down at 70 %). */
  readonly leaseTtlMs: number;
  /** Whether PostgreSQL answered the last check; undefined when not checked. */
  readonly storeReachable: boolean | undefined;
  readonly load: Pick<NodeLoadView, 'media'>;
}

export function nodeHealth(facts: HealthFacts): NodeHealthView {
  const problems: string[] = [];
  if (facts.leaseSilentMs !== undefined && facts.leaseSilentMs > facts.leaseTtlMs / 2) problems.push(`Redis has not answered the lease for ${String(Math.round(facts.leaseSilentMs))} ms`);
  if (facts.storeReachable === false) problems.push('PostgreSQL does not answer');
  const { readyWorkers, workers } = facts.load.media;
  if (workers === 0) problems.push('no media worker');
  else if (readyWorkers < workers) problems.push(`${String(readyWorkers)} of ${String(workers)} media workers running`);
  return { ok: problems.length === 0, problems };
}
