/**
 * "Voicemail on no answer", the most common PBX flow, on a real node: user 1002 has a mailbox and
 * its no-answer and busy fallbacks lead to it (confd `/users/{id}/fallbacks`). 1001 calls 1002,
 * whose phone rings and never answers; after 1002's ring time the node CANCELs the phone, answers
 * the caller, plays `vm-intro` and the beep, and records until `#`; calld lists the message for
 * 1002. A second call finds 1002's phone busy (486) and reaches the same mailbox.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { encodeG711 } from '../../media-workers/codecs/g711.ts';
import { serializeTelephoneEvent } from '../../media-workers/rtp/telephone-event.ts';
import { frames, tones } from '../../media-workers/testing/dual-tone.ts';
import { CONFD, confdWriter } from '../support/confd-writer.ts';
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
let caller: StackPhone;
let callee: StackPhone;
let bobUuid = '';
let bobToken = '';
const listeners: RtpListener[] = [];
const { created, put } = confdWriter(() => rest, () => token);
const events: { name: string; data: Record<string, unknown> }[] = [];
const quiet = (ms: number) => tones([[440, 0.05]], ms);

before(async () => {
  soundsDir = await mkdtemp(join(tmpdir(), 'parley-vm-fallback-sounds-'));
  await writeWav(join(soundsDir, 'vm-intro.wav'), quiet(300));
  await writeWav(join(soundsDir, 'beep.wav'), quiet(100));
  testNode = await startTestNode({ extraArgs: ['--sounds-dir', soundsDir] });
  testNode.node.bus.subscribe(['user_voicemail_message_created'], (event) => void events.push(event as (typeof events)[number]));
  rest = restClient(testNode.httpPort);
  token = await rest.login('admin', testNode.adminPassword);
  caller = await startStackPhone('caller');
  callee = await startStackPhone('callee');
  assert.equal(await callee.register(testNode.node, testNode.sipPort, '1002', testNode.passwords['1002']), 200);
  const users = (await rest.request(`${CONFD}/users`, { token })).body as { items: { id: number; uuid: string; lines: { name: string }[] }[] };
  const bob = users.items.find((user) => user.lines.some((line) => line.name === '1002'));
  assert.ok(bob !== undefined);
  bobUuid = bob.uuid;
  // The shortest ring time the seed allows, so the no-answer case is quick.
  await put(`/users/${bob.id}`, { ring_seconds: 5 });
  const mailbox = await created('/voicemails', { name: 'Bob', number: '1002', context: 'default' });
  await put(`/users/${bob.id}/voicemails/${String(mailbox['id'])}`);
  const toMailbox = { type: 'voicemail', voicemail_id: mailbox['id'] };
  await put(`/users/${bob.id}/fallbacks`, { noanswer_destination: toMailbox, busy_destination: toMailbox });
  const policy = await rest.request('/api/auth/0.1/policies', { method: 'POST', token, body: { name: 'bob-policy', acl: ['calld.users.me.#'] } });
  assert.equal((await rest.request('/api/auth/0.1/users', { method: 'POST', token, body: { uuid: bobUuid, username: 'bob', password: 'bob-pw' } })).status, 201);
  assert.equal((await rest.request(`/api/auth/0.1/users/${bobUuid}/policies/${(policy.body as { uuid: string }).uuid}`, { method: 'PUT', token })).status, 204);
  bobToken = await rest.login('bob', 'bob-pw');
});
after(async () => {
  for (const media of listeners) await media.close();
  await Promise.all([caller?.close(), callee?.close()]);
  await testNode?.close();
  await rm(soundsDir, { recursive: true, force: true });
});

/** 1001 calls 1002 with media on a new listener. */
async function aliceCallsBob(): Promise<{ call: OutgoingCall; media: RtpListener }> {
  const media = await listenForRtp();
  listeners.push(media);
  return { call: caller.call(testNode.sipPort, '1002', '1001', testNode.passwords['1001'], { sdp: phoneSdp(media.port) }), media };
}

/** Waits for the mailbox to answer and its prompts, speaks a tone for `ms` and keys `#`; the node then hangs up. */
async function leaveMessage(call: OutgoingCall, media: RtpListener, ms: number, ssrc: number): Promise<void> {
  assert.ok(await waitUntil(() => call.events.some((event) => event.type === 'answered'), { timeoutMs: 15_000 }), `the mailbox answers: ${JSON.stringify(call.events)}`);
  const answer = call.events.find((event) => event.type === 'answered');
  const nodePort = Number(/m=audio (\d+)/.exec(answer?.type === 'answered' ? answer.sdp ?? '' : '')?.[1]);
  assert.ok(nodePort > 0);
  assert.ok(await waitUntil(() => media.packets.filter((packet) => packet.payloadType === 0).length >= 20, { timeoutMs: 10_000 }), 'vm-intro and the beep are heard');
  const rtp = createRtpStream(ssrc).packet;
  for (const [index, frame] of frames(tones([[1000, 0.3]], ms)).entries()) {
    media.send(rtp(0, index * 160, encodeG711('PCMU', frame), index === 0), nodePort);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const timestamp = (ms / 20 + 10) * 160;
  media.send(rtp(101, timestamp, serializeTelephoneEvent({ event: 11, end: false, volume: 10, duration: 160 }), true), nodePort);
  for (let copy = 0; copy < 3; copy += 1) media.send(rtp(101, timestamp, serializeTelephoneEvent({ event: 11, end: true, volume: 10, duration: 800 })), nodePort);
  assert.ok(await waitUntil(() => call.events.some((event) => event.type === 'bye.received'), { timeoutMs: 10_000 }), 'the node hangs up after #');
}

/** The messages of 1002's inbox, as calld lists them to 1002. */
async function bobInbox(): Promise<{ id: string; duration: number; caller_id_num: string }[]> {
  const mailbox = await rest.request('/api/calld/1.0/users/me/voicemails', { token: bobToken });
  assert.equal(mailbox.status, 200, JSON.stringify(mailbox.body));
  return (mailbox.body as { folders: { name: string; messages: { id: string; duration: number; caller_id_num: string }[] }[] }).folders.find((folder) => folder.name === 'inbox')?.messages ?? [];
}

describe("a call to a user whose fallbacks lead to the user's mailbox", () => {
  it('MUST, when the phone rings unanswered for ring_seconds, CANCEL it and take a message calld lists for 1002', async () => {
    callee.onIncoming(({ session }) => void session.provisional(180));
    const started = Date.now();
    const { call, media } = await aliceCallsBob();
    assert.ok(await waitUntil(() => callee.incoming.at(-1)?.events.some((event) => event.type === 'cancelled') === true, { timeoutMs: 15_000 }), 'the ringing phone is CANCELled');
    assert.ok(Date.now() - started >= 4_500, `the phone rang ${Date.now() - started} ms, less than ring_seconds`);
    await leaveMessage(call, media, 2000, 0x5eed0001);
    assert.ok(await waitUntil(async () => (await bobInbox()).length === 1, { timeoutMs: 10_000 }), 'the message is in 1002’s inbox');
    const [message] = await bobInbox();
    assert.deepEqual([message?.duration, message?.caller_id_num, events.length], [2, '1001', 1]);
  });

  it('MUST, when the phone answers busy, take the message in the same mailbox (busy fallback)', async () => {
    callee.onIncoming(({ session }) => void session.reject(486));
    const { call, media } = await aliceCallsBob();
    await leaveMessage(call, media, 1500, 0x5eed0002);
    assert.ok(await waitUntil(async () => (await bobInbox()).length === 2, { timeoutMs: 10_000 }), 'a second message is in 1002’s inbox');
  });
});
