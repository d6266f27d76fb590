/**
 * What the HA API asks of the node: its HA configuration (the seed's `PUT /ha`), the cluster's
 * state, and a planned switchover.
 *
 * @remarks The composition root implements it over the store and the node's HA runtime; the API
 * folder knows only this port.
 */

/** The seed's HA configuration of one node (confd `/ha`). */
export interface HaConfiguration {
  readonly node_type: 'disabled' | 'master' | 'slave';
  /** The VoIP address of the other node; empty when HA is disabled. */
  readonly remote_address: string;
}

/** What a node carries, sampled at its last heartbeat (see supervisors/ha/node-load.ts). */
export interface NodeLoadView {
  readonly calls: number;
  /** Active actors of this node by kind (`call`, `channel`, `agent`, `queue` …). */
  readonly actors: Readonly<Record<string, number>>;
  /** The media worker threads: how many run, of how many, and the sessions each hosts. */
  readonly media: { readonly readyWorkers: number; readonly workers: number; readonly sessions: number; readonly sessionsPerWorker: readonly number[] };
  /** The process's CPU time over the wall time since the previous sample, in percent of one core. */
  readonly cpuPercent: number;
  readonly memory: { readonly rssBytes: number; readonly heapUsedBytes: number; readonly heapTotalBytes: number };
  readonly uptimeS: number;
}

/** Whether a node is fit to serve: `problems` says what is wrong (the lease not renewed, the store unreachable …). */
export interface NodeHealthView {
  readonly ok: boolean;
  readonly problems: readonly string[];
}

/** One node of the cluster as the HA runtime knows it. */
export interface HaNodeView {
  readonly name: string;
  readonly role: 'standalone' | 'master' | 'slave';
  /** The lease epoch while master. */
  readonly epoch?: number;
  readonly calls: number;
  /** Marked drained: it takes no lease while another live node that is not drained can (see nodes.drain). */
  readonly drained?: boolean;
  readonly health?: NodeHealthView;
  readonly load?: NodeLoadView;
}

/** The last planned handover of a master (a switchover or a drain), as recorded for every node to read. */
export interface HandoverRecord {
  /** The master that handed over. */
  readonly node: string;
  /** Its epoch as master. */
  readonly fromEpoch: number;
  /** Whether it was drained (it stays a slave), or only switched over. */
  readonly drained: boolean;
  readonly to: string;
  readonly migratedCalls: number;
  readonly droppedCalls: number;
  readonly durationMs: number;
  readonly atMs: number;
}

/** The cluster's HA state. */
export interface HaStatusView {
  readonly enabled: boolean;
  /** This node's role. */
  readonly role: 'standalone' | 'master' | 'slave';
  readonly epoch: number | null;
  readonly masterNodeName: string | null;
  /** When the current master took the lease (ISO 8601), null when none or unknown. */
  readonly lastFailoverAt: string | null;
  readonly nodes: readonly HaNodeView[];
  /** The last planned handover of a master (switchover or drain), when one happened. */
  readonly lastHandover?: HandoverRecord | null;
}

/** The outcome of a planned switchover. */
export type SwitchoverResult =
  | { readonly type: 'ok'; readonly from: string; readonly to: string; readonly migratedCalls: number; readonly droppedCalls: number; readonly durationMs: number; readonly rtpGapMs: number | null }
  /** No slave to switch to, HA disabled, or this node is not the master. */
  | { readonly type: 'refused'; readonly reason: string }
  | { readonly type: 'failed'; readonly reason: string };

/** The outcome of draining a node (`nodes.drain`). */
export type DrainResult =
  /** A master drained: its calls moved to `to`. A slave just marked: `to` null, no call moved. */
  | { readonly type: 'ok'; readonly node: string; readonly role: 'master' | 'slave'; readonly to: string | null; readonly migratedCalls: number; readonly droppedCalls: number; readonly durationMs: number }
  /** A standalone node, a master with no undrained slave, another node that is the master. */
  | { readonly type: 'refused'; readonly reason: string }
  | { readonly type: 'not-found'; readonly reason: string }
  | { readonly type: 'failed'; readonly reason: string };

/** The outcome of clearing a node's drained mark (`nodes.undrain`). */
export type UndrainResult =
  | { readonly type: 'ok'; readonly node: string; readonly wasDrained: boolean }
  | { readonly type: 'refused'; readonly reason: string };

export interface HaControlPort {
  configuration(): Promise<HaConfiguration>;
  /** Stores and applies the node's HA configuration with its side effects (SIP expiry, registrar backup). */
  configure(configuration: HaConfiguration): Promise<void>;
  status(): Promise<HaStatusView>;
  /** Drains this master and hands its actors to a slave (to `target` when given). */
  switchover(target?: string): Promise<SwitchoverResult>;
  /** Drains `node` (this node when absent): a master hands its calls to a slave; every drained node is marked. */
  drain(node?: string): Promise<DrainResult>;
  /** Clears the drained mark of `node` (this node when absent). */
  undrain(node?: string): Promise<UndrainResult>;
}
