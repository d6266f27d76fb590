import { after, afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../clock.ts';
import { encodeG711 } from '../codecs/g711.ts';
import type { FromWorkerMessage, MediaCommand, MediaEvent, MediaSessionId, SessionSnapshot } from '../media-protocol.ts';
import { freeRtpPort, UdpPhone, waitUntil } from '../testing/udp-phone.ts';
import { SessionHost } from './session-host.ts';

const SESSION = 'consult-1' as MediaSessionId;
const mohDirectory = await mkdtemp(join(tmpdir(), 'media-consult-test-'));
after(() => rm(mohDirectory, { recursive: true, force: true }));

type Fixture = {
  host: SessionHost;
  events: MediaEvent[];
  snapshots: SessionSnapshot[];
  phones: { A: UdpPhone; B: UdpPhone; C: UdpPhone };
  ports: { A: number; B: number; C: number };
};
let fixture: Fixture;

beforeEach(async () => {
  const events: MediaEvent[] = [];
  const snapshots: SessionSnapshot[] = [];
  const post = (message: FromWorkerMessage): void => {
    if (message.type === 'event') events.push(message.event);
    if (message.type === 'snapshot') snapshots.push(message.snapshot);
  };
  const host = new SessionHost({ bindAddress: '127.0.0.1', mohDirectory, randomSeed: 1, snapshotIntervalMs: 1000 }, systemClock, post);
  const phones = { A: await UdpPhone.open(), B: await UdpPhone.open(), C: await UdpPhone.open() };
  const ports = { A: await freeRtpPort(), B: await freeRtpPort(), C: await freeRtpPort() };
  fixture = { host, events, snapshots, phones, ports };
  const created = await host.execute({
    type: 'session.create',
    sessionId: SESSION,
    legs: [
      { rtpPort: ports.A, remote: phones.A.address, codec: 'PCMA' },
      { rtpPort: ports.B, remote: phones.B.address, codec: 'PCMA' },
    ],
  });
  assert.equal(created.type, 'session.created');
});

afterEach(() => {
  fixture.host.closeAll();
  for (const phone of Object.values(fixture.phones)) phone.close();
});

function execute(command: MediaCommand): ReturnType<SessionHost['execute']> {
  return fixture.host.execute(command);
}

async function addConsult(): Promise<void> {
  const reply = await execute({ type: 'leg.add', sessionId: SESSION, leg: 'C', config: { rtpPort: fixture.ports.C, remote: fixture.phones.C.address, codec: 'PCMA' } });
  assert.deepEqual(reply, { type: 'leg.added', sessionId: SESSION, leg: 'C' });
}

function errorCode(reply: Awaited<ReturnType<SessionHost['execute']>>): string {
  return reply.type === 'error' ? reply.code : `no error (${reply.type})`;
}

/** Voice frames, each phone with its own constant sample so that who is heard can be told apart. */
const VOICE = { A: encodeG711('PCMA', new Int16Array(160).fill(1000)), B: encodeG711('PCMA', new Int16Array(160).fill(-2000)), C: encodeG711('PCMA', new Int16Array(160).fill(3000)) };
const sequences = { A: 100, B: 200, C: 300 };

/** `from` sends one voice frame to its leg's port. */
async function speak(from: 'A' | 'B' | 'C'): Promise<void> {
  sequences[from] += 1;
  await fixture.phones[from].sendRtp({ ssrc: 0x1000 + from.charCodeAt(0), sequenceNumber: sequences[from], timestamp: sequences[from] * 160, payload: VOICE[from] }, fixture.ports[from]);
}

/** How many frames of `speaker`'s voice `listener` received. */
function heard(listener: 'A' | 'B' | 'C', speaker: 'A' | 'B' | 'C'): number {
  return fixture.phones[listener].rtpPackets().filter((packet) => Buffer.from(packet.payload).equals(VOICE[speaker])).length;
}

/** Resolves once `listener` heard `count` frames of `speaker`, `speaker` sending one frame per try. */
async function untilHeard(listener: 'A' | 'B' | 'C', speaker: 'A' | 'B' | 'C', count = 1): Promise<void> {
  await speak(speaker);
  await waitUntil(() => heard(listener, speaker) >= count, 3000, `${listener} hearing ${speaker}`);
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => resolve(false));
    socket.bind({ port, address: '127.0.0.1', exclusive: true }, () => socket.close(() => resolve(true)));
  });
}

describe('consult leg C', () => {
  it('without a consult leg, MUST relay A↔B as before and leave consult and bridge out of the snapshot', async () => {
    await untilHeard('B', 'A');
    await untilHeard('A', 'B');
    const reply = await execute({ type: 'session.snapshot', sessionId: SESSION });
    assert.deepEqual(reply.type === 'session.snapshot' ? ['consult' in reply.snapshot, 'bridged' in reply.snapshot] : [], [false, false]);
  });

  it('once added, MUST stay outside the relay until bridged: A↔B goes on and C hears nothing', async () => {
    await addConsult();
    await speak('C');
    await untilHeard('B', 'A');
    await untilHeard('A', 'B');
    assert.deepEqual([fixture.phones.C.received.length, heard('A', 'C'), heard('B', 'C')], [0, 0, 0]);
  });

  it('bridged B↔C, MUST relay B to C and C to B, drop and count what A sends, and play music on hold to A', async () => {
    await addConsult();
    assert.deepEqual(await execute({ type: 'session.bridge', sessionId: SESSION, legs: ['B', 'C'] }), { type: 'ok' });
    assert.deepEqual(await execute({ type: 'leg.play', sessionId: SESSION, leg: 'A', mohClass: 'default' }), { type: 'ok' });
    await untilHeard('C', 'B');
    await untilHeard('B', 'C');
    const before = await execute({ type: 'session.snapshot', sessionId: SESSION });
    const droppedBefore = before.type === 'session.snapshot' ? before.stats[0].droppedPackets : -1;
    await speak('A');
    await speak('A');
    await waitUntil(() => fixture.phones.A.received.length >= 5, 3000, 'music on hold towards A');
    await untilHeard('C', 'B', 2);
    const afterwards = await execute({ type: 'session.snapshot', sessionId: SESSION });
    assert.equal(afterwards.type === 'session.snapshot' ? afterwards.stats[0].droppedPackets - droppedBefore : -1, 2);
    assert.deepEqual([heard('B', 'A'), heard('C', 'A'), heard('A', 'B'), heard('A', 'C')], [0, 0, 0, 0]);
    assert.deepEqual(fixture.snapshots.at(-1)?.bridged, ['B', 'C']);
  });

  it('promoted into B, MUST relay A with the former C, keep the SSRC and sequence of the stream A receives, and free the old B port', async () => {
    await addConsult();
    await untilHeard('A', 'B');
    await execute({ type: 'session.bridge', sessionId: SESSION, legs: ['B', 'C'] });
    await untilHeard('B', 'C');
    const reply = await execute({ type: 'leg.promote', sessionId: SESSION, from: 'C', into: 'B' });
    assert.deepEqual(reply.type === 'leg.promoted' ? [reply.stats.received.packets >= 1, reply.stats.sentPackets >= 1] : [], [true, true]);
    await untilHeard('A', 'C', 1);
    await untilHeard('C', 'A', 1);
    await untilHeard('A', 'C', 2);
    const towardsA = fixture.phones.A.rtpPackets();
    const sequenceSteps = towardsA.slice(1).map((packet, index) => (packet.sequenceNumber - (towardsA[index]?.sequenceNumber ?? 0)) & 0xffff);
    assert.equal(new Set(towardsA.map((packet) => packet.ssrc)).size, 1, 'one SSRC towards A');
    assert.deepEqual(sequenceSteps, sequenceSteps.map(() => 1), 'the sequence towards A goes on');
    assert.equal(towardsA[1]?.marker, true, 'the change of source is marked');
    assert.equal(await canBind(fixture.ports.B), true, 'the old B port is closed');
    const snapshot = fixture.snapshots.at(-1);
    assert.deepEqual([snapshot?.legs[1].config.rtpPort, snapshot !== undefined && 'consult' in snapshot, snapshot !== undefined && 'bridged' in snapshot], [fixture.ports.C, false, false]);
  });

  it('removed, MUST relay A↔B again, report C’s counters and free its port', async () => {
    await addConsult();
    await execute({ type: 'session.bridge', sessionId: SESSION, legs: ['A', 'C'] });
    await untilHeard('C', 'A');
    const reply = await execute({ type: 'leg.remove', sessionId: SESSION, leg: 'C' });
    assert.deepEqual(reply.type === 'leg.removed' ? reply.stats.sentPackets : -1, 1);
    await untilHeard('B', 'A');
    await untilHeard('A', 'B');
    assert.equal(await canBind(fixture.ports.C), true);
  });

  it('MUST name C in its events, and by its new slot once promoted', async () => {
    await execute({ type: 'leg.add', sessionId: SESSION, leg: 'C', config: { rtpPort: fixture.ports.C, codec: 'PCMA' } });
    await speak('C');
    await waitUntil(() => fixture.events.some((event) => event.type === 'leg.latched' && event.leg === 'C'), 3000, 'C latched');
    const file = join(mohDirectory, 'short.alaw');
    await writeFile(file, encodeG711('PCMA', new Int16Array(1600)));
    assert.deepEqual(await execute({ type: 'leg.play', sessionId: SESSION, leg: 'C', file }), { type: 'ok' });
    await execute({ type: 'leg.promote', sessionId: SESSION, from: 'C', into: 'A' });
    await waitUntil(() => fixture.events.some((event) => event.type === 'leg.play_finished'), 3000, 'play finished');
    assert.deepEqual(fixture.events.filter((event) => event.type === 'leg.play_finished'), [{ type: 'leg.play_finished', sessionId: SESSION, leg: 'A' }]);
  });

  it('MUST accept update, stop_play and DTMF on C while it exists', async () => {
    await addConsult();
    const replies = [
      await execute({ type: 'session.update', sessionId: SESSION, leg: 'C', codec: 'PCMU', telephoneEventPt: 101 }),
      await execute({ type: 'leg.stop_play', sessionId: SESSION, leg: 'C' }),
      await execute({ type: 'leg.dtmf', sessionId: SESSION, leg: 'C', digits: '1' }),
    ];
    assert.deepEqual(replies, [{ type: 'ok' }, { type: 'ok' }, { type: 'ok' }]);
    assert.equal(fixture.snapshots.at(-1)?.consult?.config.codec, 'PCMU');
  });
});

describe('invalid consult commands', () => {
  it('MUST answer each with its failure value and keep serving the session', async () => {
    const config = { rtpPort: fixture.ports.C, codec: 'PCMA' } as const;
    const withoutC = [
      await execute({ type: 'session.bridge', sessionId: SESSION, legs: ['A', 'C'] }),
      await execute({ type: 'leg.promote', sessionId: SESSION, from: 'C', into: 'B' }),
      await execute({ type: 'leg.remove', sessionId: SESSION, leg: 'C' }),
      await execute({ type: 'leg.play', sessionId: SESSION, leg: 'C', mohClass: 'default' }),
      await execute({ type: 'session.update', sessionId: SESSION, leg: 'C', codec: 'PCMU' }),
      await execute({ type: 'leg.dtmf', sessionId: SESSION, leg: 'C', digits: '1' }),
      await execute({ type: 'leg.add', sessionId: SESSION, leg: 'C', config: { ...config, rtpPort: fixture.ports.B } }),
    ];
    assert.deepEqual(withoutC.map(errorCode), [...Array.from({ length: 6 }, () => 'PBX_ERR_MEDIA_LEG_NOT_FOUND'), 'PBX_ERR_MEDIA_INVALID_COMMAND']);
    const [first, second] = await Promise.all([execute({ type: 'leg.add', sessionId: SESSION, leg: 'C', config }), execute({ type: 'leg.add', sessionId: SESSION, leg: 'C', config: { ...config, rtpPort: config.rtpPort + 2 } })]);
    assert.deepEqual([first.type, errorCode(second)], ['leg.added', 'PBX_ERR_MEDIA_LEG_EXISTS']);
    const malformed = [
      await execute({ type: 'leg.promote', sessionId: SESSION, from: 'C', into: 'C' as 'A' }),
      await execute({ type: 'leg.promote', sessionId: SESSION, from: 'A' as 'C', into: 'B' }),
      await execute({ type: 'session.bridge', sessionId: SESSION, legs: ['C', 'C'] as unknown as ['A', 'C'] }),
      await execute({ type: 'session.bridge', sessionId: SESSION, legs: ['A', 'D'] as unknown as ['A', 'C'] }),
      await execute({ type: 'leg.add', sessionId: SESSION, leg: 'B' as 'C', config }),
      await execute({ type: 'leg.remove', sessionId: SESSION, leg: 'A' as 'C' }),
    ];
    assert.deepEqual(malformed.map(errorCode), Array.from({ length: 6 }, () => 'PBX_ERR_MEDIA_INVALID_COMMAND'));
    await untilHeard('B', 'A');
    await untilHeard('A', 'B');
  });

  it('MUST answer PBX_ERR_MEDIA_PORT_IN_USE when C’s port is bound already, and leave the session without C', async () => {
    const squatter = await UdpPhone.open(fixture.ports.C);
    try {
      const reply = await execute({ type: 'leg.add', sessionId: SESSION, leg: 'C', config: { rtpPort: fixture.ports.C, codec: 'PCMA' } });
      assert.equal(errorCode(reply), 'PBX_ERR_MEDIA_PORT_IN_USE');
      assert.equal(errorCode(await execute({ type: 'leg.remove', sessionId: SESSION, leg: 'C' })), 'PBX_ERR_MEDIA_LEG_NOT_FOUND');
    } finally {
      squatter.close();
    }
  });

  it('MUST cancel a consult leg removed while its port is being bound, freeing the port', async () => {
    const adding = execute({ type: 'leg.add', sessionId: SESSION, leg: 'C', config: { rtpPort: fixture.ports.C, codec: 'PCMA' } });
    const removed = await execute({ type: 'leg.remove', sessionId: SESSION, leg: 'C' });
    assert.deepEqual([errorCode(removed), errorCode(await adding)], ['PBX_ERR_MEDIA_LEG_NOT_FOUND', 'PBX_ERR_MEDIA_LEG_NOT_FOUND']);
    assert.equal(await canBind(fixture.ports.C), true);
    await addConsult();
  });
});
