/**
 * Calls from a provider (seed CF-07, CF-06) with SIPp as the provider's side of a peer trunk: an
 * INVITE to the DID `+1000` (the `+` is discarded) reaches the user of the incall, showing the
 * caller normalised by the tenant's rule (`0123456789` → `+33123456789`, seed example), and a
 * blacklisted caller is refused.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCallerIdRule, putBlacklistEntry } from '../../store/index.ts';
import { freeSipPort } from '../support/free-port.ts';
import { listenForRtp, type RtpListener } from '../support/rtp-listener.ts';
import { restClient, type RestClient } from '../support/rest-client.ts';
import { runSipp } from '../support/sipp.ts';
import { phoneSdp, startStackPhone, type StackPhone } from '../support/stack-phone.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { waitUntil } from '../support/wait-until.ts';
import { CONFD, confdWriter, type ConfdItem } from '../support/confd-writer.ts';

type Item = ConfdItem;

let testNode: TestNode;
let rest: RestClient;
let token: string;
const { created, put } = confdWriter(() => rest, () => token);
let bob: StackPhone;
let bobMedia: RtpListener;
let providerPort = 0;


before(async () => {
  testNode = await startTestNode();
  rest = restClient(testNode.httpPort);
  token = await rest.login('admin', testNode.adminPassword);
  bob = await startStackPhone('bob');
  bobMedia = await listenForRtp();
  assert.equal(await bob.register(testNode.node, testNode.sipPort, '1002', testNode.passwords['1002']), 200);
  bob.onIncoming(({ session }) => {
    session.provisional(180);
    session.accept({ sdp: phoneSdp(bobMedia.port) });
  });
  providerPort = await freeSipPort();
  const users = (await rest.request(`${CONFD}/users`, { token })).body as { items: { id: number; tenant_uuid: string; lines: { name: string }[] }[] };
  const bobUser = users.items.find((user) => user.lines.some((line) => line.name === '1002'));
  assert.ok(bobUser !== undefined);
  const tenantUuid = bobUser.tenant_uuid as never;
  await created('/contexts', { name: 'from-extern', type: 'incall' });
  const endpoint = await created('/endpoints/sip', { username: 'provider', secret: 'provider-secret', type: 'peer', host: `127.0.0.1:${providerPort}` });
  const trunk = await created('/trunks', { context: 'from-extern' });
  await put(`/trunks/${String(trunk['id'])}/endpoints/sip/${String(endpoint['uuid'] ?? endpoint['id'])}`);
  const did = await created('/extensions', { exten: '1000', context: 'from-extern' });
  const incall = await created('/incalls', { destination: { type: 'user', user_id: bobUser.id } });
  await put(`/incalls/${String(incall['id'])}/extensions/${String(did['id'])}`);
  assert.equal((await createCallerIdRule(testNode.node.store.database, { tenantUuid, name: 'national1', callerId: '^0[1-9]\\d{8}$', strip: 1, add: '+33' })).type, 'ok');
  assert.equal((await putBlacklistEntry(testNode.node.store.database, tenantUuid, { key: '+33999999999', reason: 'nuisance' })).type, 'ok');
  assert.ok(await waitUntil(async () => ((await rest.request('/api/calld/1.0/trunks', { token })).body as { items: unknown[] }).items.length === 1), 'the trunk runs');
});
after(async () => {
  await bob.close();
  await bobMedia.close();
  await testNode.close();
});

describe('a call from a provider trunk', () => {
  it('MUST reach the incall\'s user from the DID written with a +, showing the caller normalised (0123456789 → +33123456789)', async () => {
    const before = bob.incoming.length;
    const run = await runSipp({ scenario: 'uac-provider-call-expect-answer.xml', target: `127.0.0.1:${testNode.sipPort}`, localPort: providerPort, injection: ['+1000;0123456789'], timeoutS: 20 });
    assert.equal(run.exitCode, 0, run.errors || run.stdout);
    const incoming = bob.incoming[before];
    assert.ok(incoming !== undefined, 'Bob rang');
    const from = incoming.session.request.headers['from']?.[0] ?? '';
    assert.match(from, /<sip:\+33123456789@/, from);
  });

  it('MUST refuse a blacklisted caller with 403, without ringing anyone', async () => {
    const before = bob.incoming.length;
    const run = await runSipp({ scenario: 'uac-provider-call-expect-403.xml', target: `127.0.0.1:${testNode.sipPort}`, localPort: providerPort, injection: ['1000;0999999999'], timeoutS: 20 });
    assert.equal(run.exitCode, 0, run.errors || run.stdout);
    assert.equal(bob.incoming.length, before);
  });
});
