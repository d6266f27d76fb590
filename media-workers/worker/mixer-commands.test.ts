import { after, afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeG711, encodeG711 } from '../codecs/g711.ts';
import { writeWavFile } from '../recorder/wav-file.ts';
import { serializeTelephoneEvent } from '../rtp/telephone-event.ts';
import { concat, dtmfTone, frames, silence } from '../testing/dual-tone.ts';
import { level, MixerRoom, near, ROOM } from '../testing/mixer-room.ts';
import { waitUntil } from '../testing/udp-phone.ts';

const directory = await mkdtemp(join(tmpdir(), 'mixer-commands-test-'));
after(() => rm(directory, { recursive: true, force: true }));

let room: MixerRoom;
beforeEach(() => {
  room = new MixerRoom(directory);
});
afterEach(() => room.close());

describe('mixing', () => {
  it('MUST send each member the sum of the others’ frames, never its own, A-law and µ-law members together', async () => {
    const [first, second, third] = await room.open(['PCMA', 'PCMU', 'PCMA']);
    assert.ok(first !== undefined && second !== undefined && third !== undefined);
    await room.speak(first, level(1000));
    await room.speak(second, level(2000));
    await room.speak(third, level(4000));
    await room.tick();
    assert.deepEqual([room.heardLevel(first), room.heardLevel(second), room.heardLevel(third)].map((heard, index) => near(heard, [6000, 5000, 3000][index] ?? 0)), [true, true, true]);
    assert.deepEqual([room.lastPacket(first).payloadType, room.lastPacket(second).payloadType], [8, 0]);
  });

  it('MUST clip the sum to 16 bits', async () => {
    const [first, second, third] = await room.open(['PCMU', 'PCMU', 'PCMU']);
    assert.ok(first !== undefined && second !== undefined && third !== undefined);
    await room.speak(second, level(30000));
    await room.speak(third, level(30000));
    await room.tick();
    assert.ok(near(room.heardLevel(first), 32124), String(room.heardLevel(first)));
  });

  it('MUST continue the relay’s stream towards a member (same SSRC, next sequence number) with the marker bit on the first mixed packet', async () => {
    const [member] = await room.addSessions(['PCMA']);
    assert.ok(member !== undefined);
    await member.phoneB.sendRtp({ payloadType: 8, sequenceNumber: 7, timestamp: 160, payload: encodeG711('PCMA', level(500)) }, member.portB);
    await member.phoneA.waitFor(1);
    const relayed = room.lastPacket(member);
    await room.execute({ type: 'mixer.create', mixerId: ROOM });
    await room.execute({ type: 'mixer.join', mixerId: ROOM, sessionId: member.sessionId });
    await room.tick([member]);
    await room.tick([member]);
    const mixed = member.phoneA.rtpPackets().slice(1);
    assert.deepEqual(mixed.map((packet) => [packet.ssrc, packet.sequenceNumber, packet.marker]), [
      [relayed.ssrc, (relayed.sequenceNumber + 1) & 0xffff, true],
      [relayed.ssrc, (relayed.sequenceNumber + 2) & 0xffff, false],
    ]);
    assert.equal((mixed[1]?.timestamp ?? 0) - (mixed[0]?.timestamp ?? 0), 160);
  });

  it('MUST send silence every tick to a member alone and to a room where nobody speaks', async () => {
    const [alone] = await room.open(['PCMA']);
    assert.ok(alone !== undefined);
    await room.speak(alone, level(3000));
    await room.tick();
    await room.tick();
    assert.deepEqual(alone.phoneA.rtpPackets().map((packet) => [...packet.payload].every((byte) => byte === (encodeG711('PCMA', level(0))[0] ?? -1))), [true, true]);
  });

  it('MUST mix a member’s queued frames in order, one per tick, silence when it sent nothing', async () => {
    const [first, second] = await room.open(['PCMA', 'PCMA']);
    assert.ok(first !== undefined && second !== undefined);
    await room.speak(first, level(1000));
    await room.speak(first, level(2000));
    const heard: number[] = [];
    for (let tick = 0; tick < 3; tick += 1) {
      await room.tick();
      heard.push(room.heardLevel(second));
    }
    assert.deepEqual(heard.map((value, index) => near(value, [1000, 2000, 0][index] ?? -1)), [true, true, true]);
  });

  it('MUST not relay a member’s audio to its leg B, and still report its RFC 4733 digits', async () => {
    const [member] = await room.addSessions(['PCMA'], { telephoneEventPt: 101 });
    assert.ok(member !== undefined);
    await room.execute({ type: 'mixer.create', mixerId: ROOM });
    await room.execute({ type: 'mixer.join', mixerId: ROOM, sessionId: member.sessionId });
    await room.speak(member, level(1000));
    await room.speak(member, level(0), 101, serializeTelephoneEvent({ event: 5, end: true, volume: 10, duration: 800 }));
    assert.equal(member.phoneB.received.length, 0);
    assert.deepEqual(room.events.filter((event) => event.type === 'leg.dtmf'), [{ type: 'leg.dtmf', sessionId: member.sessionId, leg: 'A', digit: '5', durationMs: 100 }]);
  });

  it('MUST still report a key a member sends in-band, and relay nothing from its leg B to it but the mix', async () => {
    const [member] = await room.addSessions(['PCMU'], { inbandDtmf: true });
    assert.ok(member !== undefined);
    await room.execute({ type: 'mixer.create', mixerId: ROOM });
    await room.execute({ type: 'mixer.join', mixerId: ROOM, sessionId: member.sessionId });
    for (const frame of frames(concat(dtmfTone('7', 100), silence(100)))) await room.speak(member, frame);
    await member.phoneB.sendRtp({ payloadType: 8, sequenceNumber: 1, timestamp: 160, payload: encodeG711('PCMA', level(5000)) }, member.portB);
    const receivedOnB = async (): Promise<number> => {
      const reply = await room.execute({ type: 'session.snapshot', sessionId: member.sessionId });
      return reply.type === 'session.snapshot' ? reply.stats[1].received.packets : 0;
    };
    for (let attempt = 0; attempt < 3000 && (await receivedOnB()) === 0; attempt += 1) await new Promise((resolve) => setTimeout(resolve, 1));
    await room.tick([member]);
    assert.deepEqual(room.events.filter((event) => event.type === 'leg.dtmf').map((event) => event.type === 'leg.dtmf' && event.digit), ['7']);
    assert.deepEqual([member.phoneA.received.length, member.phoneB.received.length, near(room.heardLevel(member), 0)], [1, 0, true]);
  });

  it('after mixer.leave, MUST relay A↔B again and stop sending the mix', async () => {
    const [first, second] = await room.open(['PCMA', 'PCMA']);
    assert.ok(first !== undefined && second !== undefined);
    assert.deepEqual(await room.execute({ type: 'mixer.leave', mixerId: ROOM, sessionId: first.sessionId }), { type: 'ok' });
    await room.speak(first, level(1000));
    await first.phoneB.waitFor(1);
    const heardBefore = first.phoneA.received.length;
    await room.tick([second]);
    assert.deepEqual([first.phoneB.received.length, first.phoneA.received.length], [1, heardBefore]);
  });

  it('MUST take a destroyed session out of its mixer', async () => {
    const [first, second] = await room.open(['PCMA', 'PCMA']);
    assert.ok(first !== undefined && second !== undefined);
    await room.execute({ type: 'session.destroy', sessionId: first.sessionId });
    assert.equal((await room.execute({ type: 'mixer.leave', mixerId: ROOM, sessionId: first.sessionId })).type === 'error', true);
    await room.tick([second]);
  });
});

describe('mute', () => {
  it('MUST leave a muted member’s audio out of the mix while it still hears the others', async () => {
    const [first, second, third] = await room.open(['PCMA', 'PCMA', 'PCMA']);
    assert.ok(first !== undefined && second !== undefined && third !== undefined);
    assert.deepEqual(await room.execute({ type: 'mixer.mute', mixerId: ROOM, sessionId: first.sessionId, muted: true }), { type: 'ok' });
    await room.speak(first, level(4000));
    await room.speak(second, level(1000));
    await room.tick();
    assert.deepEqual([near(room.heardLevel(first), 1000), near(room.heardLevel(third), 1000)], [true, true]);
  });

  it('MUST let a member join muted', async () => {
    const [first, second] = await room.addSessions(['PCMA', 'PCMA']);
    assert.ok(first !== undefined && second !== undefined);
    await room.execute({ type: 'mixer.create', mixerId: ROOM });
    await room.execute({ type: 'mixer.join', mixerId: ROOM, sessionId: first.sessionId, muted: true });
    await room.execute({ type: 'mixer.join', mixerId: ROOM, sessionId: second.sessionId });
    await room.speak(first, level(4000));
    await room.tick();
    assert.ok(near(room.heardLevel(second), 0));
  });
});

describe('talk detection', () => {
  it('MUST report mixer.talk true after 160 ms of speech, on a muted member too', async () => {
    const [first, second] = await room.open(['PCMA', 'PCMA']);
    assert.ok(first !== undefined && second !== undefined);
    await room.execute({ type: 'mixer.mute', mixerId: ROOM, sessionId: first.sessionId, muted: true });
    const talks = (): unknown[] => room.events.filter((event) => event.type === 'mixer.talk');
    for (let tick = 1; tick <= 8; tick += 1) {
      await room.speak(first, level(1000));
      await room.tick();
      if (tick === 7) assert.deepEqual(talks(), []);
    }
    assert.deepEqual(talks(), [{ type: 'mixer.talk', mixerId: ROOM, sessionId: first.sessionId, talking: true }]);
  });

  it('MUST report mixer.talk false after 2500 ms without speech', async () => {
    const [first] = await room.open(['PCMA']);
    assert.ok(first !== undefined);
    for (let tick = 0; tick < 8; tick += 1) {
      await room.speak(first, level(1000));
      await room.tick();
    }
    room.clock.advanceTo(room.clock.nowMs() + 2480);
    const before = room.events.filter((event) => event.type === 'mixer.talk').length;
    room.clock.advanceTo(room.clock.nowMs() + 20);
    assert.deepEqual(room.events.filter((event) => event.type === 'mixer.talk').slice(before - 1), [
      { type: 'mixer.talk', mixerId: ROOM, sessionId: first.sessionId, talking: true },
      { type: 'mixer.talk', mixerId: ROOM, sessionId: first.sessionId, talking: false },
    ]);
  });
});

describe('leg.play on a member', () => {
  it('MUST play to that member instead of the mix while its audio still reaches the others, then give it the mix again with a marker', async () => {
    const [first, second] = await room.open(['PCMA', 'PCMA']);
    assert.ok(first !== undefined && second !== undefined);
    const prompt = join(directory, 'prompt.wav');
    await writeWavFile(prompt, new Int16Array(320).fill(7000));
    assert.deepEqual(await room.execute({ type: 'leg.play', sessionId: first.sessionId, leg: 'A', file: prompt }), { type: 'ok' });
    await room.speak(first, level(1000));
    await room.speak(second, level(2000));
    await room.tick();
    assert.deepEqual([near(room.heardLevel(first), 7000), near(room.heardLevel(second), 1000)], [true, true]);
    for (let tick = 0; tick < 3; tick += 1) await room.tick([second]);
    await waitUntil(() => room.events.some((event) => event.type === 'leg.play_finished') && first.phoneA.received.length >= 4, 3000, 'the mix again');
    const packets = first.phoneA.rtpPackets();
    const resumed = packets[packets.findLastIndex((packet) => near(decodeG711('PCMA', packet.payload)[0] ?? 0, 7000)) + 1];
    assert.deepEqual([resumed?.marker, near(decodeG711('PCMA', resumed?.payload ?? new Uint8Array(1))[0] ?? -1, 0)], [true, true]);
  });
});
