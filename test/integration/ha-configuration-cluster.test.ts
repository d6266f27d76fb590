/**
 * Two nodes of one installation (one database) configured as the seed says, each naming the
 * other (seed HA-03): both hold phones to 180/300/240 s, the shared default registrar points to
 * the master with the slave as backup whichever node wrote last, and its backups stay while one
 * node still has HA enabled, blank once neither has.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { restClient, type RestClient } from '../support/rest-client.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

const MASTER_ADDRESS = '127.0.0.1';
const SLAVE_ADDRESS = '127.0.0.2';

let master: TestNode;
let slave: TestNode;
let masterRest: RestClient;
let slaveRest: RestClient;
let token = '';

before(async () => {
  master = await startTestNode();
  // The slave listens on another loopback address, so that each node's address is its own.
  slave = await startTestNode({ sharedWith: master, extraArgs: ['--sip-address', SLAVE_ADDRESS] });
  masterRest = restClient(master.httpPort);
  slaveRest = restClient(slave.httpPort);
  token = await masterRest.login('admin', master.adminPassword);
});
after(async () => {
  await slave.close();
  await master.close();
});

const configure = async (rest: RestClient, body: unknown) => (await rest.request('/api/confd/1.1/ha', { method: 'PUT', token, body })).status;
const registrarSeenFrom = async (rest: RestClient) => {
  const registrar = (await rest.request('/api/confd/1.1/registrars/default', { token })).body as Record<string, unknown>;
  return [registrar['main_host'], registrar['backup_host'], registrar['proxy_backup_host']];
};

describe('a master and its slave on one database', () => {
  it('MUST keep each node its own configuration, and hold both registrars to the HA limits', async () => {
    const statuses = [await configure(slaveRest, { node_type: 'slave', remote_address: MASTER_ADDRESS }), await configure(masterRest, { node_type: 'master', remote_address: SLAVE_ADDRESS })];
    const seen = [(await masterRest.request('/api/confd/1.1/ha', { token })).body, (await slaveRest.request('/api/confd/1.1/ha', { token })).body];
    assert.deepEqual([statuses, seen], [[204, 204], [{ node_type: 'master', remote_address: SLAVE_ADDRESS }, { node_type: 'slave', remote_address: MASTER_ADDRESS }]]);
    assert.deepEqual([master.node.sip.registrar.expiryPolicy(), slave.node.sip.registrar.expiryPolicy()], [
      { minExpiresS: 180, maxExpiresS: 300, defaultExpiresS: 240 }, { minExpiresS: 180, maxExpiresS: 300, defaultExpiresS: 240 },
    ]);
  });

  it('MUST show both nodes one default registrar: the master main, the slave backup', async () => {
    assert.deepEqual([await registrarSeenFrom(masterRest), await registrarSeenFrom(slaveRest)], [
      [MASTER_ADDRESS, SLAVE_ADDRESS, SLAVE_ADDRESS], [MASTER_ADDRESS, SLAVE_ADDRESS, SLAVE_ADDRESS],
    ]);
  });

  it('MUST keep the backups while the slave still has HA enabled, and blank them once it is disabled too', async () => {
    await configure(masterRest, { node_type: 'disabled' });
    const whileSlave = await registrarSeenFrom(masterRest);
    await configure(slaveRest, { node_type: 'disabled' });
    assert.deepEqual([whileSlave, await registrarSeenFrom(slaveRest)], [[MASTER_ADDRESS, SLAVE_ADDRESS, SLAVE_ADDRESS], [MASTER_ADDRESS, null, null]]);
  });
});
