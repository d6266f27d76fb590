/**
 * The berofos service against simulated switches: the relays follow the node that serves, a
 * switch that does not answer is retried and switched once it answers, a switch powered off and on
 * is put back, and a bad bnfos.conf stops the start naming the file, line and key.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startSimulatedBerofos, type SimulatedBerofos } from '../../drivers/berofos/testing/simulated-berofos.ts';
import type { NodeLogger } from '../logging/create-logger.ts';
import { startBerofosService, type BerofosService } from './berofos-service.ts';
import type { HaRole, HaRoleSource } from './ha-role.ts';

const TIMINGS = { retryBaseMs: 20, retryMaxMs: 100, verifyEveryMs: 50, attemptTimeoutMs: 3_000 };

/** A node's role, set by the test. */
function roleSource(initial: HaRole): HaRoleSource & { set(role: HaRole): void } {
  let current = initial;
  const listeners = new Set<(role: HaRole) => void>();
  return {
    role: () => current,
    onChange: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    set: (role) => {
      current = role;
      for (const listener of listeners) listener(role);
    },
  };
}

const lines: { level: string; message: string; fields: Record<string, unknown> }[] = [];
const logger: NodeLogger = {
  debug: () => undefined,
  info: (fields, message) => void lines.push({ level: 'info', message, fields }),
  warn: (fields, message) => void lines.push({ level: 'warn', message, fields }),
  error: (fields, message) => void lines.push({ level: 'error', message, fields }),
  child: () => logger,
  flush: () => undefined,
};

const master = (epoch = 1): HaRole => ({ type: 'master', epoch, sinceMs: 0 });
const slave = (masterNodeName: string | undefined): HaRole => ({ type: 'slave', masterNodeName });
/** Waits for a condition on a device reached over HTTP: checked every 10 ms, for at most 10 s. */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition still false after 10 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

let directory: string;
const services: BerofosService[] = [];
const devices: SimulatedBerofos[] = [];
before(async () => {
  directory = await mkdtemp(join(tmpdir(), 'berofos-service-'));
});
after(async () => {
  await Promise.all(services.map((service) => service.close()));
  await Promise.all(devices.map((device) => device.close()));
  await rm(directory, { recursive: true, force: true });
});

async function device(options: Parameters<typeof startSimulatedBerofos>[0] = {}): Promise<SimulatedBerofos> {
  const started = await startSimulatedBerofos(options);
  devices.push(started);
  return started;
}

async function node(name: string, sections: string, roles: HaRoleSource): Promise<BerofosService> {
  const configPath = join(directory, `${name}.conf`);
  await writeFile(configPath, sections);
  const service = await startBerofosService({ configPath, roles, logger, timings: TIMINGS, requestTimeoutMs: 150 });
  services.push(service);
  return service;
}

describe('berofos service', () => {
  it('MUST bring the lines to the master, then to the other node when it takes over, switching once per change', async () => {
    const berofos = await device({ adminPassword: 'secret' });
    const rolesA = roleSource(master());
    const rolesB = roleSource(slave('a'));
    const nodeA = await node('a', berofos.bnfosSection('fos1', 'B'), rolesA);
    await node('b', berofos.bnfosSection('fos1', 'D'), rolesB);
    await until(() => nodeA.statuses()[0]?.state === 'steady');
    assert.deepEqual([berofos.state().joins, berofos.state().parameters.wdog, berofos.state().leds.B], [[{ from: 'A', to: 'B' }], 0, 'green']);

    rolesA.set(slave('b'));
    rolesB.set(master(2));
    await until(() => berofos.state().parameters.mode === 0);
    rolesB.set(master(2));
    rolesA.set(slave('b'));
    const answered = berofos.state().answered;
    await until(() => berofos.state().answered >= answered + 4);
    assert.deepEqual(berofos.state().switches, [{ from: 1, to: 0, cause: 'http' }]);
  });

  it('MUST retry a switch that does not answer and switch it once it answers', async () => {
    const berofos = await device({ parameters: { mode: 1, wdog: 0, wdogdef: 0 } });
    berofos.setReachable(false);
    const roles = roleSource(slave('a'));
    const nodeB = await node('b-retry', berofos.bnfosSection('fos1', 'D'), roles);
    roles.set(master(3));
    await until(() => (nodeB.statuses()[0]?.failures ?? 0) >= 2);
    assert.deepEqual([nodeB.statuses()[0]?.reachable, nodeB.statuses()[0]?.lastFailure?.code, berofos.state().parameters.mode], [false, 'PBX_ERR_BEROFOS_UNREACHABLE', 1]);
    berofos.setReachable(true);
    await until(() => berofos.state().parameters.mode === 0);
    await until(() => nodeB.statuses()[0]?.reachable === true);
    assert.deepEqual([nodeB.statuses()[0]?.linesHere, lines.some((line) => line.level === 'info' && /relays switched to mode 0, the lines go to port D/.test(line.message))], [true, true]);
  });

  it('MUST put the lines back on the master (port D) after the switch is powered off and on', async () => {
    const berofos = await device();
    const nodeD = await node('d-power', berofos.bnfosSection('fos1', 'D'), roleSource(master()));
    await until(() => berofos.state().parameters.mode === 0 && nodeD.statuses()[0]?.state === 'steady');
    berofos.powerOff();
    assert.deepEqual(berofos.state().joins, [{ from: 'A', to: 'D' }]);
    await until(() => nodeD.statuses()[0]?.reachable === false);
    berofos.powerOn();
    await until(() => berofos.state().parameters.mode === 0);
    assert.deepEqual(berofos.state().switches.map((change) => change.cause), ['http', 'power-on', 'http']);
  });

  it('MUST drive every device of bnfos.conf', async () => {
    const first = await device();
    const second = await device();
    await node('two', first.bnfosSection('fos1', 'D') + second.bnfosSection('fos2', 'D'), roleSource({ type: 'standalone' }));
    await until(() => first.state().parameters.mode === 0 && second.state().parameters.mode === 0);
    assert.deepEqual([first.state().leds, second.state().leds.D], [{ A: 'green', B: 'off', C: 'off', D: 'green' }, 'green']);
  });

  it('MUST refuse to start on a bad bnfos.conf, naming the file, the line and the key', async () => {
    const configPath = join(directory, 'bad.conf');
    await writeFile(configPath, '[fos1]\nhost = 10.0.0.1\nnode_port = B\n\n[fos3]\nhost = 10.0.0.2\nlogin = admin\n');
    await assert.rejects(startBerofosService({ configPath, roles: roleSource(master()), logger }), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'PBX_ERR_BEROFOS_CONFIG_INVALID');
      assert.match(error.message, new RegExp(`^${configPath}: line 5, key 'fos3': .*; line 7, key 'login': `));
      return true;
    });
  });
});
