/**
 * The berofos actor's shell: the machine plus the runners of its ports (a round with the device,
 * and the log), which the composition root (`supervisors/ha/berofos-service.ts`) builds per device.
 */
import { actorAddress, type ActorAddress, type ActorHooks, type ActorSpec, type SpawnOrigin } from '../kernel/index.ts';
import type { berofos } from '../../drivers/index.ts';
import { berofosMachine, DEFAULT_BEROFOS_TIMINGS, type BerofosTimings } from './berofos-machine.ts';
import type { BerofosEffect, BerofosFailureData, BerofosMessage, BerofosReport } from './berofos-messages.ts';
import type { BerofosSnapshot } from './berofos-snapshot.ts';

/** The outcome of one round with the device. */
export type BerofosRoundOutcome =
  | { readonly type: 'synced'; readonly before: berofos.RelayMode; readonly after: berofos.RelayMode; readonly written: readonly string[] }
  | { readonly type: 'failed'; readonly failure: BerofosFailureData };

/** What a berofos actor asks of the node. */
export interface BerofosPorts {
  /**
   * One round with the device: read it, and when `relayMode` is given write the HA settings and the
   * relay mode where they differ. Resolves with the outcome; never rejects.
   */
  round(request: { readonly relayMode?: berofos.RelayMode }): Promise<BerofosRoundOutcome>;
  /** Logs a switch, the settings written, the device lost or found. */
  report(report: BerofosReport, atMs: number): void;
}

export type BerofosSpec = ActorSpec<BerofosSnapshot, BerofosMessage, BerofosEffect, { readonly timings: BerofosTimings }>;

/** The address of the actor of device `name` (`fos1`, …). */
export function berofosAddress(name: string): ActorAddress {
  return actorAddress('berofos', name);
}

/** The spec that spawns the actor of one device. */
export function berofosSpec(options: {
  readonly device: string;
  readonly ports: BerofosPorts;
  readonly from: SpawnOrigin<BerofosSnapshot>;
  readonly timings?: BerofosTimings;
  readonly hooks?: ActorHooks<BerofosSnapshot>;
}): BerofosSpec {
  const { ports } = options;
  return {
    address: berofosAddress(options.device),
    machine: berofosMachine,
    env: { timings: options.timings ?? DEFAULT_BEROFOS_TIMINGS },
    from: options.from,
    ...(options.hooks === undefined ? {} : { hooks: options.hooks }),
    runners: {
      // The round takes up to seconds against a device that does not answer: its result comes back as a message.
      'berofos.sync': (effect, context) => {
        const request = effect.relayMode === undefined ? {} : { relayMode: effect.relayMode };
        void ports.round(request).then(
          (outcome) => context.tell(outcome.type === 'synced'
            ? { type: 'berofos.synced', attempt: effect.attempt, before: outcome.before, after: outcome.after, written: outcome.written }
            : { type: 'berofos.sync_failed', attempt: effect.attempt, failure: outcome.failure }),
          (error: unknown) => context.tell({ type: 'berofos.sync_failed', attempt: effect.attempt, failure: { code: 'PBX_ERR_BEROFOS_BAD_ANSWER', message: `round failed: ${error instanceof Error ? error.message : String(error)}` } }),
        );
      },
      'berofos.report': (effect, context) => ports.report(effect.report, context.now),
    },
  };
}
