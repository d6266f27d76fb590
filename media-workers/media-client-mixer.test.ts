import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeG711, encodeG711, G711_PAYLOAD_TYPES } from './codecs/g711.ts';
import type { G711Codec } from './codecs/g711.ts';
import { createMediaPool } from './media-client.ts';
import type { MediaPool } from './media-client.ts';
import type { MediaEvent, MediaSessionId, MixerId } from './media-protocol.ts';
import { near } from './testing/mixer-room.ts';
import { freeRtpPort, UdpPhone, waitUntil } from './testing/udp-phone.ts';

const directory = await mkdtemp(join(tmpdir(), 'media-pool-mixer-test-'));
const pools: MediaPool[] = [];
const phones: UdpPhone[] = [];
const speakers: NodeJS.Timeout[] = [];
after(async () => {
  for (const speaker of speakers) clearInterval(speaker);
  await Promise.all(pools.map((pool) => pool.close()));
  for (const phone of phones) phone.close();
  await rm(directory, { recursive: true, force: true });
});

function startPool(): { pool: MediaPool; events: MediaEvent[] } {
  const events: MediaEvent[] = [];
  const pool = createMediaPool({ workers: 2, onEvent: (event) => events.push(event), bindAddress: '127.0.0.1', requestTimeoutMs: 15_000, snapshotIntervalMs: 50 });
  pools.push(pool);
  return { pool, events };
}

type Member = { sessionId: MediaSessionId; codec: G711Codec; phoneA: UdpPhone; phoneB: UdpPhone; portA: number; portB: number };

async function createMember(pool: MediaPool, name: string, codec: G711Codec): Promise<Member> {
  const phoneA = await UdpPhone.open();
  const phoneB = await UdpPhone.open();
  phones.push(phoneA, phoneB);
  const sessionId = name as MediaSessionId;
  for (;;) {
    const portA = await freeRtpPort();
    const portB = await freeRtpPort();
    const reply = await pool.request({ type: 'session.create', sessionId, legs: [{ rtpPort: portA, remote: phoneA.address, codec }, { rtpPort: portB, remote: phoneB.address, codec: 'PCMA' }] });
    if (reply.type === 'session.created') return { sessionId, codec, phoneA, phoneB, portA, portB };
    assert.equal(reply.code, 'PBX_ERR_MEDIA_PORT_IN_USE');
  }
}

/** The SSRC of the stream the session sends to the member's phone on leg A (by relaying one packet from B). */
async function ssrcTowardsA(member: Member): Promise<number> {
  const before = member.phoneA.received.length;
  await member.phoneB.sendRtp({ payloadType: 8, sequenceNumber: 1, timestamp: 160, payload: encodeG711('PCMA', new Int16Array(160)) }, member.portB);
  await member.phoneA.waitFor(before + 1);
  return member.phoneA.rtpPackets().at(-1)?.ssrc ?? -1;
}

/** Makes the member's phone send a constant level every 20 ms. */
function speak(member: Member, value: number): void {
  let sequenceNumber = 100;
  const payload = encodeG711(member.codec, new Int16Array(160).fill(value));
  speakers.push(setInterval(() => {
    sequenceNumber += 1;
    void member.phoneA.sendRtp({ payloadType: G711_PAYLOAD_TYPES[member.codec], sequenceNumber, timestamp: sequenceNumber * 160, payload }, member.portA);
  }, 20));
}

/** Waits until the member's phone hears `expected` (the others' sum) in a packet received from now on. */
async function hears(member: Member, expected: number): Promise<void> {
  const from = member.phoneA.received.length;
  const level = (payload: Uint8Array): number => decodeG711(member.codec, payload).reduce((sum, sample) => sum + sample, 0) / 160;
  await waitUntil(() => member.phoneA.rtpPackets().slice(from).some((packet) => near(level(packet.payload), expected)), 5000, `${member.sessionId} hearing ${expected}`);
}

const ROOM = 'pool-room' as MixerId;

describe('media pool mixers', () => {
  it('MUST move three sessions of two workers onto the mixer’s worker when they join, keeping their SSRCs, and have them hear each other', async () => {
    const { pool } = startPool();
    await waitUntil(() => pool.readyWorkers === 2, 20_000, 'two workers booted');
    const members = [await createMember(pool, 'm-1', 'PCMA'), await createMember(pool, 'm-2', 'PCMU'), await createMember(pool, 'm-3', 'PCMA')];
    assert.equal(new Set(members.map((member) => pool.workerOf(member.sessionId))).size, 2);
    const ssrcs = await Promise.all(members.map(ssrcTowardsA));
    assert.equal((await pool.request({ type: 'mixer.create', mixerId: ROOM })).type, 'mixer.created');
    const joins = await Promise.all(members.map((member) => pool.request({ type: 'mixer.join', mixerId: ROOM, sessionId: member.sessionId })));
    assert.deepEqual(joins, [{ type: 'ok' }, { type: 'ok' }, { type: 'ok' }]);
    assert.deepEqual(members.map((member) => pool.workerOf(member.sessionId)), members.map(() => pool.workerOfMixer(ROOM)));
    members.forEach((member, index) => speak(member, [1000, 2000, 4000][index] ?? 0));
    await Promise.all(members.map((member, index) => hears(member, [6000, 5000, 3000][index] ?? 0)));
    assert.deepEqual(members.map((member) => member.phoneA.rtpPackets().at(-1)?.ssrc), ssrcs);
    assert.deepEqual(pool.mixerSnapshotOf(ROOM)?.members.map((member) => member.sessionId), ['m-1', 'm-2', 'm-3']);
  });

  it('when the mixer’s worker dies, MUST restore its members and the mixer on one live worker, report mixer.recovered and go on mixing and recording', async () => {
    const { pool, events } = startPool();
    await waitUntil(() => pool.readyWorkers === 2, 20_000, 'two workers booted');
    const members = [await createMember(pool, 'r-1', 'PCMA'), await createMember(pool, 'r-2', 'PCMU'), await createMember(pool, 'r-3', 'PCMA')];
    await pool.request({ type: 'mixer.create', mixerId: ROOM });
    for (const member of members) await pool.request({ type: 'mixer.join', mixerId: ROOM, sessionId: member.sessionId, muted: member.sessionId === 'r-3' });
    const file = join(directory, 'room.wav');
    assert.deepEqual(await pool.request({ type: 'mixer.record', mixerId: ROOM, file }), { type: 'ok' });
    members.forEach((member, index) => speak(member, [1000, 2000, 4000][index] ?? 0));
    await hears(members[2] as Member, 3000);
    const workerBefore = pool.workerOfMixer(ROOM);
    await pool.terminateWorkerOf(members[0]?.sessionId ?? ('' as MediaSessionId));
    await waitUntil(() => events.some((event) => event.type === 'mixer.recovered'), 20_000, 'mixer.recovered');
    assert.equal(events.filter((event) => event.type === 'session.recovered').length, 3);
    assert.notEqual(pool.workerOfMixer(ROOM), workerBefore);
    assert.deepEqual(members.map((member) => pool.workerOf(member.sessionId)), members.map(() => pool.workerOfMixer(ROOM)));
    assert.deepEqual(pool.mixerSnapshotOf(ROOM), { v: 1, mixerId: ROOM, members: [{ sessionId: 'r-1', muted: false }, { sessionId: 'r-2', muted: false }, { sessionId: 'r-3', muted: true }], recording: file });
    await Promise.all([hears(members[0] as Member, 2000), hears(members[1] as Member, 1000), hears(members[2] as Member, 3000)]);
    await pool.request({ type: 'mixer.stop_record', mixerId: ROOM });
    await waitUntil(() => events.some((event) => event.type === 'mixer.record_finished' && event.file === file), 5000, 'mixer.record_finished');
  });

  it('MUST keep a moved session’s playback, and relay its legs again on its new worker after mixer.leave', async () => {
    const { pool } = startPool();
    await waitUntil(() => pool.readyWorkers === 2, 20_000, 'two workers booted');
    const members = [await createMember(pool, 'p-1', 'PCMA'), await createMember(pool, 'p-2', 'PCMA')];
    await pool.request({ type: 'mixer.create', mixerId: ROOM });
    const mover = members.find((member) => pool.workerOf(member.sessionId) !== pool.workerOfMixer(ROOM));
    assert.ok(mover !== undefined);
    assert.deepEqual(await pool.request({ type: 'leg.play', sessionId: mover.sessionId, leg: 'B', mohClass: 'default' }), { type: 'ok' });
    assert.deepEqual(await pool.request({ type: 'mixer.join', mixerId: ROOM, sessionId: mover.sessionId }), { type: 'ok' });
    assert.equal(pool.workerOf(mover.sessionId), pool.workerOfMixer(ROOM));
    const music = mover.phoneB.received.length;
    await mover.phoneB.waitFor(music + 10);
    assert.deepEqual(pool.snapshotOf(mover.sessionId)?.legs[1].playing, { type: 'moh', mohClass: 'default', order: 'sequential' });
    assert.deepEqual(await pool.request({ type: 'mixer.leave', mixerId: ROOM, sessionId: mover.sessionId }), { type: 'ok' });
    await pool.request({ type: 'leg.stop_play', sessionId: mover.sessionId, leg: 'B' });
    const frame = encodeG711('PCMA', new Int16Array(160).fill(1234));
    await mover.phoneA.sendRtp({ payloadType: 8, sequenceNumber: 500, timestamp: 80_000, payload: frame }, mover.portA);
    await waitUntil(() => mover.phoneB.rtpPackets().some((packet) => Buffer.from(packet.payload).equals(frame)), 3000, 'A relayed to B again');
  });

  it('MUST refuse a session that is a member of another mixer, and forget a destroyed member', async () => {
    const { pool } = startPool();
    const member = await createMember(pool, 'a-1', 'PCMA');
    await pool.request({ type: 'mixer.create', mixerId: ROOM });
    await pool.request({ type: 'mixer.create', mixerId: 'other-room' as MixerId });
    const [first, second] = await Promise.all([
      pool.request({ type: 'mixer.join', mixerId: ROOM, sessionId: member.sessionId }),
      pool.request({ type: 'mixer.join', mixerId: 'other-room' as MixerId, sessionId: member.sessionId }),
    ]);
    assert.deepEqual([first.type, second.type === 'error' ? second.code : second.type], ['ok', 'PBX_ERR_MEDIA_ALREADY_MEMBER']);
    await pool.request({ type: 'session.destroy', sessionId: member.sessionId });
    assert.deepEqual(pool.mixerSnapshotOf(ROOM)?.members, []);
  });

  it('MUST refuse a malformed mixer command with PBX_ERR_MEDIA_INVALID_COMMAND and an unknown mixer with PBX_ERR_MEDIA_MIXER_NOT_FOUND', async () => {
    const { pool } = startPool();
    const malformed = await pool.request({ type: 'mixer.mute', mixerId: ROOM, sessionId: 'x' as MediaSessionId, muted: 'no' as unknown as boolean });
    const unknown = await pool.request({ type: 'mixer.play', mixerId: 'nowhere' as MixerId, file: '/tmp/x.wav' });
    assert.deepEqual([malformed.type === 'error' ? malformed.code : '', unknown.type === 'error' ? unknown.code : ''], ['PBX_ERR_MEDIA_INVALID_COMMAND', 'PBX_ERR_MEDIA_MIXER_NOT_FOUND']);
  });
});
