/**
 * The berofos kind in the migration property: role changes, and the device's answers to the rounds
 * (synced in either relay mode, or failed), given as messages so that an answer is never lost to a
 * move; stale attempts among them are the machine's to ignore.
 */
import fc from 'fast-check';
import { berofos } from '../../../actors/index.ts';
import type { MigrationKind } from '../actor-migration.ts';

const attempt = fc.integer({ min: 1, max: 6 });
const mode = fc.constantFrom<0 | 1>(0, 1);

const messages: fc.Arbitrary<berofos.BerofosMessage> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<berofos.BerofosNodeRole>('master', 'slave', 'standalone').map((role): berofos.BerofosMessage => ({ type: 'berofos.role_changed', role })) },
  { weight: 4, arbitrary: fc.record({ attempt, before: mode, after: mode, written: fc.constantFrom<readonly string[]>([], ['mode'], ['wdog', 'mode']) }).map((synced): berofos.BerofosMessage => ({ type: 'berofos.synced', ...synced })) },
  { weight: 2, arbitrary: attempt.map((failed): berofos.BerofosMessage => ({ type: 'berofos.sync_failed', attempt: failed, failure: { code: 'PBX_ERR_BEROFOS_UNREACHABLE', message: 'no answer' } })) },
);

export const berofosKind: MigrationKind<berofos.BerofosSnapshot, berofos.BerofosMessage, null> = {
  file: 'actors/berofos/berofos-actor.ts',
  newWorld: () => null,
  initial: fc.constantFrom<'B' | 'D'>('B', 'D').map((nodePort) => berofos.newBerofos({ name: 'fos1', nodePort })),
  spawn: (system, from, ports, _world, hooks) => system.spawn(berofos.berofosSpec({
    device: 'fos1', from, hooks,
    ports: {
      // The device's answer comes as a message of the sequence: the round itself never resolves.
      round: (request) => {
        ports.record('round', request);
        return new Promise(() => undefined);
      },
      report: (report, atMs) => ports.record('report', { report, atMs }),
    },
  })),
  peers: () => [],
  messages,
  maxAdvanceMs: 10_000,
  maxSteps: 30,
  numRuns: 300,
};
