/**
 * Trunks on a running node, configured through confd as the seed does it, against SIPp as the
 * provider: the node registers with digest, refreshes before expiry, shows the trunk registered in
 * calld's `/trunks` and in `trunk_status_updated`, and unregisters when the trunk is deleted; a
 * qualified peer that stops answering OPTIONS makes the trunk unregistered, and registered again
 * when it answers.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BusEvent } from '../../supervisors/index.ts';
import { runSipp } from '../support/sipp.ts';
import { freeSipPort } from '../support/free-port.ts';
import { restClient, type RestClient } from '../support/rest-client.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { waitUntil } from '../support/wait-until.ts';
import { CONFD, confdWriter, type ConfdItem } from '../support/confd-writer.ts';

const CALLD = '/api/calld/1.0';
type Item = ConfdItem;

let testNode: TestNode;
let rest: RestClient;
let token: string;
const { created, put } = confdWriter(() => rest, () => token);
const events: BusEvent[] = [];

before(async () => {
  testNode = await startTestNode();
  rest = restClient(testNode.httpPort);
  token = await rest.login('admin', testNode.adminPassword);
  testNode.node.bus.subscribe(['trunk_status_updated'], (event) => events.push(event));
});
after(async () => {
  await testNode.close();
});



async function trunkStatus(id: unknown): Promise<Item | undefined> {
  const answer = await rest.request(`${CALLD}/trunks`, { token });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return (answer.body as { items: Item[] }).items.find((item) => item['id'] === id);
}

describe('a provider trunk with an outbound registration', () => {
  it('registers to the SIPp registrar with digest, refreshes before expiry, and unregisters when the trunk is deleted', async () => {
    const providerPort = await freeSipPort();
    const provider = runSipp({ scenario: 'uas-registrar-challenge-refresh-unregister.xml', target: '127.0.0.1', localPort: providerPort, timeoutS: 30 });
    const trunk = await created('/trunks', {});
    const register = await created('/registers/sip', { auth_username: 'trunkuser', auth_password: 'trunkpass', transport: 'udp', remote_host: '127.0.0.1', remote_port: providerPort, expiration: 60 });
    await put(`/trunks/${String(trunk['id'])}/registers/sip/${String(register['id'])}`);

    assert.ok(await waitUntil(async () => (await trunkStatus(trunk['id']))?.['registered'] === true, { timeoutMs: 10_000 }), JSON.stringify(await trunkStatus(trunk['id'])));
    const status = await trunkStatus(trunk['id']);
    assert.deepEqual([status?.['type'], status?.['technology'], status?.['current_call_count'], status?.['registration']], ['trunk', 'sip', 0, 'registered']);
    const firstRegisteredAt = status?.['registered_at'];
    // The registrar granted 4 s: the refresh comes about 2 s later, while the trunk stays registered.
    assert.ok(await waitUntil(async () => (await trunkStatus(trunk['id']))?.['registered_at'] !== firstRegisteredAt, { timeoutMs: 6_000 }), 'refreshed before expiry');
    assert.equal((await trunkStatus(trunk['id']))?.['registered'], true);
    const registeredEvent = events.find((event) => (event.data as Item)['id'] === trunk['id'] && (event.data as Item)['registered'] === true);
    assert.ok(registeredEvent !== undefined, JSON.stringify(events));
    assert.equal(registeredEvent.required_acl, `events.trunks.${String(trunk['id'])}.status.updated`);
    assert.equal(registeredEvent.tenant_uuid, trunk['tenant_uuid']);

    assert.equal((await rest.request(`${CONFD}/trunks/${String(trunk['id'])}`, { method: 'DELETE', token })).status, 204);
    const run = await provider;
    assert.equal(run.exitCode, 0, run.errors || run.stdout);
    assert.ok(await waitUntil(async () => (await trunkStatus(trunk['id'])) === undefined, { timeoutMs: 5_000 }));
  });
});

describe('a peer trunk qualified with OPTIONS', () => {
  it('is registered while SIPp answers, not registered once it stops answering, and registered again when it answers', async () => {
    const peerPort = await freeSipPort();
    const answering = runSipp({ scenario: 'uas-answer-options.xml', target: '127.0.0.1', localPort: peerPort, calls: 2, timeoutS: 10 });
    const trunk = await created('/trunks', {});
    const endpoint = await created('/endpoints/sip', {
      username: 'qualified-peer', secret: 'pass', type: 'peer', host: `127.0.0.1:${peerPort}`, options: [['qualify', '500'], ['qualifyfreq', '1']],
    });
    await put(`/trunks/${String(trunk['id'])}/endpoints/sip/${String(endpoint['uuid'])}`);
    assert.ok(await waitUntil(async () => (await trunkStatus(trunk['id']))?.['registered'] === true, { timeoutMs: 5_000 }), JSON.stringify(await trunkStatus(trunk['id'])));
    assert.equal((await trunkStatus(trunk['id']))?.['name'], 'qualified-peer');
    const directory = testNode.node.trunks.directory;
    assert.equal(directory.trunkBySource({ address: '127.0.0.1', port: peerPort })?.trunkId, trunk['id'], 'a request from the peer comes from this trunk');
    const target = directory.dialTarget(Number(trunk['id']));
    assert.deepEqual([target?.type === 'fixed' ? target.requestUriHost : undefined, target?.available], [`127.0.0.1:${peerPort}`, true]);
    assert.equal((await answering).exitCode, 0);
    assert.ok(await waitUntil(async () => (await trunkStatus(trunk['id']))?.['registered'] === false, { timeoutMs: 5_000 }), JSON.stringify(await trunkStatus(trunk['id'])));
    assert.equal((await trunkStatus(trunk['id']))?.['reachability'], 'unreachable');
    assert.equal(directory.dialTarget(Number(trunk['id']))?.available, false, 'a trunk known down is skipped by outcalls');
    const again = runSipp({ scenario: 'uas-answer-options.xml', target: '127.0.0.1', localPort: peerPort, calls: 1, timeoutS: 10 });
    assert.ok(await waitUntil(async () => (await trunkStatus(trunk['id']))?.['registered'] === true, { timeoutMs: 5_000 }));
    assert.equal((await again).exitCode, 0);
    const seen = events.filter((event) => (event.data as Item)['id'] === trunk['id']).map((event) => (event.data as Item)['registered']);
    assert.deepEqual(seen.filter((value, index) => value !== seen[index - 1]), [null, true, false, true]);
    assert.equal((await rest.request(`${CONFD}/trunks/${String(trunk['id'])}`, { method: 'DELETE', token })).status, 204);
  });
});
