/** The HTTP control binding against a simulated berofos: relays, settings, login and failures as values. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createBerofosClient, HA_PARAMETERS, syncBerofos } from './index.ts';
import { startSimulatedBerofos, type SimulatedBerofos } from './testing/simulated-berofos.ts';

let device: SimulatedBerofos;
let locked: SimulatedBerofos;
before(async () => {
  device = await startSimulatedBerofos();
  locked = await startSimulatedBerofos({ adminPassword: 'berofos' });
});
after(async () => {
  await device.close();
  await locked.close();
});

const clientOf = (target: SimulatedBerofos, password?: string, requestTimeoutMs = 2_000) =>
  createBerofosClient({ host: target.host, httpPort: target.httpPort, requestTimeoutMs, ...(password === undefined ? {} : { login: { user: 'admin', password } }) });

describe('berofos client', () => {
  it('MUST read the settings the device holds', async () => {
    const read = await clientOf(device).readParameters();
    assert.deepEqual(read, { type: 'ok', value: { scenario: 0, mode: 1, modedef: 1, wdog: 1, wdogdef: 1 } });
  });

  it('MUST switch the relays to A–D with mode=0, lighting the LEDs of A and D only', async () => {
    assert.deepEqual(await clientOf(device).setParameter('mode', 0), { type: 'ok', value: undefined });
    assert.deepEqual([device.state().joins, device.state().leds], [[{ from: 'A', to: 'D' }], { A: 'green', B: 'off', C: 'off', D: 'green' }]);
  });

  it('MUST bring the device to the HA settings and the wanted relay mode, writing only what differs, the relays last', async () => {
    for (const [name, value] of [['mode', 0], ['wdog', 1], ['wdogdef', 1], ['scenario', 0], ['modedef', 1]] as const) device.setParameter(name, value);
    const report = await syncBerofos(clientOf(device), { relayMode: 1, parameters: HA_PARAMETERS });
    assert.deepEqual(report.type === 'ok' ? report.value.written : report, ['wdog', 'wdogdef', 'mode']);
    assert.deepEqual(device.state().parameters, { scenario: 0, mode: 1, modedef: 1, wdog: 0, wdogdef: 0 });
  });

  it('MUST write nothing when the device already holds what is wanted', async () => {
    await syncBerofos(clientOf(device), { relayMode: 1, parameters: HA_PARAMETERS });
    const report = await syncBerofos(clientOf(device), { relayMode: 1, parameters: HA_PARAMETERS });
    assert.deepEqual(report.type === 'ok' ? report.value.written : report, []);
  });

  it('MUST send the login of bnfos.conf to a password-protected device', async () => {
    const read = await clientOf(locked, 'berofos').readParameters();
    assert.equal(read.type, 'ok');
  });

  it('MUST report a refused login as PBX_ERR_BEROFOS_LOGIN_REFUSED, changing nothing', async () => {
    const set = await clientOf(locked, 'wrong').setParameter('mode', 0);
    assert.deepEqual([set.type === 'failed' ? set.failure.code : set.type, locked.state().parameters.mode], ['PBX_ERR_BEROFOS_LOGIN_REFUSED', 1]);
  });

  it('MUST report a device that does not answer as unreachable within its deadline', async () => {
    device.setReachable(false);
    try {
      const startedAt = performance.now();
      const read = await clientOf(device, undefined, 200).readParameters();
      assert.deepEqual([read.type === 'failed' ? read.failure.code : read.type, performance.now() - startedAt < 2_000], ['PBX_ERR_BEROFOS_UNREACHABLE', true]);
    } finally {
      device.setReachable(true);
    }
  });

  it('MUST report a refused connection as unreachable', async () => {
    const read = await createBerofosClient({ host: '127.0.0.1', httpPort: 1, requestTimeoutMs: 2_000 }).readParameters();
    assert.equal(read.type === 'failed' ? read.failure.code : read.type, 'PBX_ERR_BEROFOS_UNREACHABLE');
  });
});

describe('simulated berofos power', () => {
  it('MUST join A to D with every LED off while powered off, then take modedef at power-on', async () => {
    device.powerOff();
    assert.deepEqual([device.state().joins, Object.values(device.state().leds)], [[{ from: 'A', to: 'D' }], ['off', 'off', 'off', 'off']]);
    device.setParameter('mode', 0);
    device.powerOn();
    assert.deepEqual([device.state().parameters.mode, device.state().switches.at(-1)], [1, { from: 0, to: 1, cause: 'power-on' }]);
  });
});
