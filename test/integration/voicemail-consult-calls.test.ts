/**
 * Consulting a mailbox from a phone on a real node (seed CF-18): user 1002 has a mailbox with a
 * password and one new message. 1002 dials `*98`, hears `vm-password`, keys the password with
 * RFC 4733 digits and `#`, hears the summary and the menu, keys `1`: the message plays and moves to
 * `old` (calld lists it there, `user_voicemail_message_updated` is published); `7` deletes it
 * (calld lists nothing, `user_voicemail_message_deleted`), `#` says goodbye and the node hangs up.
 * A wrong password three times is refused with `vm-goodbye` and a hang-up. `*99<number>` opens a
 * mailbox of the caller's context without a password when `ask_password` is off.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { goertzelCoefficient, goertzelPower } from '../../media-workers/index.ts';
import { decodeG711 } from '../../media-workers/codecs/g711.ts';
import { serializeTelephoneEvent } from '../../media-workers/rtp/telephone-event.ts';
import { tones } from '../../media-workers/testing/dual-tone.ts';
import { insertVoicemailMessage, type TenantUuid } from '../../store/index.ts';
import { CONFD, confdWriter, type ConfdItem } from '../support/confd-writer.ts';
import { restClient, type RestClient } from '../support/rest-client.ts';
import { listenForRtp, type RtpListener } from '../support/rtp-listener.ts';
import { phoneSdp, startStackPhone, type OutgoingCall, type StackPhone } from '../support/stack-phone.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { waitUntil } from '../support/wait-until.ts';
import { writeWav } from '../support/wav-file.ts';
import { createRtpStream } from '../support/rtp-stream.ts';

let testNode: TestNode;
let rest: RestClient;
let token = '';
let soundsDir = '';
let phone: StackPhone;
let bobId = 0;
let bobUuid = '';
let bobToken = '';
let mailbox: ConfdItem;
const listeners: RtpListener[] = [];
const { created, put } = confdWriter(() => rest, () => token);
const events: { name: string; data: Record<string, unknown> }[] = [];
const quiet = (ms: number) => tones([[440, 0.05]], ms);
const PROMPTS = ['vm-password', 'vm-incorrect', 'vm-goodbye', 'vm-youhave', 'vm-INBOX', 'vm-Old', 'vm-message', 'vm-messages', 'vm-and', 'vm-no', 'vm-onefor', 'vm-helpexit',
  'vm-first', 'vm-last', 'vm-nomore', 'vm-deleted', 'vm-sorry', 'digits/0', 'digits/1', 'digits/2'];

before(async () => {
  soundsDir = await mkdtemp(join(tmpdir(), 'parley-vm-consult-sounds-'));
  await mkdir(join(soundsDir, 'digits'));
  for (const prompt of PROMPTS) await writeWav(join(soundsDir, `${prompt}.wav`), quiet(100));
  testNode = await startTestNode({ extraArgs: ['--sounds-dir', soundsDir] });
  testNode.node.bus.subscribe(['user_voicemail_message_updated', 'user_voicemail_message_deleted'], (event) => void events.push(event as (typeof events)[number]));
  rest = restClient(testNode.httpPort);
  token = await rest.login('admin', testNode.adminPassword);
  phone = await startStackPhone('bob');
  const users = (await rest.request(`${CONFD}/users`, { token })).body as { items: { id: number; uuid: string; lines: { name: string }[] }[] };
  const bob = users.items.find((user) => user.lines.some((line) => line.name === '1002'));
  assert.ok(bob !== undefined);
  [bobId, bobUuid] = [bob.id, bob.uuid];
  mailbox = await created('/voicemails', { name: 'Bob', number: '1002', context: 'default', password: '1234' });
  await put(`/users/${bobId}/voicemails/${String(mailbox['id'])}`);
  const policy = await rest.request('/api/auth/0.1/policies', { method: 'POST', token, body: { name: 'bob-policy', acl: ['calld.users.me.#'] } });
  assert.equal((await rest.request('/api/auth/0.1/users', { method: 'POST', token, body: { uuid: bobUuid, username: 'bob', password: 'bob-pw' } })).status, 201);
  assert.equal((await rest.request(`/api/auth/0.1/users/${bobUuid}/policies/${(policy.body as { uuid: string }).uuid}`, { method: 'PUT', token })).status, 204);
  bobToken = await rest.login('bob', 'bob-pw');
});
after(async () => {
  for (const media of listeners) await media.close();
  await phone?.close();
  await testNode?.close();
  await rm(soundsDir, { recursive: true, force: true });
});

/** A new message in Bob's mailbox: a second of tone in a WAV of the mailbox's folder. */
async function leaveMessageFor(voicemailId: number): Promise<string> {
  const file = join(soundsDir, `message-${Date.now()}.wav`);
  await writeWav(file, tones([[1000, 0.3]], 1000));
  const tenantUuid = (mailbox['tenant_uuid'] as string) as TenantUuid;
  const message = await insertVoicemailMessage(testNode.node.store.database, { voicemailId, tenantUuid, callerIdNum: '1001', callerIdName: 'Alice', timestamp: Math.floor(Date.now() / 1000), duration: 1, folder: 'inbox', file });
  return message.id;
}

/** Bob's phone dials `dialed`; answers the node's RTP port and the keying helpers. */
async function bobDials(dialed: string): Promise<{ call: OutgoingCall; media: RtpListener; nodePort: number; key: (digits: string) => Promise<void>; heard: () => number; toneFrames: () => number }> {
  const media = await listenForRtp();
  listeners.push(media);
  const call = phone.call(testNode.sipPort, dialed, '1002', testNode.passwords['1002'], { sdp: phoneSdp(media.port) });
  assert.ok(await waitUntil(() => call.events.some((event) => event.type === 'answered' || event.type === 'failed'), { timeoutMs: 10_000 }), 'the node answers');
  const answer = call.events.find((event) => event.type === 'answered');
  assert.ok(answer?.type === 'answered', JSON.stringify(call.events));
  const nodePort = Number(/m=audio (\d+)/.exec(answer.sdp ?? '')?.[1]);
  const rtp = createRtpStream(0x5eed0000 + nodePort).packet;
  let timestamp = 0;
  const key = async (digits: string) => {
    for (const digit of digits) {
      timestamp += 1600;
      const event = digit === '#' ? 11 : digit === '*' ? 10 : Number(digit);
      media.send(rtp(101, timestamp, serializeTelephoneEvent({ event, end: false, volume: 10, duration: 160 }), true), nodePort);
      for (let copy = 0; copy < 3; copy += 1) media.send(rtp(101, timestamp, serializeTelephoneEvent({ event, end: true, volume: 10, duration: 800 })), nodePort);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  };
  const fromNode = () => media.packets.filter((packet) => packet.payloadType === 0 && packet.sourcePort === nodePort);
  const heard = () => fromNode().length;
  // Frames where 1 kHz (the message's tone) stands far above 440 Hz (the prompts' tone).
  const toneFrames = () => fromNode().filter((packet) => {
    const samples = decodeG711('PCMU', packet.payload);
    const at = (hz: number) => goertzelPower(samples, 0, samples.length, goertzelCoefficient(hz, 8000));
    return at(1000) > 100 * at(440);
  }).length;
  return { call, media, nodePort, key, heard, toneFrames };
}

async function bobFolders(): Promise<Record<string, string[]>> {
  const answer = await rest.request('/api/calld/1.0/users/me/voicemails', { token: bobToken });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  const folders = (answer.body as { folders: { name: string; messages: { id: string }[] }[] }).folders;
  return Object.fromEntries(folders.map((folder) => [folder.name, folder.messages.map((message) => message.id)]));
}

describe('consulting a mailbox from a phone', () => {
  it('*98 with the password: 1 plays the message and moves it to old, 7 deletes it, # says goodbye and hangs up', async () => {
    const messageId = await leaveMessageFor(Number(mailbox['id']));
    const { call, key, heard, toneFrames } = await bobDials('*98');
    assert.ok(await waitUntil(() => heard() >= 3, { timeoutMs: 10_000 }), 'vm-password is heard');
    const beforePassword = heard();
    await key('1234#');
    // The summary and the menu: seven prompts of 100 ms (the first key stopped vm-password).
    assert.ok(await waitUntil(() => heard() - beforePassword >= 30, { timeoutMs: 10_000 }), 'the summary and the menu are heard');
    await key('1');
    assert.ok(await waitUntil(() => events.some((event) => event.name === 'user_voicemail_message_updated'), { timeoutMs: 10_000 }), 'the message is marked heard');
    assert.ok(await waitUntil(() => toneFrames() >= 40, { timeoutMs: 10_000 }), `the message's second of tone is heard (${toneFrames()} frames)`);
    assert.deepEqual((await bobFolders())['old'], [messageId]);
    const updated = events.find((event) => event.name === 'user_voicemail_message_updated');
    assert.deepEqual((updated?.data['message'] as { folder: unknown }).folder, { id: 2, name: 'old', type: 'old' });
    await key('7');
    assert.ok(await waitUntil(() => events.some((event) => event.name === 'user_voicemail_message_deleted'), { timeoutMs: 10_000 }), 'the message is deleted');
    assert.deepEqual(Object.values(await bobFolders()).flat(), []);
    await key('#');
    assert.ok(await waitUntil(() => call.events.some((event) => event.type === 'bye.received'), { timeoutMs: 10_000 }), 'the node hangs up after vm-goodbye');
  });

  it('*98 with a wrong password three times: vm-goodbye and the node hangs up', async () => {
    const { call, key, heard } = await bobDials('*98');
    assert.ok(await waitUntil(() => heard() >= 3, { timeoutMs: 10_000 }), 'vm-password is heard');
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await key('9999#');
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    assert.ok(await waitUntil(() => call.events.some((event) => event.type === 'bye.received'), { timeoutMs: 15_000 }), 'the node hangs up');
  });

  it('*99<number> of a mailbox with ask_password off opens it without a password', async () => {
    const open = await created('/voicemails', { name: 'Desk', number: '1500', context: 'default', password: '5555', ask_password: false });
    await leaveMessageFor(Number(open['id']));
    const { call, key, heard } = await bobDials('*991500');
    // No password prompt: the summary and the menu straight away (seven prompts).
    assert.ok(await waitUntil(() => heard() >= 30, { timeoutMs: 10_000 }), 'the summary and the menu are heard');
    await key('#');
    assert.ok(await waitUntil(() => call.events.some((event) => event.type === 'bye.received'), { timeoutMs: 10_000 }), 'the node hangs up after vm-goodbye');
  });
});
