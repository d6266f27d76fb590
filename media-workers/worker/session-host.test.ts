import { after, afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../clock.ts';
import { decodeG711, encodeG711 } from '../codecs/g711.ts';
import type { FromWorkerMessage, LegConfig, MediaEvent, MediaSessionId } from '../media-protocol.ts';
import { serializeTelephoneEvent } from '../rtp/telephone-event.ts';
import { concat, dtmfTone, frames, silence } from '../testing/dual-tone.ts';
import { freeRtpPort, UdpPhone, waitUntil } from '../testing/udp-phone.ts';
import { SessionHost } from './session-host.ts';

const SESSION = 'session-1' as MediaSessionId;
const mohDirectory = await mkdtemp(join(tmpdir(), 'media-host-test-'));
after(() => rm(mohDirectory, { recursive: true, force: true }));

type Fixture = { host: SessionHost; events: MediaEvent[]; phoneA: UdpPhone; phoneB: UdpPhone; portA: number; portB: number };
let fixture: Fixture;

beforeEach(async () => {
  const events: MediaEvent[] = [];
  const post = (message: FromWorkerMessage): void => {
    if (message.type === 'event') events.push(message.event);
  };
  const host = new SessionHost({ bindAddress: '127.0.0.1', mohDirectory, randomSeed: 1, snapshotIntervalMs: 1000 }, systemClock, post);
  fixture = { host, events, phoneA: await UdpPhone.open(), phoneB: await UdpPhone.open(), portA: await freeRtpPort(), portB: await freeRtpPort() };
});

afterEach(() => {
  fixture.host.closeAll();
  fixture.phoneA.close();
  fixture.phoneB.close();
});

async function createSession(legA: Partial<LegConfig> = {}, legB: Partial<LegConfig> = {}): Promise<void> {
  const reply = await fixture.host.execute({
    type: 'session.create',
    sessionId: SESSION,
    legs: [
      { rtpPort: fixture.portA, remote: fixture.phoneA.address, codec: 'PCMA', ...legA },
      { rtpPort: fixture.portB, remote: fixture.phoneB.address, codec: 'PCMA', ...legB },
    ],
  });
  assert.equal(reply.type, 'session.created');
}

const TONE = Int16Array.from({ length: 160 }, (_, index) => Math.round(8000 * Math.sin((2 * Math.PI * 1000 * index) / 8000)));

async function sendFrames(phone: UdpPhone, port: number, count: number, payloadType = 8, payload = encodeG711('PCMA', TONE)): Promise<void> {
  for (let index = 0; index < count; index += 1) await phone.sendRtp({ payloadType, sequenceNumber: 100 + index, timestamp: 8000 + 160 * index, payload }, port);
}

describe('media session relay over UDP', () => {
  it('MUST relay A→B with the payload intact and headers rewritten onto B’s stream', async () => {
    await createSession();
    await sendFrames(fixture.phoneA, fixture.portA, 5);
    await fixture.phoneB.waitFor(5);
    const packets = fixture.phoneB.rtpPackets();
    const steps = packets.slice(1).map((packet, index) => [(packet.sequenceNumber - (packets[index]?.sequenceNumber ?? 0)) & 0xffff, packet.timestamp - (packets[index]?.timestamp ?? 0)]);
    assert.deepEqual(steps, [[1, 160], [1, 160], [1, 160], [1, 160]]);
    assert.ok(packets.every((packet) => packet.ssrc !== 0x0a0b0c0d && Buffer.from(packet.payload).equals(encodeG711('PCMA', TONE))));
  });

  it('MUST relay B→A', async () => {
    await createSession();
    await sendFrames(fixture.phoneB, fixture.portB, 3);
    await fixture.phoneA.waitFor(3);
    assert.equal(fixture.phoneA.rtpPackets().length, 3);
  });

  it('MUST transcode A-law to µ-law so that B decodes the same audio within G.711 quantisation', async () => {
    await createSession({ codec: 'PCMA' }, { codec: 'PCMU' });
    await sendFrames(fixture.phoneA, fixture.portA, 1);
    await fixture.phoneB.waitFor(1);
    const packet = fixture.phoneB.rtpPackets()[0];
    const sent = decodeG711('PCMA', encodeG711('PCMA', TONE));
    const heard = decodeG711('PCMU', packet?.payload ?? new Uint8Array());
    const worst = Math.max(...sent.map((sample, index) => Math.abs(sample - (heard[index] ?? 0)) / Math.max(32, Math.abs(sample) / 8)));
    assert.deepEqual([packet?.payloadType, worst <= 1], [0, true]);
  });

  it('MUST latch a leg without SDP address to the first packet’s source and report it', async () => {
    await createSession({}, { remote: { address: '127.0.0.1', port: 9 } });
    await sendFrames(fixture.phoneB, fixture.portB, 1);
    await waitUntil(() => fixture.events.some((event) => event.type === 'leg.latched'), 3000, 'leg.latched');
    await sendFrames(fixture.phoneA, fixture.portA, 2);
    await fixture.phoneB.waitFor(2);
    assert.deepEqual(fixture.events.find((event) => event.type === 'leg.latched'), { type: 'leg.latched', sessionId: SESSION, leg: 'B', remote: fixture.phoneB.address });
  });

  it('MUST map the telephone-event payload type across legs and report the digit', async () => {
    await createSession({ telephoneEventPt: 101 }, { telephoneEventPt: 96 });
    const end = serializeTelephoneEvent({ event: 11, end: true, volume: 10, duration: 960 });
    for (let index = 0; index < 3; index += 1) await fixture.phoneA.sendRtp({ payloadType: 101, sequenceNumber: 50 + index, timestamp: 4000, payload: end }, fixture.portA);
    await fixture.phoneB.waitFor(3);
    assert.deepEqual(fixture.phoneB.rtpPackets().map((packet) => packet.payloadType), [96, 96, 96]);
    assert.deepEqual(fixture.events.filter((event) => event.type === 'leg.dtmf'), [{ type: 'leg.dtmf', sessionId: SESSION, leg: 'A', digit: '#', durationMs: 120 }]);
  });

  it('MUST answer PBX_ERR_MEDIA_PORT_IN_USE when a port is taken, and keep running', async () => {
    await createSession();
    const reply = await fixture.host.execute({ type: 'session.create', sessionId: 'session-2' as MediaSessionId, legs: [{ rtpPort: fixture.portA, codec: 'PCMA' }, { rtpPort: fixture.portA + 2, codec: 'PCMA' }] });
    assert.deepEqual([reply.type, reply.type === 'error' ? reply.code : ''], ['error', 'PBX_ERR_MEDIA_PORT_IN_USE']);
  });

  it('MUST refuse an odd RTP port as an invalid command', async () => {
    const reply = await fixture.host.execute({ type: 'session.create', sessionId: SESSION, legs: [{ rtpPort: 20001, codec: 'PCMA' }, { rtpPort: 20004, codec: 'PCMA' }] });
    assert.equal(reply.type === 'error' ? reply.code : '', 'PBX_ERR_MEDIA_INVALID_COMMAND');
  });
});

describe('session lifetime', () => {
  it('MUST free the ports of a session destroyed while it was still being created', async () => {
    const legs = [{ rtpPort: fixture.portA, codec: 'PCMA' }, { rtpPort: fixture.portB, codec: 'PCMA' }] as const;
    const creating = fixture.host.execute({ type: 'session.create', sessionId: SESSION, legs });
    await fixture.host.execute({ type: 'session.destroy', sessionId: SESSION });
    await creating;
    const again = await fixture.host.execute({ type: 'session.create', sessionId: SESSION, legs });
    assert.equal(again.type, 'session.created');
  });

  it('MUST report final counters when a session is destroyed', async () => {
    await createSession();
    await sendFrames(fixture.phoneA, fixture.portA, 2);
    await fixture.phoneB.waitFor(2);
    const reply = await fixture.host.execute({ type: 'session.destroy', sessionId: SESSION });
    assert.deepEqual(reply.type === 'session.destroyed' ? [reply.stats[0].received.packets, reply.stats[1].sentPackets] : [], [2, 2]);
  });
});

describe('hostile commands', () => {
  it('MUST refuse a leg that is not A, B or C as an invalid command', async () => {
    await createSession();
    const reply = await fixture.host.execute({ type: 'leg.stop_play', sessionId: SESSION, leg: 'D' as 'A' });
    assert.equal(reply.type === 'error' ? reply.code : '', 'PBX_ERR_MEDIA_INVALID_COMMAND');
  });

  it('MUST refuse a remote address that is not an IP literal', async () => {
    await createSession();
    const reply = await fixture.host.execute({ type: 'session.update', sessionId: SESSION, leg: 'A', remote: { address: 'phone.example.com', port: 4000 } });
    assert.equal(reply.type === 'error' ? reply.code : '', 'PBX_ERR_MEDIA_INVALID_COMMAND');
  });

  it('MUST refuse an inbandDtmf that is not a boolean', async () => {
    await createSession();
    const reply = await fixture.host.execute({ type: 'session.update', sessionId: SESSION, leg: 'A', inbandDtmf: 'yes' as unknown as boolean });
    assert.equal(reply.type === 'error' ? reply.code : '', 'PBX_ERR_MEDIA_INVALID_COMMAND');
  });
});

describe('in-band DTMF switched on by session.update', () => {
  it('MUST report a key sent in-band by leg B once inbandDtmf is on, and not before', async () => {
    await createSession();
    const send = async (firstSequence: number): Promise<void> => {
      for (const [index, frame] of frames(concat(dtmfTone('9', 100), silence(100))).entries()) {
        await fixture.phoneB.sendRtp({ payloadType: 8, sequenceNumber: firstSequence + index, timestamp: 160 * (firstSequence + index), payload: encodeG711('PCMA', frame) }, fixture.portB);
      }
    };
    await send(1);
    await fixture.phoneA.waitFor(10);
    assert.deepEqual(fixture.events.filter((event) => event.type === 'leg.dtmf'), []);
    assert.deepEqual(await fixture.host.execute({ type: 'session.update', sessionId: SESSION, leg: 'B', inbandDtmf: true }), { type: 'ok' });
    await send(11);
    await waitUntil(() => fixture.events.some((event) => event.type === 'leg.dtmf'), 3000, 'leg.dtmf');
    assert.deepEqual(fixture.events.filter((event) => event.type === 'leg.dtmf').map((event) => event.type === 'leg.dtmf' && [event.leg, event.digit]), [['B', '9']]);
  });
});

describe('playback into a leg', () => {
  it('MUST send 20 ms packets whose timestamps step by 160 per sequence number, never faster than real time', async () => {
    await createSession();
    const file = join(mohDirectory, 'prompt.alaw');
    await writeFile(file, encodeG711('PCMA', new Int16Array(8000)));
    assert.deepEqual(await fixture.host.execute({ type: 'leg.play', sessionId: SESSION, leg: 'A', file }), { type: 'ok' });
    await fixture.phoneA.waitFor(26);
    const packets = fixture.phoneA.rtpPackets().slice(0, 26);
    const steps = packets.slice(1).map((packet, index) => {
      const sequenceStep = (packet.sequenceNumber - (packets[index]?.sequenceNumber ?? 0)) & 0xffff;
      return sequenceStep >= 1 && packet.timestamp - (packets[index]?.timestamp ?? 0) === 160 * sequenceStep;
    });
    // A loaded machine may stall the worker: the pacer then skips frames (a sequence gap) but never bursts ahead.
    const elapsedMs = (fixture.phoneA.received[25]?.atMs ?? 0) - (fixture.phoneA.received[0]?.atMs ?? 0);
    assert.deepEqual(steps, steps.map(() => true));
    assert.ok(elapsedMs >= 25 * 20 - 3 * 20 - 10, `25 frame periods took ${elapsedMs} ms`);
  });

  it('MUST replace the relayed audio towards the playing leg', async () => {
    await createSession();
    assert.deepEqual(await fixture.host.execute({ type: 'leg.play', sessionId: SESSION, leg: 'A', mohClass: 'default' }), { type: 'ok' });
    const spoken = encodeG711('PCMA', TONE);
    await sendFrames(fixture.phoneB, fixture.portB, 10, 8, spoken);
    await fixture.phoneA.waitFor(10);
    assert.ok(fixture.phoneA.rtpPackets().every((packet) => !Buffer.from(packet.payload).equals(spoken)));
  });

  it('MUST generate the default music-on-hold class as a WAV file on first use', async () => {
    await createSession();
    await fixture.host.execute({ type: 'leg.play', sessionId: SESSION, leg: 'B', mohClass: 'default' });
    assert.deepEqual(await readdir(join(mohDirectory, 'default')), ['soft-tones.wav']);
  });

  it('MUST answer PBX_ERR_MEDIA_SOUND_FILE_UNREADABLE for a missing file', async () => {
    await createSession();
    const reply = await fixture.host.execute({ type: 'leg.play', sessionId: SESSION, leg: 'A', file: join(mohDirectory, 'missing.wav') });
    assert.equal(reply.type === 'error' ? reply.code : '', 'PBX_ERR_MEDIA_SOUND_FILE_UNREADABLE');
  });

  it('MUST refuse a music-on-hold class name that could leave the MOH directory', async () => {
    await createSession();
    const reply = await fixture.host.execute({ type: 'leg.play', sessionId: SESSION, leg: 'A', mohClass: '../etc' });
    assert.equal(reply.type === 'error' ? reply.code : '', 'PBX_ERR_MEDIA_INVALID_COMMAND');
  });
});
