/**
 * A conference room on a real node with real phones (seed CF-17): users 1001 and 1002 call the
 * room's extension and a provider (a peer trunk) calls a DID whose incall leads to it; each phone
 * speaks its own tone (600, 1000, 1400 Hz). Each hears the other two and not itself (Goertzel on
 * what it receives); calld lists the three participants, its mute silences 1002 for the others,
 * its kick hangs the provider up (conf-kicked, then BYE); the room's events went out with the
 * seed's payloads; the room's recording holds the three tones.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { goertzelCoefficient, goertzelPower } from '../../media-workers/index.ts';
import { decodeG711, encodeG711 } from '../../media-workers/codecs/g711.ts';
import { frames, tones } from '../../media-workers/testing/dual-tone.ts';
import { confdWriter } from '../support/confd-writer.ts';
import { restClient, type RestClient } from '../support/rest-client.ts';
import { listenForRtp, type RtpListener } from '../support/rtp-listener.ts';
import { createRtpStream } from '../support/rtp-stream.ts';
import { phoneSdp, startStackPhone, type OutgoingCall, type StackPhone } from '../support/stack-phone.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { waitUntil } from '../support/wait-until.ts';
import { readWav, writeWav } from '../support/wav-file.ts';

const CALLD = '/api/calld/1.0';
let testNode: TestNode;
let rest: RestClient;
let token = '';
let soundsDir = '';
let conferenceId = 0;
let tenantUuid = '';
const { created, put } = confdWriter(() => rest, () => token);
const events: { name: string; required_acl?: string | null; tenant_uuid?: string; data: Record<string, unknown> }[] = [];

/** One phone in the room: its SIP side, its RTP, its tone, and its call once placed. */
interface Party {
  readonly name: string;
  readonly hz: number;
  readonly phone: StackPhone;
  readonly media: RtpListener;
  call?: OutgoingCall;
  nodePort?: number;
  sent: number;
}
let parties: Party[] = [];
let talking: NodeJS.Timeout | undefined;

before(async () => {
  soundsDir = await mkdtemp(join(tmpdir(), 'parley-conference-sounds-'));
  await writeWav(join(soundsDir, 'conf-kicked.wav'), tones([[440, 0.05]], 200));
  testNode = await startTestNode({ extraArgs: ['--sounds-dir', soundsDir] });
  testNode.node.bus.subscribe([], (event) => {
    if (event.name.startsWith('conference_participant_') || event.name.startsWith('conference_record_')) events.push(event as (typeof events)[number]);
  });
  rest = restClient(testNode.httpPort);
  token = await rest.login('admin', testNode.adminPassword);
  const room = await created('/conferences', { name: 'Daily', record: true, quiet_join: true, announce_only_user: false, music_on_hold: null, max_users: 0 });
  conferenceId = Number(room['id']);
  tenantUuid = String(room['tenant_uuid'] ?? '');
  const extension = await created('/extensions', { exten: '4000', context: 'default' });
  await put(`/conferences/${conferenceId}/extensions/${String(extension['id'])}`);
  parties = await Promise.all([['1001', 600], ['1002', 1000], ['provider', 1400]].map(async ([name, hz]) => ({ name: String(name), hz: Number(hz), phone: await startStackPhone(String(name)), media: await listenForRtp(), sent: 0 })));
  const provider = parties[2] as Party;
  await created('/contexts', { name: 'from-extern', type: 'incall' });
  const endpoint = await created('/endpoints/sip', { username: 'provider', secret: 'provider-secret', type: 'peer', host: `127.0.0.1:${provider.phone.port}` });
  const trunk = await created('/trunks', { context: 'from-extern' });
  await put(`/trunks/${String(trunk['id'])}/endpoints/sip/${String(endpoint['uuid'] ?? endpoint['id'])}`);
  const did = await created('/extensions', { exten: '1000', context: 'from-extern' });
  const incall = await created('/incalls', { destination: { type: 'conference', conference_id: conferenceId } });
  await put(`/incalls/${String(incall['id'])}/extensions/${String(did['id'])}`);
  assert.ok(await waitUntil(async () => ((await rest.request(`${CALLD}/trunks`, { token })).body as { items: unknown[] }).items.length === 1), 'the trunk runs');
});
after(async () => {
  if (talking !== undefined) clearInterval(talking);
  for (const party of parties) {
    await party.phone.close();
    await party.media.close();
  }
  await testNode?.close();
  await rm(soundsDir, { recursive: true, force: true });
});

const answered = (party: Party) => party.call?.events.some((event) => event.type === 'answered') === true;

/** Places the party's call and learns the node's RTP port from the answer. */
async function dialIn(party: Party): Promise<void> {
  const [user, password, dialed] = party.name === 'provider' ? ['provider', 'provider-secret', '1000'] : [party.name, testNode.passwords[party.name as '1001' | '1002'], '4000'];
  party.call = party.phone.call(testNode.sipPort, dialed, user, password, { sdp: phoneSdp(party.media.port) });
  assert.ok(await waitUntil(() => answered(party), { timeoutMs: 10_000 }), `${party.name} answered by the node`);
  const answer = party.call.events.find((event) => event.type === 'answered');
  party.nodePort = Number(/m=audio (\d+)/.exec(answer?.type === 'answered' ? answer.sdp ?? '' : '')?.[1]);
  assert.ok(party.nodePort > 0);
}

/** Every 20 ms, each party in the room sends the next frame of its tone. */
function startTalking(): void {
  const signals = new Map(parties.map((party) => [party.name, frames(tones([[party.hz, 0.3]], 30_000))]));
  const streams = new Map(parties.map((party, index) => [party.name, createRtpStream(0x5eed0c00 + index)]));
  talking = setInterval(() => {
    for (const party of parties) {
      if (party.nodePort === undefined || party.call?.events.some((event) => event.type === 'bye.received') === true) continue;
      const frame = signals.get(party.name)?.[party.sent % 1500];
      if (frame === undefined) continue;
      party.media.send(streams.get(party.name)?.packet(0, party.sent * 160, encodeG711('PCMU', frame), party.sent === 0) ?? Buffer.alloc(0), party.nodePort);
      party.sent += 1;
    }
  }, 20);
}

/** What a party heard (PCMU) since `sinceMs`. */
function heardSince(party: Party, sinceMs: number): Int16Array {
  const chunks = party.media.packets.filter((packet) => packet.payloadType === 0 && packet.arrivalMs >= sinceMs).map((packet) => decodeG711('PCMU', new Uint8Array(packet.payload)));
  const samples = new Int16Array(chunks.reduce((total, chunk) => total + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    samples.set(chunk, at);
    at += chunk.length;
  }
  return samples;
}

const power = (samples: Int16Array, hz: number) => goertzelPower(samples, 0, samples.length, goertzelCoefficient(hz, 8000));
const levels = (samples: Int16Array) => Object.fromEntries(parties.map((party) => [party.name, Math.round(power(samples, party.hz))]));
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Participant { id: string; caller_id_num: string; call_id: string; muted: boolean }
async function participants(): Promise<Participant[]> {
  const answer = await rest.request(`${CALLD}/conferences/${conferenceId}/participants`, { token });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return (answer.body as { items: Participant[] }).items;
}

describe('a conference room with three phones', () => {
  it('MUST let each hear the other two and not itself', async () => {
    for (const party of parties) await dialIn(party);
    startTalking();
    assert.ok(await waitUntil(async () => (await participants()).length === 3, { timeoutMs: 5_000 }), 'three participants');
    await pause(1_500);
    const since = Date.now();
    await pause(1_000);
    for (const party of parties) {
      const heard = heardSince(party, since);
      const level = levels(heard);
      assert.ok(heard.length >= 4_000, `${party.name} hears the room: ${heard.length} samples`);
      for (const other of parties.filter((found) => found !== party)) {
        assert.ok((level[other.name] ?? 0) > 20 * (level[party.name] ?? 0), `${party.name} hears ${other.name} and not itself: ${JSON.stringify(level)}`);
      }
    }
  });

  it('MUST list the participants in calld with the seed model', async () => {
    const items = await participants();
    assert.deepEqual([items.length, items.some((item) => item.caller_id_num === '1001'), items.some((item) => item.caller_id_num === '1002')], [3, true, true]);
    for (const item of items) assert.deepEqual(Object.keys(item).sort(), ['admin', 'answered_time', 'call_id', 'caller_id_name', 'caller_id_num', 'conference_id', 'id', 'language', 'muted']);
  });

  it('MUST silence 1002 for the others when calld mutes it', async () => {
    const bob = (await participants()).find((item) => item.caller_id_num === '1002');
    assert.ok(bob !== undefined);
    const muted = await rest.request(`${CALLD}/conferences/${conferenceId}/participants/${bob.id}/mute`, { method: 'PUT', token });
    assert.equal(muted.status, 204, JSON.stringify(muted.body));
    await pause(500);
    const since = Date.now();
    await pause(1_000);
    const level = levels(heardSince(parties[0] as Party, since));
    assert.ok((level['provider'] ?? 0) > 20 * (level['1002'] ?? 0), `1001 hears the provider and no longer 1002: ${JSON.stringify(level)}`);
    assert.ok(events.some((event) => event.name === 'conference_participant_muted' && event.data['id'] === bob.id));
  });

  it('MUST hang the provider up when calld kicks it', async () => {
    const provider = parties[2] as Party;
    const kicked = (await participants()).find((item) => item.caller_id_num !== '1001' && item.caller_id_num !== '1002');
    assert.ok(kicked !== undefined);
    assert.equal((await rest.request(`${CALLD}/conferences/${conferenceId}/participants/${kicked.id}`, { method: 'DELETE', token })).status, 204);
    assert.ok(await waitUntil(() => provider.call?.events.some((event) => event.type === 'bye.received') === true, { timeoutMs: 5_000 }), 'the provider gets a BYE');
    assert.ok(await waitUntil(async () => (await participants()).length === 2));
  });

  it("MUST publish the room's events with the seed's payloads and ACLs", async () => {
    assert.ok(await waitUntil(() => events.some((event) => event.name === 'conference_participant_talk_started'), { timeoutMs: 3_000 }), 'talk detected');
    const joined = events.filter((event) => event.name === 'conference_participant_joined');
    assert.equal(joined.length, 3);
    assert.deepEqual([joined[0]?.required_acl, joined[0]?.tenant_uuid, Object.keys(joined[0]?.data ?? {}).sort()], [
      `events.conferences.${conferenceId}.participants.joined`, tenantUuid,
      ['admin', 'answered_time', 'call_id', 'caller_id_name', 'caller_id_num', 'conference_id', 'id', 'language', 'muted'],
    ]);
    const talk = events.find((event) => event.name === 'conference_participant_talk_started');
    assert.equal(talk?.required_acl, `events.conferences.${conferenceId}.participants.talk`);
    assert.ok(events.some((event) => event.name === 'conference_participant_left' && event.required_acl === `events.conferences.${conferenceId}.participants.left`));
    assert.deepEqual(events.find((event) => event.name === 'conference_record_started')?.data, { id: conferenceId });
  });

  it('MUST record the mix with the tones, until the last participant left', async () => {
    for (const party of parties.slice(0, 2)) party.call?.session()?.sendBye();
    assert.ok(await waitUntil(() => events.some((event) => event.name === 'conference_record_stopped'), { timeoutMs: 5_000 }), 'recording stopped');
    const folder = join(testNode.node.config.dataDir, 'conferences', tenantUuid, String(conferenceId));
    let files: string[] = [];
    assert.ok(await waitUntil(async () => (files = (await readdir(folder).catch(() => [])).filter((file) => file.endsWith('.wav'))).length === 1, { timeoutMs: 5_000 }), `a WAV in ${folder}`);
    const wav = await readWav(join(folder, files[0] ?? ''));
    assert.ok(wav.type === 'ok', JSON.stringify(wav));
    const level = levels(wav.samples);
    const quiet = power(wav.samples, 2_200);
    for (const party of parties) assert.ok((level[party.name] ?? 0) > 20 * quiet, `the recording holds ${party.name}'s tone: ${JSON.stringify(level)} vs ${Math.round(quiet)}`);
  });
});
