import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call } from '../../actors/index.ts';
import { createMediaPool, type LegSnapshot, type MediaPool, type MediaSessionId } from '../../media-workers/index.ts';
import { BARESIP_HOLD_REOFFER, BARESIP_OFFER, sdp as sdpLines } from '../../transport/sip/sdp/testing/sample-descriptions.ts';
import { createMediaPort, type MediaPort, type ReinviteAnswer } from './media-port.ts';
import { createRtpPortAllocator, type RtpPortAllocator } from './rtp-port-allocator.ts';

let pool: MediaPool;
let mohDirectory: string;
before(async () => {
  mohDirectory = await mkdtemp(join(tmpdir(), 'media-port-moh-'));
  pool = createMediaPool({ workers: 1, onEvent: () => undefined, bindAddress: '127.0.0.1', mohDirectory, requestTimeoutMs: 15_000 });
});
after(async () => {
  await pool.close();
  await rm(mohDirectory, { recursive: true, force: true });
});

interface Harness {
  readonly port: MediaPort;
  readonly allocator: RtpPortAllocator;
  readonly answers: { callId: string; channelId: string; answer: ReinviteAnswer }[];
  readonly reoffers: { callId: string; channelId: string; offerSdp: string }[];
  readonly warnings: string[];
}

/** A port over the shared pool with its own slice of a high port range. */
function harness(pairs = 8): Harness {
  const start = 50_000 + 2 * Math.floor(Math.random() * 7000);
  const allocator = createRtpPortAllocator({ start, end: start + 4 * pairs - 1 });
  const answers: Harness['answers'] = [];
  const warnings: string[] = [];
  const logger = { warn: (_fields: unknown, message: string) => warnings.push(message), error: (_fields: unknown, message: string) => warnings.push(message) };
  const reoffers: Harness['reoffers'] = [];
  const port = createMediaPort({
    pool, allocator, mediaAddress: '127.0.0.1', logger,
    onReinviteAnswer: (callId, channelId, answer) => answers.push({ callId, channelId, answer }),
    onReoffer: (callId, channelId, offerSdp) => reoffers.push({ callId, channelId, offerSdp }),
    soundsDir: tmpdir(), onDtmf: () => undefined,
  });
  return { port, allocator, answers, reoffers, warnings };
}

let callCount = 0;
async function openCall(test: Harness, offer = BARESIP_OFFER): Promise<string> {
  callCount += 1;
  const callId = `media-port-${process.pid}-${callCount}`;
  const opened = await test.port.open(callId, offer);
  assert.equal(opened.type, 'ok', JSON.stringify(opened));
  return callId;
}

async function legs(callId: string): Promise<readonly [LegSnapshot, LegSnapshot]> {
  const reply = await pool.request({ type: 'session.snapshot', sessionId: callId as MediaSessionId });
  assert.equal(reply.type, 'session.snapshot');
  return reply.type === 'session.snapshot' ? reply.snapshot.legs : assert.fail('no snapshot');
}

async function eventually(condition: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = performance.now() + 5000;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const CALLEE_ANSWER = sdpLines('v=0', 'o=- 5 5 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 7000 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000');

describe('media port', () => {
  it('MUST open a session whose leg A sends to the caller stream and leg B waits for the callee', async () => {
    const callId = await openCall(harness());
    const [legA, legB] = await legs(callId);
    assert.deepEqual([legA.config.remote, legA.config.codec, legB.config.remote], [{ address: '192.0.2.10', port: 10354 }, 'PCMA', undefined]);
  });

  it('MUST refuse an offer without G.711 with 488 and hold no port', async () => {
    const test = harness();
    const offer = sdpLines('v=0', 'o=- 1 1 IN IP4 192.0.2.1', 's=-', 'c=IN IP4 192.0.2.1', 't=0 0', 'm=audio 5000 RTP/AVP 18');
    const opened = await test.port.open('media-port-g729', offer);
    assert.deepEqual([opened.type === 'rejected' ? opened.status : 0, test.allocator.inUse()], [488, 0]);
  });

  it('MUST refuse with 503 when the port range is exhausted', async () => {
    const test = harness(1);
    await openCall(test);
    const opened = await test.port.open('media-port-no-port', BARESIP_OFFER);
    assert.equal(opened.type === 'rejected' ? opened.status : 0, 503);
  });

  it('MUST point leg B at the callee answer on connectCallee', async () => {
    const test = harness();
    const callId = await openCall(test);
    test.port.connectCallee(callId, 'channel-b', CALLEE_ANSWER);
    await eventually(async () => (await legs(callId))[1].config.remote?.port === 7000, 'leg B re-pointed');
    assert.equal((await legs(callId))[1].config.codec, 'PCMU');
  });

  it('MUST play the default music on hold on the held party leg and stop it on resume', async () => {
    const test = harness();
    const callId = await openCall(test);
    test.port.hold(callId, 'callee', true, 'channel-b', call.DEFAULT_MUSIC_ON_HOLD);
    await eventually(async () => (await legs(callId))[1].playing?.type === 'moh', 'music on hold on leg B');
    test.port.hold(callId, 'callee', false, 'channel-b', call.DEFAULT_MUSIC_ON_HOLD);
    await eventually(async () => (await legs(callId))[1].playing === undefined, 'music on hold stopped');
    assert.equal((await legs(callId))[0].playing, undefined);
  });

  it("MUST play the holder's class in its order, and the default class when that class cannot be played", async () => {
    const test = harness();
    const callId = await openCall(test);
    test.port.hold(callId, 'callee', true, 'channel-b', { mohClass: 'default', order: 'random' });
    await eventually(async () => (await legs(callId))[1].playing?.type === 'moh', 'music on hold on leg B');
    assert.deepEqual((await legs(callId))[1].playing, { type: 'moh', mohClass: 'default', order: 'random' });
    test.port.hold(callId, 'caller', true, 'channel-a', { mohClass: 'no-such-class', order: 'sequential' });
    await eventually(async () => (await legs(callId))[0].playing?.type === 'moh', 'the default class on leg A');
    assert.deepEqual((await legs(callId))[0].playing, { type: 'moh', mohClass: 'default', order: 'sequential' });
  });

  it('MUST offer the held party sendonly, then sendrecv on resume, on its own leg with the version incremented', async () => {
    const test = harness();
    const callId = await openCall(test);
    test.port.hold(callId, 'callee', true, 'channel-b', call.DEFAULT_MUSIC_ON_HOLD);
    await eventually(() => test.reoffers.length === 1, 'the hold offer');
    test.port.hold(callId, 'callee', false, 'channel-b', call.DEFAULT_MUSIC_ON_HOLD);
    await eventually(() => test.reoffers.length === 2, 'the resume offer');
    const [hold, resume] = test.reoffers;
    assert.equal(hold?.channelId, 'channel-b');
    assert.match(hold?.offerSdp ?? '', /a=sendonly/);
    assert.match(resume?.offerSdp ?? '', /a=sendrecv/);
    const versions = test.reoffers.map((reoffer) => BigInt(/^o=\S+ \d+ (\d+)/m.exec(reoffer.offerSdp)?.[1] ?? '0'));
    assert.equal(versions[1], (versions[0] ?? 0n) + 1n);
  });

  it('MUST re-point the held party leg at its answer to the hold offer', async () => {
    const test = harness();
    const callId = await openCall(test);
    test.port.connectCallee(callId, 'channel-b', CALLEE_ANSWER);
    test.port.hold(callId, 'callee', true, 'channel-b', call.DEFAULT_MUSIC_ON_HOLD);
    await eventually(() => test.reoffers.length === 1, 'the hold offer');
    const answer = sdpLines('v=0', 'o=- 5 6 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 7002 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000', 'a=recvonly');
    test.port.reofferAnswered(callId, 'channel-b', 'callee', answer);
    await eventually(async () => (await legs(callId))[1].config.remote?.port === 7002, 'leg B re-pointed at the answer');
  });

  it('MUST log an answer that matches no hold offer, and leave the leg as it was', async () => {
    const test = harness();
    const callId = await openCall(test);
    test.port.reofferAnswered(callId, 'channel-b', 'callee', CALLEE_ANSWER);
    await eventually(() => test.warnings.includes('an answer to no offer of ours'), 'the warning');
  });

  it('MUST answer a hold re-INVITE recvonly through the callback and re-point the leg', async () => {
    const test = harness();
    const callId = await openCall(test);
    test.port.reinvite(callId, 'channel-a', 'caller', BARESIP_HOLD_REOFFER);
    await eventually(() => test.answers.length === 1, 'the re-INVITE answer');
    const [delivered] = test.answers;
    assert.equal(delivered?.channelId, 'channel-a');
    assert.match(delivered?.answer.type === 'answer' ? delivered.answer.sdp : '', /a=recvonly/);
  });

  it('MUST hand a re-INVITE offer that does not parse back as rejected 400', async () => {
    const test = harness();
    const callId = await openCall(test);
    test.port.reinvite(callId, 'channel-a', 'caller', 'garbage');
    await eventually(() => test.answers.length === 1, 'the refusal');
    assert.deepEqual(test.answers[0]?.answer.type === 'rejected' ? test.answers[0].answer.status : 0, 400);
  });

  it('MUST destroy the session and free both port pairs on release', async () => {
    const test = harness();
    const callId = await openCall(test);
    test.port.release(callId);
    await eventually(() => test.allocator.inUse() === 0, 'ports freed');
    const reply = await pool.request({ type: 'session.snapshot', sessionId: callId as MediaSessionId });
    assert.deepEqual([reply.type === 'error' ? reply.code : reply.type, test.port.openCalls()], ['PBX_ERR_MEDIA_SESSION_NOT_FOUND', 0]);
  });

  it('MUST resolve releasesDone only once every session released has closed and its ports are free', async () => {
    const test = harness();
    const first = await openCall(test);
    const second = await openCall(test);
    test.port.release(first);
    test.port.release(second);
    assert.ok(test.allocator.inUse() > 0, 'a session closes in its worker, later');
    await test.port.releasesDone();
    assert.equal(test.allocator.inUse(), 0);
    await test.port.releasesDone();
  });

  it('MUST log a command the pool refuses rather than throw', async () => {
    const test = harness();
    const callId = await openCall(test);
    await pool.request({ type: 'session.destroy', sessionId: callId as MediaSessionId });
    test.port.hold(callId, 'caller', true, 'channel-a', call.DEFAULT_MUSIC_ON_HOLD);
    await eventually(() => test.warnings.includes('media pool refused a command'), 'the warning');
  });

  it('MUST log an effect for a call it has no session of', () => {
    const test = harness();
    test.port.connectCallee('media-port-unknown', 'channel-b', CALLEE_ANSWER);
    assert.deepEqual(test.warnings, ['media effect for a call without a media session']);
  });
});
