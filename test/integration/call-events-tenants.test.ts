/**
 * Tenant isolation of call events on a real node (seed API-04, API-05): a call between two users
 * of the default tenant reaches the event socket of that tenant's administrator, stamped with the
 * tenant, and never the socket of another tenant's administrator, although both hold the ACL `#`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { phoneSdp, startStackPhone, type StackPhone } from '../support/stack-phone.ts';
import { restClient, type RestClient } from '../support/rest-client.ts';
import { connectWebsocketd, websocketdUrl, type WebsocketdClient } from '../support/websocketd-client.ts';
import { waitUntil } from '../support/wait-until.ts';

let testNode: TestNode;
let client: RestClient;
let caller: StackPhone;
let callee: StackPhone;
const sockets: WebsocketdClient[] = [];

before(async () => {
  testNode = await startTestNode();
  client = restClient(testNode.httpPort);
  caller = await startStackPhone('caller');
  callee = await startStackPhone('callee');
  assert.equal(await caller.register(testNode.node, testNode.sipPort, '1001', testNode.passwords['1001']), 200);
  assert.equal(await callee.register(testNode.node, testNode.sipPort, '1002', testNode.passwords['1002']), 200);
});
after(async () => {
  for (const socket of sockets) socket.close();
  await Promise.all([caller.close(), callee.close()]);
  await testNode.close();
});

const eventsOf = (socket: WebsocketdClient) =>
  socket.texts.map((text) => JSON.parse(text) as { op: string; data?: { name?: string; tenant_uuid?: string } }).filter((message) => message.op === 'event').map((message) => message.data ?? {});

describe('call events and tenants', () => {
  it("MUST reach the call's tenant administrators with its tenant, and no other tenant's, whatever their ACLs", async () => {
    const root = await client.login('admin', testNode.adminPassword);
    const tenant = await client.request('/api/auth/0.1/tenants', { method: 'POST', token: root, body: { name: 'elsewhere' } });
    const elsewhere = (tenant.body as { uuid: string }).uuid;
    const policies = await client.request('/api/auth/0.1/policies?search=default-admin', { token: root });
    const adminPolicy = (policies.body as { items: { uuid: string }[] }).items[0]?.uuid ?? '';
    const other = await client.request('/api/auth/0.1/users', { method: 'POST', token: root, headers: { 'wazo-tenant': elsewhere }, body: { username: 'elsewhere-admin', password: 'elsewhere-pw' } });
    assert.equal((await client.request(`/api/auth/0.1/users/${(other.body as { uuid: string }).uuid}/policies/${adminPolicy}`, { method: 'PUT', token: root })).status, 204);
    const otherToken = await client.login('elsewhere-admin', 'elsewhere-pw');
    const rootTenant = ((await client.request(`/api/auth/0.1/token/${root}`)).body as { data: { metadata: { tenant_uuid: string } } }).data.metadata.tenant_uuid;

    const mine = connectWebsocketd(websocketdUrl(testNode.httpPort, root));
    const theirs = connectWebsocketd(websocketdUrl(testNode.httpPort, otherToken));
    sockets.push(mine, theirs);
    await Promise.all([mine.start(['*']), theirs.start(['*'])]);

    callee.onIncoming(({ session }) => {
      session.provisional(180);
      session.accept({ sdp: phoneSdp(callee.port + 10_000) });
    });
    const outgoing = caller.call(testNode.sipPort, '1002', '1001', testNode.passwords['1001']);
    assert.ok(await waitUntil(() => outgoing.events.some((event) => event.type === 'answered')));
    outgoing.session()?.sendBye();
    assert.ok(await waitUntil(() => eventsOf(mine).filter((event) => event.name === 'call_ended').length >= 2, { timeoutMs: 10_000 }), JSON.stringify(eventsOf(mine)));
    const callEvents = eventsOf(mine).filter((event) => event.name?.startsWith('call_') === true);
    assert.ok(callEvents.some((event) => event.name === 'call_created'));
    assert.deepEqual([...new Set(callEvents.map((event) => event.tenant_uuid))], [rootTenant]);
    // The other tenant's socket is still open and served: a platform event reaches it, a call event never did.
    testNode.node.bus.publish({ name: 'probe', origin_uuid: 'test', required_acl: null, data: {} });
    assert.ok(await waitUntil(() => eventsOf(theirs).some((event) => event.name === 'probe')));
    assert.deepEqual(eventsOf(theirs).filter((event) => event.name?.startsWith('call_') === true), []);
  });
});
