/**
 * A phone calls an IVR on a real node (seed CF-19): the IVR and its extension are made through
 * confd, its prompts are WAV files in the node's sounds folder, the phone hears them as RTP, and
 * its key (RFC 4733, or an in-band tone from a phone without telephone-event) connects it to user
 * 1002 without a second answer; a phone that keys nothing hears the invalid and the error prompts
 * and gets a BYE after the tries.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { encodeG711 } from '../../media-workers/codecs/g711.ts';
import { serializeTelephoneEvent } from '../../media-workers/rtp/telephone-event.ts';
import { concat, dtmfTone, frames, silence } from '../../media-workers/testing/dual-tone.ts';
import { restClient, type RestClient } from '../support/rest-client.ts';
import { listenForRtp, type RtpListener } from '../support/rtp-listener.ts';
import { phoneSdp, startStackPhone, type OutgoingCall, type StackPhone } from '../support/stack-phone.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { waitUntil } from '../support/wait-until.ts';
import { writeWav } from '../support/wav-file.ts';
import { createRtpStream } from '../support/rtp-stream.ts';

let testNode: TestNode;
let client: RestClient;
let admin = '';
let soundsDir = '';
let caller: StackPhone;
let callee: StackPhone;
const listeners: RtpListener[] = [];

/** A quiet 440 Hz tone, so the prompts' RTP is not silence. */
const tone = (ms: number) => Int16Array.from({ length: ms * 8 }, (_, index) => Math.round(2000 * Math.sin((2 * Math.PI * 440 * index) / 8000)));

const confd = async (method: 'POST' | 'PUT', path: string, body?: unknown) => {
  const answer = await client.request(`/api/confd/1.1${path}`, { method, token: admin, ...(body === undefined ? {} : { body }) });
  assert.ok(answer.status === 201 || answer.status === 204, `${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body as { id: number };
};

/** Creates an IVR and an extension of `default` leading to it. */
async function ivrAt(exten: string, fields: Record<string, unknown>): Promise<void> {
  const ivr = await confd('POST', '/ivr', fields);
  const extension = await confd('POST', '/extensions', { exten, context: 'default' });
  await confd('PUT', `/ivr/${ivr.id}/extensions/${extension.id}`);
}

/** An offer pointing at `port`, with or without telephone-event. */
function offer(port: number, telephoneEvent: boolean): string {
  if (telephoneEvent) return phoneSdp(port);
  return ['v=0', 'o=- 4243 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', `m=audio ${port} RTP/AVP 0`, 'a=rtpmap:0 PCMU/8000', 'a=sendrecv', ''].join('\r\n');
}

const stream = createRtpStream(0x5eed1234);
const rtp = stream.packet;

/** Presses `event` as RFC 4733: a start packet, then the end packet three times. */
function pressTelephoneEvent(phone: RtpListener, nodePort: number, event: number): void {
  const timestamp = stream.sequence * 160;
  phone.send(rtp(101, timestamp, serializeTelephoneEvent({ event, end: false, volume: 10, duration: 160 }), true), nodePort);
  for (let copy = 0; copy < 3; copy += 1) phone.send(rtp(101, timestamp, serializeTelephoneEvent({ event, end: true, volume: 10, duration: 800 })), nodePort);
}

/** Presses `key` in-band: 80 ms of its dual tone then silence, in 20 ms PCMU frames, paced. */
async function pressInBand(phone: RtpListener, nodePort: number, key: string): Promise<void> {
  for (const frame of frames(concat(silence(40), dtmfTone(key, 80), silence(100)))) {
    phone.send(rtp(0, stream.sequence * 160, encodeG711('PCMU', frame)), nodePort);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The phone calls `exten` from 1001 with its media on a new listener; resolves once the node answered, with the node's RTP port. */
async function callIvr(exten: string, telephoneEvent: boolean): Promise<{ call: OutgoingCall; media: RtpListener; nodePort: number }> {
  const media = await listenForRtp();
  listeners.push(media);
  const call = caller.call(testNode.sipPort, exten, '1001', testNode.passwords['1001'], { sdp: offer(media.port, telephoneEvent) });
  assert.ok(await waitUntil(() => call.events.some((event) => event.type === 'answered')), 'the node answers the IVR call');
  const answer = call.events.find((event) => event.type === 'answered');
  const nodePort = Number(/m=audio (\d+)/.exec(answer?.type === 'answered' ? answer.sdp ?? '' : '')?.[1]);
  assert.ok(nodePort > 0);
  return { call, media, nodePort };
}

/** PCMU packets the node sent to the phone (its prompts). */
const heard = (media: RtpListener, nodePort: number): number => media.packets.filter((packet) => packet.payloadType === 0 && packet.sourcePort === nodePort).length;

before(async () => {
  soundsDir = await mkdtemp(join(tmpdir(), 'parley-ivr-sounds-'));
  await writeWav(join(soundsDir, 'welcome.wav'), tone(300));
  await writeWav(join(soundsDir, 'choices.wav'), tone(1500));
  await writeWav(join(soundsDir, 'invalid.wav'), tone(300));
  await writeWav(join(soundsDir, 'error.wav'), tone(300));
  testNode = await startTestNode({ extraArgs: ['--sounds-dir', soundsDir] });
  client = restClient(testNode.httpPort);
  admin = await client.login('admin', testNode.adminPassword);
  caller = await startStackPhone('caller');
  callee = await startStackPhone('callee');
  assert.equal(await callee.register(testNode.node, testNode.sipPort, '1002', testNode.passwords['1002']), 200);
  const users = (await client.request('/api/confd/1.1/users', { token: admin })).body as { items: { id: number; lastname: string }[] };
  const bob = users.items.find((user) => user.lastname === '1002');
  assert.ok(bob !== undefined);
  const prompts = { greeting_sound: 'welcome', menu_sound: 'choices', invalid_sound: 'invalid', abort_sound: 'error' };
  await ivrAt('8899', { name: 'reference', ...prompts, timeout: 5, max_tries: 3, choices: [{ exten: '1', destination: { type: 'user', user_id: bob.id } }] });
  await ivrAt('8898', { name: 'impatient', ...prompts, timeout: 1, max_tries: 2, choices: [{ exten: '1', destination: { type: 'user', user_id: bob.id } }] });
});
after(async () => {
  for (const media of listeners) await media.close();
  await Promise.all([caller?.close(), callee?.close()]);
  await testNode?.close();
  await rm(soundsDir, { recursive: true, force: true });
});

/** The callee answers the next call with media on a new listener. */
async function calleeAnswers(): Promise<RtpListener> {
  const media = await listenForRtp();
  listeners.push(media);
  callee.onIncoming(({ session }) => void session.accept({ sdp: phoneSdp(media.port) }));
  return media;
}

async function connectedToBob(call: OutgoingCall, before: number): Promise<void> {
  assert.ok(await waitUntil(() => callee.incoming.length > before && callee.incoming.at(-1)?.events.some((event) => event.type === 'ack.received') === true), 'user 1002 is rung and answers');
  assert.equal(call.events.filter((event) => event.type === 'answered').length, 1, 'the caller is answered once');
  assert.ok(!call.events.some((event) => event.type === 'provisional' && call.events.findIndex((other) => other.type === 'answered') < call.events.indexOf(event)), 'no 180/183 after the answer');
  call.session()?.sendBye();
  assert.ok(await waitUntil(() => callee.incoming.at(-1)?.events.some((event) => event.type === 'bye.received') === true), 'the hang-up reaches 1002');
}

describe('a call into an IVR', () => {
  it('MUST play the prompts to the caller and connect RFC 4733 key 1 to user 1002', async () => {
    await calleeAnswers();
    const before = callee.incoming.length;
    const { call, media, nodePort } = await callIvr('8899', true);
    // The greeting (15 frames) and part of the menu prompt have reached the phone.
    assert.ok(await waitUntil(() => heard(media, nodePort) > 40, { timeoutMs: 10_000 }), 'the prompts are heard');
    pressTelephoneEvent(media, nodePort, 1);
    await connectedToBob(call, before);
  });

  it('MUST take an in-band key 1 from a phone without telephone-event and connect it to user 1002', async () => {
    await calleeAnswers();
    const before = callee.incoming.length;
    const { call, media, nodePort } = await callIvr('8899', false);
    assert.ok(await waitUntil(() => heard(media, nodePort) > 40, { timeoutMs: 10_000 }), 'the prompts are heard');
    await pressInBand(media, nodePort, '1');
    await connectedToBob(call, before);
  });

  it('MUST play the invalid then the error prompt to a caller who keys nothing and hang up after the tries', async () => {
    const { call, media, nodePort } = await callIvr('8898', true);
    assert.ok(await waitUntil(() => call.events.some((event) => event.type === 'bye.received'), { timeoutMs: 20_000 }), 'BYE after the tries');
    // Greeting 15, two menus 150, invalid 15, error 15 frames of 20 ms.
    assert.ok(heard(media, nodePort) >= 180, `prompts heard: ${heard(media, nodePort)} frames`);
  });
});
