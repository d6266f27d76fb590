/**
 * Preprocess hooks, reverse lookup and the blacklist on a real node (seed CF-24, CF-06, CF-07),
 * with SIPp as the provider's side of a peer trunk: a DID hook renames the caller, another sends
 * the call to an extension its incall does not lead to, a caller who sent no name is named after
 * the tenant's user calling from that number, and a blacklist entry added through confd refuses
 * the next call with 403. A global user hook sees the call before the user rings.
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

let testNode: TestNode;
let rest: RestClient;
let token: string;
const { created, put } = confdWriter(() => rest, () => token);
let bob: StackPhone;
let bobMedia: RtpListener;
let providerPort = 0;
const hookCalls: string[] = [];
/** What the global user hook saw: the callee's uuid and the caller's number, per call. */
const userHookCalls: string[] = [];

before(async () => {
  testNode = await startTestNode({
    callHooks: {
      hooks: {
        'vip-name': (call) => ({ type: 'continue', variables: { 'CALLERID(name)': `VIP ${call.variables['CALLERID(num)'] ?? ''}` } }),
        'night-route': async (call) => {
          hookCalls.push(`${call.point}:${call.variables['XIVO_DSTNUM'] ?? ''}`);
          return { type: 'goto', context: 'default', exten: '1002' };
        },
        'user-audit': (call) => void userHookCalls.push(`${call.variables['CALLERID(num)'] ?? ''}>${call.variables['WAZO_DST_UUID'] === undefined ? 'none' : 'dst'}`),
      },
      globalHooks: { user: 'user-audit' },
    },
  });
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
  const users = (await rest.request(`${CONFD}/users`, { token })).body as { items: { id: number; lines: { name: string }[] }[] };
  const bobUser = users.items.find((user) => user.lines.some((line) => line.name === '1002'));
  assert.ok(bobUser !== undefined);
  await created('/contexts', { name: 'from-extern', type: 'incall' });
  const endpoint = await created('/endpoints/sip', { username: 'provider', secret: 'provider-secret', type: 'peer', host: `127.0.0.1:${providerPort}` });
  const trunk = await created('/trunks', { context: 'from-extern' });
  await put(`/trunks/${String(trunk['id'])}/endpoints/sip/${String(endpoint['uuid'] ?? endpoint['id'])}`);
  const incalls: [string, Record<string, unknown>][] = [
    ['1000', { destination: { type: 'user', user_id: bobUser.id }, preprocess_subroutine: 'vip-name' }],
    ['2000', { destination: { type: 'none' }, preprocess_subroutine: 'night-route' }],
    ['3000', { destination: { type: 'user', user_id: bobUser.id } }],
    ['4000', { destination: { type: 'none' } }],
  ];
  for (const [exten, body] of incalls) {
    const did = await created('/extensions', { exten, context: 'from-extern' });
    const incall = await created('/incalls', body);
    await put(`/incalls/${String(incall['id'])}/extensions/${String(did['id'])}`);
  }
  await created('/incoming_callerid_rules', { name: 'national1', callerid: '^0[1-9]\\d{8}$', strip: 1, add: '+33' });
  assert.ok(await waitUntil(async () => ((await rest.request('/api/calld/1.0/trunks', { token })).body as { items: unknown[] }).items.length === 1), 'the trunk runs');
});
after(async () => {
  await bob.close();
  await bobMedia.close();
  await testNode.close();
});

/** The From header of the INVITE Bob receives for a provider call to `did` from `caller`. */
async function bobSeesFrom(did: string, caller: string): Promise<string> {
  const before = bob.incoming.length;
  const run = await runSipp({ scenario: 'uac-provider-call-expect-answer.xml', target: `127.0.0.1:${testNode.sipPort}`, localPort: providerPort, injection: [`${did};${caller}`], timeoutS: 20 });
  assert.equal(run.exitCode, 0, run.errors || run.stdout);
  const incoming = bob.incoming[before];
  assert.ok(incoming !== undefined, 'Bob rang');
  return incoming.session.request.headers['from']?.[0] ?? '';
}

describe('incall hooks on a provider call', () => {
  it('MUST show the caller as the DID hook renamed it', async () => {
    assert.match(await bobSeesFrom('1000', '0123456789'), /^"VIP \+33123456789" <sip:\+33123456789@/);
  });

  it('MUST take the call where the DID hook sends it, though its incall leads nowhere', async () => {
    await bobSeesFrom('2000', '0611223344');
    assert.deepEqual(hookCalls, ['did:2000']);
  });

  it('MUST name a caller who sent no name after the tenant\'s user calling from that number', async () => {
    assert.match(await bobSeesFrom('3000', '1001'), /^"User 1001" <sip:1001@/);
  });

  it('MUST run the global user hook before the incall\'s user rings, with the callee\'s uuid', async () => {
    const before = userHookCalls.length;
    await bobSeesFrom('3000', '0144556677');
    assert.deepEqual(userHookCalls.slice(before), ['+33144556677>dst']);
  });

  it('MUST refuse with 403 the next call of a caller blacklisted through confd', async () => {
    await created('/blacklist', { number: '+33999999999', reason: 'nuisance' });
    // The change reaches routing through the configuration version, read again within 250 ms.
    const refused = await waitUntil(async () => (await runSipp({
      scenario: 'uac-provider-call-expect-403.xml', target: `127.0.0.1:${testNode.sipPort}`, localPort: providerPort, injection: ['4000;0999999999'], timeoutS: 10,
    })).exitCode === 0, { timeoutMs: 15_000, intervalMs: 100 });
    assert.ok(refused, 'the blacklisted caller is refused with 403');
  });
});
