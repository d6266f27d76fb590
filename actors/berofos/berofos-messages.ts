/** The messages, effects and reports of a berofos actor (see berofos-machine.ts). */
import type { berofos } from '../../drivers/index.ts';

/** The node's role as the berofos actor needs it: whether it serves, and so drives the relays. */
export type BerofosNodeRole = 'master' | 'slave' | 'standalone';

/** A failed round with the device, as data. */
export interface BerofosFailureData {
  readonly code: berofos.BerofosFailureCode;
  readonly message: string;
}

export type BerofosMessage =
  /** The node's role changed (or is told for the first time). */
  | { readonly type: 'berofos.role_changed'; readonly role: BerofosNodeRole }
  /** The round `attempt` ended with the device holding `after` (`written`: what it wrote). */
  | { readonly type: 'berofos.synced'; readonly attempt: number; readonly before: berofos.RelayMode; readonly after: berofos.RelayMode; readonly written: readonly string[] }
  /** The round `attempt` failed. */
  | { readonly type: 'berofos.sync_failed'; readonly attempt: number; readonly failure: BerofosFailureData };

/** What the actor logs: each relay switch, the settings it fixed, the device lost and found. */
export type BerofosReport =
  | { readonly type: 'berofos.switched'; readonly device: string; readonly from: berofos.RelayMode; readonly to: berofos.RelayMode; readonly linesTo: berofos.NodePort; readonly role: BerofosNodeRole }
  | { readonly type: 'berofos.parameters_written'; readonly device: string; readonly written: readonly string[] }
  | { readonly type: 'berofos.unreachable'; readonly device: string; readonly failure: BerofosFailureData }
  | { readonly type: 'berofos.reachable'; readonly device: string; readonly afterFailures: number };

export type BerofosEffect =
  /**
   * One round with the device: read it, and when `relayMode` is given write the HA settings and the
   * relay mode where they differ. The runner tells `berofos.synced` or `berofos.sync_failed`.
   */
  | { readonly type: 'berofos.sync'; readonly attempt: number; readonly relayMode?: berofos.RelayMode }
  | { readonly type: 'berofos.report'; readonly report: BerofosReport };
