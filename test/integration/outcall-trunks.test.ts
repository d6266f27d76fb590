/**
 * A user's call out through an outcall (seed CF-08, CF-06), against SIPp as two providers: 1001
 * dials `**99101`, the `_**99.` pattern strips 4 digits, the first trunk answers 503 and the call
 * goes to the second, which receives `101` from the caller ID of the outcall association, answers,
 * and gets the BYE when the user hangs up.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { includeContext } from '../../store/index.ts';
import { freeSipPort } from '../support/free-port.ts';
import { listenForRtp } from '../support/rtp-listener.ts';
import { restClient, type RestClient } from '../support/rest-client.ts';
import { runSipp } from '../support/sipp.ts';
import { startStackPhone, type StackPhone } from '../support/stack-phone.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { waitUntil } from '../support/wait-until.ts';
import { CONFD, confdWriter, type ConfdItem } from '../support/confd-writer.ts';

type Item = ConfdItem;

let testNode: TestNode;
let rest: RestClient;
let token: string;
const { created, put } = confdWriter(() => rest, () => token);
let alice: StackPhone;


/** A peer trunk towards a provider on `port` of this host. */
async function peerTrunk(name: string, port: number): Promise<number> {
  const endpoint = await created('/endpoints/sip', { username: name, secret: `${name}-secret`, type: 'peer', host: `127.0.0.1:${port}` });
  const trunk = await created('/trunks', { context: 'from-extern' });
  await put(`/trunks/${String(trunk['id'])}/endpoints/sip/${String(endpoint['uuid'] ?? endpoint['id'])}`);
  return Number(trunk['id']);
}

before(async () => {
  testNode = await startTestNode();
  rest = restClient(testNode.httpPort);
  token = await rest.login('admin', testNode.adminPassword);
  alice = await startStackPhone('alice');
});
after(async () => {
  await alice.close();
  await testNode.close();
});

describe('a call out through an outcall', () => {
  it('MUST send the stripped digits with the association caller ID on the first trunk that is not congested', async () => {
    const congestedPort = await freeSipPort();
    const providerPort = await freeSipPort();
    const providerMedia = await listenForRtp();
    const congested = runSipp({ scenario: 'uas-provider-503.xml', target: '127.0.0.1', localPort: congestedPort, timeoutS: 30 });
    const provider = runSipp({
      scenario: 'uas-answer-expect-bye.xml', target: '127.0.0.1', localPort: providerPort, timeoutS: 30, traceMessages: true,
      injection: [`${providerMedia.port}`],
    });
    const users = (await rest.request(`${CONFD}/users`, { token })).body as { items: { tenant_uuid: string }[] };
    const tenantUuid = users.items[0]?.tenant_uuid ?? '';
    await created('/contexts', { name: 'from-extern', type: 'incall' });
    await created('/contexts', { name: 'to-extern', type: 'outcall' });
    assert.equal((await includeContext(testNode.node.store.database, { tenantUuid: tenantUuid as never, context: 'default', include: 'to-extern' })).type, 'ok');
    const first = await peerTrunk('congested', congestedPort);
    const second = await peerTrunk('provider', providerPort);
    const outcall = await created('/outcalls', { name: 'provider' });
    await put(`/outcalls/${String(outcall['id'])}/trunks`, { trunks: [{ id: first }, { id: second }] });
    const pattern = await created('/extensions', { exten: '_**99.', context: 'to-extern' });
    await put(`/outcalls/${String(outcall['id'])}/extensions/${String(pattern['id'])}`, { strip_digits: 4, caller_id: '"Office" <+33123456789>' });
    assert.ok(await waitUntil(async () => ((await rest.request('/api/calld/1.0/trunks', { token })).body as { items: unknown[] }).items.length === 2), 'both trunks run');

    const outgoing = alice.call(testNode.sipPort, '**99101', '1001', testNode.passwords['1001']);
    const settled = await waitUntil(() => outgoing.events.some((event) => event.type === 'answered' || event.type === 'failed'), { timeoutMs: 15_000 });
    if (!settled || !outgoing.events.some((event) => event.type === 'answered')) {
      const [providerRun, congestedRun] = await Promise.all([provider, congested]);
      assert.fail(`not answered: ${JSON.stringify(outgoing.events)}; provider: ${providerRun.errors || providerRun.stdout}; congested: ${congestedRun.errors}`);
    }
    const congestedRun = await congested;
    assert.equal(congestedRun.exitCode, 0, congestedRun.errors || congestedRun.stdout);
    outgoing.session()?.sendBye();
    const providerRun = await provider;
    assert.equal(providerRun.exitCode, 0, providerRun.errors || providerRun.stdout);
    const invite = /^INVITE [^\n]*\n(?:[^\n]+\n)*/m.exec(providerRun.messages)?.[0] ?? '';
    assert.match(invite, /^INVITE sip:101@127\.0\.0\.1/, 'the digits after strip_digits 4');
    assert.match(invite, /^From: "Office" <sip:\+33123456789@/m, "the outcall association's caller ID");
    await providerMedia.close();
  });
});
