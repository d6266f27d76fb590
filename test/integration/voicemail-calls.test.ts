/**
 * A voicemail deposit on a real node (seed CF-18): a mailbox made through confd and associated to
 * user 1002 is the destination of an incall; a provider (a stack phone as a peer trunk) calls the
 * DID, hears the greeting and the beep, speaks a 1 kHz tone for 2 s and keys `#`. The node hangs
 * up, the message is listed by calld for 1002, its WAV downloads and holds about 2 s of the tone,
 * and `user_voicemail_message_created` reached 1002 on the bus.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import wavefilePackage from 'wavefile';
import { goertzelCoefficient, goertzelPower } from '../../media-workers/index.ts';
import { encodeG711 } from '../../media-workers/codecs/g711.ts';
import { serializeTelephoneEvent } from '../../media-workers/rtp/telephone-event.ts';
import { frames, tones } from '../../media-workers/testing/dual-tone.ts';
import { CONFD, confdWriter, type ConfdItem } from '../support/confd-writer.ts';
import { restClient, type RestClient } from '../support/rest-client.ts';
import { listenForRtp, type RtpListener } from '../support/rtp-listener.ts';
import { phoneSdp, startStackPhone, type StackPhone } from '../support/stack-phone.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { waitUntil } from '../support/wait-until.ts';
import { writeWav } from '../support/wav-file.ts';
import { createRtpStream } from '../support/rtp-stream.ts';

const { WaveFile } = wavefilePackage;

let testNode: TestNode;
let rest: RestClient;
let token = '';
let soundsDir = '';
let provider: StackPhone;
let media: RtpListener;
let bobUuid = '';
const { created, put } = confdWriter(() => rest, () => token);
const events: { name: string; required_acl?: string | null; data: Record<string, unknown> }[] = [];

/** Prompts of 300 ms and 100 ms of a quiet 440 Hz tone: 15 + 5 packets heard before the recording. */
const quiet = (ms: number) => tones([[440, 0.05]], ms);

const stream = createRtpStream(0x5eed4321);
const rtp = stream.packet;

before(async () => {
  soundsDir = await mkdtemp(join(tmpdir(), 'parley-vm-sounds-'));
  await writeWav(join(soundsDir, 'vm-intro.wav'), quiet(300));
  await writeWav(join(soundsDir, 'beep.wav'), quiet(100));
  testNode = await startTestNode({ extraArgs: ['--sounds-dir', soundsDir] });
  testNode.node.bus.subscribe(['user_voicemail_message_created'], (event) => void events.push(event as (typeof events)[number]));
  rest = restClient(testNode.httpPort);
  token = await rest.login('admin', testNode.adminPassword);
  provider = await startStackPhone('provider');
  media = await listenForRtp();
  const users = (await rest.request(`${CONFD}/users`, { token })).body as { items: { id: number; uuid: string; lines: { name: string }[] }[] };
  const bob = users.items.find((user) => user.lines.some((line) => line.name === '1002'));
  assert.ok(bob !== undefined);
  bobUuid = bob.uuid;
  const mailbox = await created('/voicemails', { name: 'Bob', number: '1002', context: 'default' });
  await put(`/users/${bob.id}/voicemails/${String(mailbox['id'])}`);
  await created('/contexts', { name: 'from-extern', type: 'incall' });
  const endpoint = await created('/endpoints/sip', { username: 'provider', secret: 'provider-secret', type: 'peer', host: `127.0.0.1:${provider.port}` });
  const trunk = await created('/trunks', { context: 'from-extern' });
  await put(`/trunks/${String(trunk['id'])}/endpoints/sip/${String(endpoint['uuid'] ?? endpoint['id'])}`);
  const did = await created('/extensions', { exten: '1000', context: 'from-extern' });
  const incall: ConfdItem = await created('/incalls', { destination: { type: 'voicemail', voicemail_id: mailbox['id'] } });
  await put(`/incalls/${String(incall['id'])}/extensions/${String(did['id'])}`);
  assert.ok(await waitUntil(async () => ((await rest.request('/api/calld/1.0/trunks', { token })).body as { items: unknown[] }).items.length === 1), 'the trunk runs');
});
after(async () => {
  await provider?.close();
  await media?.close();
  await testNode?.close();
  await rm(soundsDir, { recursive: true, force: true });
});

/** A login for user 1002 with calld's users/me ACLs. */
async function bobToken(): Promise<string> {
  const policy = await rest.request('/api/auth/0.1/policies', { method: 'POST', token, body: { name: 'bob-policy', acl: ['calld.users.me.#'] } });
  assert.equal((await rest.request('/api/auth/0.1/users', { method: 'POST', token, body: { uuid: bobUuid, username: 'bob', password: 'bob-pw' } })).status, 201);
  assert.equal((await rest.request(`/api/auth/0.1/users/${bobUuid}/policies/${(policy.body as { uuid: string }).uuid}`, { method: 'PUT', token })).status, 204);
  return rest.login('bob', 'bob-pw');
}

describe('a call from a provider to an incall leading to a voicemail', () => {
  it('MUST record the caller until #, store the message for 1002 (calld lists it, its WAV holds ~2 s of the tone) and publish the event', async () => {
    const call = provider.call(testNode.sipPort, '1000', 'provider', 'provider-secret', { sdp: phoneSdp(media.port) });
    assert.ok(await waitUntil(() => call.events.some((event) => event.type === 'answered')), 'the node answers');
    const answer = call.events.find((event) => event.type === 'answered');
    const nodePort = Number(/m=audio (\d+)/.exec(answer?.type === 'answered' ? answer.sdp ?? '' : '')?.[1]);
    assert.ok(nodePort > 0);
    // The greeting and the beep: 20 packets heard, and a moment of quiet after them.
    assert.ok(await waitUntil(() => media.packets.filter((packet) => packet.payloadType === 0).length >= 20, { timeoutMs: 10_000 }), 'greeting and beep heard');
    for (const [index, frame] of frames(tones([[1000, 0.3]], 2000)).entries()) {
      media.send(rtp(0, index * 160, encodeG711('PCMU', frame), index === 0), nodePort);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const timestamp = 400 * 160;
    media.send(rtp(101, timestamp, serializeTelephoneEvent({ event: 11, end: false, volume: 10, duration: 160 }), true), nodePort);
    for (let copy = 0; copy < 3; copy += 1) media.send(rtp(101, timestamp, serializeTelephoneEvent({ event: 11, end: true, volume: 10, duration: 800 })), nodePort);
    assert.ok(await waitUntil(() => call.events.some((event) => event.type === 'bye.received'), { timeoutMs: 10_000 }), 'the node hangs up after #');

    assert.ok(await waitUntil(() => events.length > 0, { timeoutMs: 10_000 }), 'user_voicemail_message_created');
    const [event] = events;
    assert.deepEqual([event?.required_acl, event?.data['user_uuid'], (event?.data['message'] as { folder: unknown }).folder], [`events.users.${bobUuid}.voicemails`, bobUuid, { id: 1, name: 'inbox', type: 'new' }]);

    const bob = await bobToken();
    const mailbox = await rest.request('/api/calld/1.0/users/me/voicemails', { token: bob });
    assert.equal(mailbox.status, 200, JSON.stringify(mailbox.body));
    const inbox = (mailbox.body as { folders: { name: string; messages: { id: string; duration: number }[] }[] }).folders.find((folder) => folder.name === 'inbox');
    const message = inbox?.messages[0];
    assert.ok(message !== undefined && /^\d+-\d{8}$/.test(message.id) && message.duration === 2, JSON.stringify(mailbox.body));

    const download = await fetch(`http://127.0.0.1:${testNode.httpPort}/api/calld/1.0/users/me/voicemails/messages/${message.id}/recording`, { headers: { 'x-auth-token': bob } });
    assert.deepEqual([download.status, download.headers.get('content-type')], [200, 'audio/wav']);
    const samples = new WaveFile(new Uint8Array(await download.arrayBuffer())).getSamples(false, Int16Array) as unknown as Int16Array;
    assert.ok(Math.abs(samples.length - 16_000) <= 1600, `about 2 s recorded: ${samples.length} samples`);
    const at = (hz: number) => goertzelPower(samples, 4000, 4000, goertzelCoefficient(hz, 8000));
    assert.ok(at(1000) > 100 * at(1400), 'the recording holds the 1 kHz tone');

    assert.equal((await rest.request(`/api/calld/1.0/users/me/voicemails/messages/${message.id}`, { method: 'DELETE', token: bob })).status, 204);
    const after = (await rest.request('/api/calld/1.0/users/me/voicemails', { token: bob })).body as { folders: { messages: unknown[] }[] };
    assert.equal(after.folders.flatMap((folder) => folder.messages).length, 0);
  });
});
