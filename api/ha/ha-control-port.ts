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

/** One node of the cluster as the HA runtime knows it. */
export interface HaNodeView {
  readonly name: string;
  readonly role: 'standalone' | 'master' | 'slave';
  /** The lease epoch while master. */
  readonly epoch?: number;
  readonly calls: number;
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
}

/** The outcome of a planned switchover. */
export type SwitchoverResult =
  | { readonly type: 'ok'; readonly from: string; readonly to: string; readonly migratedCalls: number; readonly droppedCalls: number; readonly durationMs: number; readonly rtpGapMs: number | null }
  /** No slave to switch to, HA disabled, or this node is not the master. */
  | { readonly type: 'refused'; readonly reason: string }
  | { readonly type: 'failed'; readonly reason: string };

export interface HaControlPort {
  configuration(): Promise<HaConfiguration>;
  /** Stores and applies the node's HA configuration with its side effects (SIP expiry, registrar backup). */
  configure(configuration: HaConfiguration): Promise<void>;
  status(): Promise<HaStatusView>;
  /** Drains this master and hands its actors to a slave (to `target` when given). */
  switchover(target?: string): Promise<SwitchoverResult>;
}
