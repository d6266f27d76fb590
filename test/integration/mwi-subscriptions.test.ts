/**
 * Message-waiting indication on a real node (RFC 3842 over RFC 6665): a SIPp phone of line 1002,
 * whose user has a mailbox with one new message, SUBSCRIBEs to `message-summary` for its own AOR
 * (answering the digest challenge) and gets `Messages-Waiting: yes` with `Voice-Message: 1/0`; when
 * the message is listened to (moved to old, `user_voicemail_message_updated` on the bus) it gets
 * `Messages-Waiting: no` with `0/1`; `Expires: 0` ends the subscription with a final NOTIFY whose
 * state is `terminated`. Another line may not subscribe to 1002's AOR (403), a line without a
 * mailbox gets 404, and an unknown event package 489.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { insertVoicemailMessage, moveVoicemailMessage, type TenantUuid } from '../../store/index.ts';
import { CONFD, confdWriter, type ConfdItem } from '../support/confd-writer.ts';
import { freeSipPort } from '../support/free-port.ts';
import { restClient, type RestClient } from '../support/rest-client.ts';
import { runSipp } from '../support/sipp.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { waitUntil } from '../support/wait-until.ts';

let testNode: TestNode;
let rest: RestClient;
let token = '';
let dataDir = '';
let mailbox: ConfdItem;
const { created, put } = confdWriter(() => rest, () => token);

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'parley-mwi-'));
  testNode = await startTestNode();
  rest = restClient(testNode.httpPort);
  token = await rest.login('admin', testNode.adminPassword);
  const users = (await rest.request(`${CONFD}/users`, { token })).body as { items: { id: number; lines: { name: string }[] }[] };
  const bob = users.items.find((user) => user.lines.some((line) => line.name === '1002'));
  assert.ok(bob !== undefined);
  mailbox = await created('/voicemails', { name: 'Bob', number: '1002', context: 'default' });
  await put(`/users/${bob.id}/voicemails/${String(mailbox['id'])}`);
});
after(async () => {
  await testNode?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** The bodies of the NOTIFYs SIPp received, in order. */
function notifies(trace: string): { state: string; body: string }[] {
  return trace.split(/-{5,}/).filter((block) => /\n\s*NOTIFY sip:/.test(`\n${block}`)).map((block) => ({
    state: /Subscription-State:\s*([^\r\n]+)/i.exec(block)?.[1]?.trim() ?? '',
    body: /Messages-Waiting:[^]*?Voice-Message:\s*[0-9]+\/[0-9]+/i.exec(block)?.[0] ?? '',
  }));
}

describe('message-waiting subscriptions', () => {
  it('MUST NOTIFY the counts at subscription and on change, and end the subscription on Expires: 0', async () => {
    const voicemailId = Number(mailbox['id']);
    const message = await insertVoicemailMessage(testNode.node.store.database, {
      voicemailId, tenantUuid: mailbox['tenant_uuid'] as TenantUuid, callerIdNum: '1001', callerIdName: 'Alice', timestamp: Math.floor(Date.now() / 1000), duration: 3, folder: 'inbox', file: join(dataDir, 'm.wav'),
    });
    const phone = runSipp({
      target: `127.0.0.1:${testNode.sipPort}`, localPort: await freeSipPort(), scenario: 'uac-subscribe-mwi-expect-notify-then-unsubscribe.xml',
      user: '1002', password: testNode.passwords['1002'], traceMessages: true, timeoutS: 30,
      extraArgs: ['-auth_uri', `1002@127.0.0.1:${testNode.sipPort}`],
    });
    const subscriptions = () => testNode.node.sip.messageWaiting?.count() ?? 0;
    if (!(await waitUntil(() => subscriptions() === 1, { timeoutMs: 10_000 }))) {
      const failed = await phone;
      assert.fail(`the subscription is not live: ${failed.errors}\n${failed.messages.slice(0, 3000)}`);
    }
    // The message is listened to, as the consultation does: moved to old, and the event published.
    const moved = await moveVoicemailMessage(testNode.node.store.database, voicemailId, message.id, 'old');
    assert.ok(moved !== undefined);
    testNode.node.bus.publish({ name: 'user_voicemail_message_updated', origin_uuid: 'test', required_acl: 'events.users.x.voicemails', tenant_uuid: moved.tenantUuid, data: { voicemail_id: voicemailId, message_id: message.id } });
    const run = await phone;
    assert.equal(run.exitCode, 0, run.errors || run.stdout);
    const received = notifies(run.messages);
    assert.deepEqual(received.map((notify) => notify.body.replace(/\r?\n/g, ' ').replace(/Message-Account:\s*\S+\s*/, '')), [
      'Messages-Waiting: yes Voice-Message: 1/0', 'Messages-Waiting: no Voice-Message: 0/1', 'Messages-Waiting: no Voice-Message: 0/1',
    ]);
    assert.deepEqual([received[0]?.state.startsWith('active;expires='), received[2]?.state, subscriptions()], [true, 'terminated', 0]);
  });
});
