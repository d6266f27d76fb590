/**
 * `leg.record` on a real session over UDP: what leg A's phone sends is written as WAV until `#`
 * (RFC 4733), the session's end, or a bad command is refused.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import wavefilePackage from 'wavefile';
import { systemClock } from '../clock.ts';
import { encodeG711 } from '../codecs/g711.ts';
import { goertzelCoefficient, goertzelPower } from '../detectors/goertzel.ts';
import type { FromWorkerMessage, MediaEvent, MediaSessionId } from '../media-protocol.ts';
import { serializeTelephoneEvent } from '../rtp/telephone-event.ts';
import { frames, tones } from '../testing/dual-tone.ts';
import { freeRtpPort, UdpPhone, waitUntil } from '../testing/udp-phone.ts';
import { SessionHost } from './session-host.ts';

const { WaveFile } = wavefilePackage;
const SESSION = 'record-1' as MediaSessionId;
const directory = await mkdtemp(join(tmpdir(), 'record-command-test-'));
after(() => rm(directory, { recursive: true, force: true, maxRetries: 10 }));

let host: SessionHost;
let events: MediaEvent[];
let phoneA: UdpPhone;
let portA: number;

beforeEach(async () => {
  events = [];
  const post = (message: FromWorkerMessage): void => {
    if (message.type === 'event') events.push(message.event);
  };
  host = new SessionHost({ bindAddress: '127.0.0.1', mohDirectory: directory, randomSeed: 1, snapshotIntervalMs: 1000 }, systemClock, post);
  phoneA = await UdpPhone.open();
  portA = await freeRtpPort();
  const portB = await freeRtpPort();
  await host.execute({
    type: 'session.create', sessionId: SESSION,
    legs: [{ rtpPort: portA, remote: phoneA.address, codec: 'PCMA', telephoneEventPt: 101 }, { rtpPort: portB, codec: 'PCMA' }],
  });
});

afterEach(() => {
  host.closeAll();
  phoneA.close();
});

async function sendTone(durationMs: number): Promise<void> {
  const parts = frames(tones([[1000, 0.3]], durationMs));
  for (const [index, part] of parts.entries()) await phoneA.sendRtp({ payloadType: 8, sequenceNumber: 10 + index, timestamp: 160 * index, payload: encodeG711('PCMA', part) }, portA);
}

const finished = () => events.find((event) => event.type === 'leg.record_finished');

describe('leg.record', () => {
  it('MUST write what leg A sends as WAV until #, and report leg.record_finished with the duration', async () => {
    const file = join(directory, 'digit.wav');
    assert.deepEqual(await host.execute({ type: 'leg.record', sessionId: SESSION, leg: 'A', file, maxDurationMs: 60_000 }), { type: 'ok' });
    await sendTone(400);
    const end = serializeTelephoneEvent({ event: 11, end: true, volume: 10, duration: 800 });
    await phoneA.sendRtp({ payloadType: 101, sequenceNumber: 500, timestamp: 90_000, payload: end }, portA);
    await waitUntil(() => finished() !== undefined, 3000, 'leg.record_finished');
    assert.deepEqual(finished(), { type: 'leg.record_finished', sessionId: SESSION, leg: 'A', file, durationMs: 400, reason: 'digit' });
    const samples = new WaveFile(await readFile(file)).getSamples(false, Int16Array) as unknown as Int16Array;
    const at = (hz: number) => goertzelPower(samples, 800, 800, goertzelCoefficient(hz, 8000));
    assert.ok(samples.length === 3200 && at(1000) > 100 * at(1400));
  });

  it('MUST keep the recording when the session ends (the caller hung up)', async () => {
    const file = join(directory, 'hangup.wav');
    await host.execute({ type: 'leg.record', sessionId: SESSION, leg: 'A', file, maxDurationMs: 60_000 });
    await sendTone(200);
    await host.execute({ type: 'session.destroy', sessionId: SESSION });
    await waitUntil(() => finished() !== undefined, 3000, 'leg.record_finished');
    const event = finished();
    assert.equal(event?.type === 'leg.record_finished' ? event.reason : '', 'hangup');
  });

  it('MUST refuse a relative path, a bad maximum and a second recording on the same leg', async () => {
    const code = async (command: Parameters<SessionHost['execute']>[0]) => {
      const reply = await host.execute(command);
      return reply.type === 'error' ? reply.code : reply.type;
    };
    assert.equal(await code({ type: 'leg.record', sessionId: SESSION, leg: 'A', file: 'relative.wav', maxDurationMs: 1000 }), 'PBX_ERR_MEDIA_INVALID_COMMAND');
    assert.equal(await code({ type: 'leg.record', sessionId: SESSION, leg: 'A', file: join(directory, 'x.wav'), maxDurationMs: 0 }), 'PBX_ERR_MEDIA_INVALID_COMMAND');
    assert.equal(await code({ type: 'leg.record', sessionId: SESSION, leg: 'A', file: join(directory, 'y.wav'), maxDurationMs: 1000 }), 'ok');
    assert.equal(await code({ type: 'leg.record', sessionId: SESSION, leg: 'A', file: join(directory, 'z.wav'), maxDurationMs: 1000 }), 'PBX_ERR_MEDIA_INVALID_COMMAND');
    assert.equal(await code({ type: 'leg.stop_record', sessionId: SESSION, leg: 'A' }), 'ok');
    await waitUntil(() => finished() !== undefined, 3000, 'leg.record_finished');
  });
});
