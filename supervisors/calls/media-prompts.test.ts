/**
 * Prompts through the media port on a real media pool: found in the sounds folder and played on
 * the caller's leg, their end reported once, a stopped one never, a missing one at once.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMediaPool, type MediaPool, type MediaSessionId } from '../../media-workers/index.ts';
import { BARESIP_OFFER } from '../../transport/sip/sdp/testing/sample-descriptions.ts';
import { writeWav } from '../../test/support/wav-file.ts';
import { waitUntil } from '../../test/support/wait-until.ts';
import { createMediaPort, type MediaPort } from './media-port.ts';
import { createRtpPortAllocator } from './rtp-port-allocator.ts';

const TENANT = '5d0c1f0e-4b7a-4c55-9a43-1f6f0c2a7e01';
let pool: MediaPool;
let port: MediaPort;
let soundsDir: string;
const warnings: string[] = [];
const digits: string[] = [];

before(async () => {
  soundsDir = await mkdtemp(join(tmpdir(), 'media-prompts-'));
  await mkdir(join(soundsDir, TENANT, 'en_US'), { recursive: true });
  // 200 ms and 5 s of a quiet tone.
  const tone = (ms: number) => Int16Array.from({ length: ms * 8 }, (_, index) => Math.round(3000 * Math.sin((2 * Math.PI * 440 * index) / 8000)));
  await writeWav(join(soundsDir, TENANT, 'en_US', 'short.wav'), tone(200));
  await writeWav(join(soundsDir, 'long.wav'), tone(5000));
  pool = createMediaPool({ workers: 1, onEvent: (event) => port.onMediaEvent(event), bindAddress: '127.0.0.1', requestTimeoutMs: 15_000 });
  const start = 52_000 + 2 * Math.floor(Math.random() * 4000);
  port = createMediaPort({
    pool, allocator: createRtpPortAllocator({ start, end: start + 31 }), mediaAddress: '127.0.0.1',
    logger: { warn: (_fields: unknown, message: string) => void warnings.push(message), error: (_fields: unknown, message: string) => void warnings.push(message) },
    onReinviteAnswer: () => undefined, onReoffer: () => undefined, soundsDir,
    onDtmf: (callId, party, digit) => void digits.push(`${callId}:${party}:${digit}`),
  });
});
after(async () => {
  await pool.close();
  await rm(soundsDir, { recursive: true, force: true });
});

let calls = 0;
async function openCall(): Promise<string> {
  calls += 1;
  const callId = `prompts-${process.pid}-${calls}`;
  assert.equal((await port.open(callId, BARESIP_OFFER)).type, 'ok');
  return callId;
}

async function playingOnA(callId: string): Promise<unknown> {
  const reply = await pool.request({ type: 'session.snapshot', sessionId: callId as MediaSessionId });
  return reply.type === 'session.snapshot' ? reply.snapshot.legs[0].playing : undefined;
}

describe('media port prompts', () => {
  it("MUST play a prompt of the tenant's language folder on leg A and report its end once", async () => {
    const callId = await openCall();
    let finished = 0;
    port.play(callId, { playId: 1, sound: 'short', tenantUuid: TENANT, language: 'en_US' }, () => void (finished += 1));
    assert.ok(await waitUntil(async () => finished === 1));
    assert.equal(finished, 1);
    port.release(callId);
  });

  it('MUST count a prompt that cannot be found as finished at once, with a warning', async () => {
    const callId = await openCall();
    let finished = false;
    port.play(callId, { playId: 1, sound: 'nowhere', tenantUuid: TENANT, language: 'en_US' }, () => void (finished = true));
    assert.ok(await waitUntil(async () => finished));
    assert.ok(warnings.includes('prompt not found: it counts as played'));
    port.release(callId);
  });

  it('MUST stop a prompt on stopPlay and never report it', async () => {
    const callId = await openCall();
    let finished = false;
    port.play(callId, { playId: 4, sound: 'long', tenantUuid: TENANT, language: 'en_US' }, () => void (finished = true));
    assert.ok(await waitUntil(async () => (await playingOnA(callId)) !== undefined));
    port.stopPlay(callId, 4);
    assert.ok(await waitUntil(async () => (await playingOnA(callId)) === undefined));
    assert.equal(finished, false);
    port.release(callId);
  });

  it("MUST hand a digit of the caller's leg to the call as the caller's", async () => {
    const callId = await openCall();
    port.onMediaEvent({ type: 'leg.dtmf', sessionId: callId as MediaSessionId, leg: 'A', digit: '1', durationMs: 100 });
    assert.deepEqual(digits, [`${callId}:caller:1`]);
    port.release(callId);
  });
});
