/**
 * The seed's symmetric trunk between two PBXs (CF-09, L7543-L7572), with two parley nodes: node B
 * has a `host: dynamic` trunk (the peer registers to it), node A a trunk to B that registers with
 * the endpoint's username and secret. A's REGISTER makes B's trunk registered; a call from A's user
 * through A's outcall is challenged by B, answered with the trunk's credentials and reaches the
 * user of B's incall; a call from B's user through B's outcall goes to the contact A registered
 * and reaches the user of A's incall.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { includeContext } from '../../store/index.ts';
import { listenForRtp, type RtpListener } from '../support/rtp-listener.ts';
import { restClient, type RestClient } from '../support/rest-client.ts';
import { phoneSdp, startStackPhone, type StackPhone } from '../support/stack-phone.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { waitUntil } from '../support/wait-until.ts';
import { CONFD, confdWriter, type ConfdItem } from '../support/confd-writer.ts';

const SECRET = 'office-secret';

/** One node with its administrator's REST session and one phone registered as `phoneUser`. */
interface Site {
  readonly node: TestNode;
  readonly rest: RestClient;
  readonly token: string;
  readonly phone: StackPhone;
  readonly media: RtpListener;
  readonly created: (path: string, body: unknown) => Promise<ConfdItem>;
  readonly put: (path: string, body?: unknown) => Promise<void>;
}

let siteA: Site;
let siteB: Site;

async function startSite(name: string, phoneUser: '1001' | '1002'): Promise<Site> {
  const node = await startTestNode();
  const rest = restClient(node.httpPort);
  const token = await rest.login('admin', node.adminPassword);
  const { created, put } = confdWriter(() => rest, () => token);
  const phone = await startStackPhone(name);
  const media = await listenForRtp();
  assert.equal(await phone.register(node.node, node.sipPort, phoneUser, node.passwords[phoneUser]), 200);
  phone.onIncoming(({ session }) => {
    session.provisional(180);
    session.accept({ sdp: phoneSdp(media.port) });
  });
  await created('/contexts', { name: 'from-extern', type: 'incall' });
  await created('/contexts', { name: 'to-extern', type: 'outcall' });
  const users = (await rest.request(`${CONFD}/users`, { token })).body as { items: { tenant_uuid: string }[] };
  const tenantUuid = users.items[0]?.tenant_uuid ?? '';
  assert.equal((await includeContext(node.node.store.database, { tenantUuid: tenantUuid as never, context: 'default', include: 'to-extern' })).type, 'ok');
  return { node, rest, token, phone, media, created, put };
}

/** An incall from `did` in from-extern to the user whose line is `lineName`. */
async function incall(site: Site, did: string, lineName: string): Promise<void> {
  const users = (await site.rest.request(`${CONFD}/users`, { token: site.token })).body as { items: { id: number; lines: { name: string }[] }[] };
  const user = users.items.find((candidate) => candidate.lines.some((line) => line.name === lineName));
  assert.ok(user !== undefined);
  const extension = await site.created('/extensions', { exten: did, context: 'from-extern' });
  const created = await site.created('/incalls', { destination: { type: 'user', user_id: user.id } });
  await site.put(`/incalls/${String(created['id'])}/extensions/${String(extension['id'])}`);
}

/** An outcall `_<prefix>.` stripping the prefix, through `trunkId`. */
async function outcall(site: Site, prefix: string, trunkId: number): Promise<void> {
  const created = await site.created('/outcalls', { name: `via-${prefix}` });
  await site.put(`/outcalls/${String(created['id'])}/trunks`, { trunks: [{ id: trunkId }] });
  const pattern = await site.created('/extensions', { exten: `_${prefix}.`, context: 'to-extern' });
  await site.put(`/outcalls/${String(created['id'])}/extensions/${String(pattern['id'])}`, { strip_digits: prefix.length });
}

async function trunkView(site: Site): Promise<{ registered: boolean | null; registration: string | null } | undefined> {
  const answer = await site.rest.request('/api/calld/1.0/trunks', { token: site.token });
  return (answer.body as { items: { registered: boolean | null; registration: string | null }[] }).items[0];
}

let trunkOfB = 0;

before(async () => {
  siteB = await startSite('bob', '1002');
  siteA = await startSite('alice', '1001');
  // B: the trunk its peer registers to (host dynamic), calls from it start in from-extern.
  const dynamicEndpoint = await siteB.created('/endpoints/sip', { username: 'office-a', secret: SECRET, type: 'friend', host: 'dynamic' });
  const trunkB = await siteB.created('/trunks', { context: 'from-extern' });
  trunkOfB = Number(trunkB['id']);
  await siteB.put(`/trunks/${String(trunkOfB)}/endpoints/sip/${String(dynamicEndpoint['uuid'] ?? dynamicEndpoint['id'])}`);
  await incall(siteB, '2002', '1002');
  await outcall(siteB, '7', trunkOfB);
  // A: the trunk to B, which registers to B with the same username and secret.
  const peerEndpoint = await siteA.created('/endpoints/sip', { username: 'office-a', secret: SECRET, type: 'friend', host: `127.0.0.1:${String(siteB.node.sipPort)}` });
  const trunkA = await siteA.created('/trunks', { context: 'from-extern' });
  await siteA.put(`/trunks/${String(trunkA['id'])}/endpoints/sip/${String(peerEndpoint['uuid'] ?? peerEndpoint['id'])}`);
  const register = await siteA.created('/registers/sip', {
    auth_username: 'office-a', auth_password: SECRET, transport: 'udp', remote_host: '127.0.0.1', remote_port: siteB.node.sipPort, callback_extension: 'from-b', expiration: 60,
  });
  await siteA.put(`/trunks/${String(trunkA['id'])}/registers/sip/${String(register['id'])}`);
  await incall(siteA, '3001', '1001');
  await outcall(siteA, '8', Number(trunkA['id']));
});
after(async () => {
  for (const site of [siteA, siteB]) {
    await site.phone.close();
    await site.media.close();
    await site.node.close();
  }
});

describe('a host: dynamic trunk between two nodes', () => {
  it('MUST show the dynamic trunk registered once its peer has registered with the endpoint\'s credentials', async () => {
    assert.ok(await waitUntil(async () => (await trunkView(siteA))?.registered === true, { timeoutMs: 15_000 }), 'A registers to B');
    assert.ok(await waitUntil(async () => (await trunkView(siteB))?.registration === 'registered', { timeoutMs: 15_000 }), `B sees its peer registered: ${JSON.stringify(await trunkView(siteB))}`);
  });

  it('MUST admit a call from the peer that answers the challenge with the trunk\'s credentials, and route its DID in the trunk\'s context', async () => {
    assert.ok(await waitUntil(async () => (await trunkView(siteB))?.registered === true, { timeoutMs: 15_000 }));
    const before = siteB.phone.incoming.length;
    const outgoing = siteA.phone.call(siteA.node.sipPort, '82002', '1001', siteA.node.passwords['1001']);
    assert.ok(await waitUntil(() => outgoing.events.some((event) => event.type === 'answered' || event.type === 'failed'), { timeoutMs: 15_000 }), 'the call settles');
    assert.ok(outgoing.events.some((event) => event.type === 'answered'), `answered through B: ${JSON.stringify(outgoing.events)}`);
    assert.equal(siteB.phone.incoming.length, before + 1, "B's user 1002 rang");
    outgoing.session()?.sendBye();
  });

  it('MUST call the peer at the contact it registered, with the digits as the Request-URI user', async () => {
    assert.ok(await waitUntil(async () => (await trunkView(siteB))?.registered === true, { timeoutMs: 15_000 }));
    const before = siteA.phone.incoming.length;
    const outgoing = siteB.phone.call(siteB.node.sipPort, '73001', '1002', siteB.node.passwords['1002']);
    assert.ok(await waitUntil(() => outgoing.events.some((event) => event.type === 'answered' || event.type === 'failed'), { timeoutMs: 15_000 }), 'the call settles');
    assert.ok(outgoing.events.some((event) => event.type === 'answered'), `answered through A: ${JSON.stringify(outgoing.events)}`);
    assert.equal(siteA.phone.incoming.length, before + 1, "A's user 1001 rang");
    outgoing.session()?.sendBye();
  });

  it('MUST refuse a call that authenticates with a wrong secret for the trunk\'s username', async () => {
    const intruder = await startStackPhone('intruder');
    try {
      const outgoing = intruder.call(siteB.node.sipPort, '2002', 'office-a', 'not-the-secret');
      assert.ok(await waitUntil(() => outgoing.events.some((event) => event.type === 'failed'), { timeoutMs: 10_000 }));
      assert.ok(outgoing.events.some((event) => event.type === 'failed' && 'status' in event && event.status === 403), JSON.stringify(outgoing.events));
    } finally {
      await intruder.close();
    }
  });
});
