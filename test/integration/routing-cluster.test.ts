/**
 * A routing change made through one node applies to the live routing of every node of the
 * installation (issue: "a change applies to live routing on every node"): two nodes on one
 * database; a trunk, a DID and its incall are made through the first node's confd; a SIPp provider
 * calling the second node reaches the incall's user there; the incall is then pointed at another
 * user through the first node, and the next call to the second node rings that user.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { freeSipPort } from '../support/free-port.ts';
import { listenForRtp, type RtpListener } from '../support/rtp-listener.ts';
import { restClient, type RestClient } from '../support/rest-client.ts';
import { runSipp } from '../support/sipp.ts';
import { phoneSdp, startStackPhone, type StackPhone } from '../support/stack-phone.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { waitUntil } from '../support/wait-until.ts';
import { CONFD, confdWriter } from '../support/confd-writer.ts';

let first: TestNode;
let second: TestNode;
let rest: RestClient;
let token: string;
const { created, put } = confdWriter(() => rest, () => token);
const phones: StackPhone[] = [];
const media: RtpListener[] = [];
let providerPort = 0;

/** A phone registered on the second node as `line`, answering every call. */
async function answeringPhone(name: string, line: '1001' | '1002'): Promise<StackPhone> {
  const phone = await startStackPhone(name);
  const listener = await listenForRtp();
  phones.push(phone);
  media.push(listener);
  assert.equal(await phone.register(second.node, second.sipPort, line, second.passwords[line]), 200);
  phone.onIncoming(({ session }) => {
    session.provisional(180);
    session.accept({ sdp: phoneSdp(listener.port) });
  });
  return phone;
}

async function userIdOfLine(line: string): Promise<number> {
  const users = (await rest.request(`${CONFD}/users`, { token })).body as { items: { id: number; lines: { name: string }[] }[] };
  const user = users.items.find((candidate) => candidate.lines.some((item) => item.name === line));
  assert.ok(user !== undefined, `a user with line ${line}`);
  return user.id;
}

async function providerCall(): Promise<void> {
  const run = await runSipp({ scenario: 'uac-provider-call-expect-answer.xml', target: `127.0.0.1:${second.sipPort}`, localPort: providerPort, injection: ['1000;0123456789'], timeoutS: 20 });
  assert.equal(run.exitCode, 0, run.errors || run.stdout);
}

before(async () => {
  first = await startTestNode();
  second = await startTestNode({ sharedWith: first });
  rest = restClient(first.httpPort);
  token = await rest.login('admin', first.adminPassword);
  providerPort = await freeSipPort();
});
after(async () => {
  for (const phone of phones) await phone.close();
  for (const listener of media) await listener.close();
  await second?.close();
  await first?.close();
});

describe('routing changes across the nodes of one installation', () => {
  it('MUST route a DID on the second node to the user its incall names, as written through the first node, and follow a change of that incall', async () => {
    const alice = await answeringPhone('alice', '1001');
    const bob = await answeringPhone('bob', '1002');
    await created('/contexts', { name: 'from-extern', type: 'incall' });
    const endpoint = await created('/endpoints/sip', { username: 'provider', secret: 'provider-secret', type: 'peer', host: `127.0.0.1:${String(providerPort)}` });
    const trunk = await created('/trunks', { context: 'from-extern' });
    await put(`/trunks/${String(trunk['id'])}/endpoints/sip/${String(endpoint['uuid'] ?? endpoint['id'])}`);
    const did = await created('/extensions', { exten: '1000', context: 'from-extern' });
    const incall = await created('/incalls', { destination: { type: 'user', user_id: await userIdOfLine('1002') } });
    await put(`/incalls/${String(incall['id'])}/extensions/${String(did['id'])}`);
    const secondRest = restClient(second.httpPort);
    const secondToken = await secondRest.login('admin', second.adminPassword);
    assert.ok(await waitUntil(async () => ((await secondRest.request('/api/calld/1.0/trunks', { token: secondToken })).body as { items: unknown[] }).items.length === 1), 'the trunk runs on the second node');

    await providerCall();
    assert.equal(bob.incoming.length, 1, 'the DID rang Bob on the second node');

    const changed = await rest.request(`${CONFD}/incalls/${String(incall['id'])}`, { method: 'PUT', token, body: { destination: { type: 'user', user_id: await userIdOfLine('1001') } } });
    assert.equal(changed.status, 204, JSON.stringify(changed.body));
    // The second node reads the configuration version at most every 250 ms: the change is live within that.
    assert.ok(await waitUntil(async () => {
      await providerCall();
      return alice.incoming.length > 0;
    }, { timeoutMs: 10_000 }), 'after the change, the DID rings Alice on the second node');
    assert.equal(bob.incoming.length + alice.incoming.length >= 2, true);
  });
});
