/** The berofos actor's shell: a round's result comes back as a message, and reports reach the log port. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { createActorSystem, createSystemClock, silentLogger, type ActorSystem } from '../kernel/index.ts';
import { waitFor } from '../kernel/testing/wait-for.ts';
import { berofosAddress, berofosSpec, newBerofos, type BerofosMessage, type BerofosPorts, type BerofosReport, type BerofosSnapshot } from './index.ts';

let system: ActorSystem;
beforeEach(async () => {
  system = await createActorSystem({ nodeName: 'n1', clock: createSystemClock(), logger: silentLogger });
});
afterEach(() => system.shutdown());

describe('berofos actor', () => {
  it('MUST run a round, take its result as a message and log the switch it made', async () => {
    const reports: BerofosReport[] = [];
    const rounds: (0 | 1 | undefined)[] = [];
    const ports: BerofosPorts = {
      round: async (request) => {
        rounds.push(request.relayMode);
        return { type: 'synced', before: 0, after: request.relayMode ?? 0, written: request.relayMode === 1 ? ['mode'] : [] };
      },
      report: (report) => void reports.push(report),
    };
    await system.spawn(berofosSpec({ device: 'fos1', ports, from: { type: 'initial', epoch: 1, data: newBerofos({ name: 'fos1', nodePort: 'B' }) } }));
    const ref = system.lookup<BerofosMessage>(berofosAddress('fos1'));
    ref?.send({ type: 'berofos.role_changed', role: 'master' });
    await waitFor(() => (ref?.toSnapshot().data as BerofosSnapshot | undefined)?.state === 'steady');
    assert.deepEqual([rounds, reports.map((report) => report.type)], [[1], ['berofos.switched']]);
  });

  it('MUST turn a round that throws into a failed round, and back off', async () => {
    const ports: BerofosPorts = { round: () => Promise.reject(new Error('boom')), report: () => undefined };
    await system.spawn(berofosSpec({ device: 'fos2', ports, from: { type: 'initial', epoch: 1, data: newBerofos({ name: 'fos2', nodePort: 'D' }) } }));
    const ref = system.lookup<BerofosMessage>(berofosAddress('fos2'));
    ref?.send({ type: 'berofos.role_changed', role: 'master' });
    await waitFor(() => (ref?.toSnapshot().data as BerofosSnapshot | undefined)?.state === 'backingOff');
    assert.equal((ref?.toSnapshot().data as BerofosSnapshot).lastFailure?.code, 'PBX_ERR_BEROFOS_BAD_ANSWER');
  });
});
