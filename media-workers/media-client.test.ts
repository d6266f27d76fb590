import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encodeG711 } from './codecs/g711.ts';
import { createMediaPool } from './media-client.ts';
import type { MediaPool } from './media-client.ts';
import type { MediaEvent, MediaSessionId } from './media-protocol.ts';
import { freeRtpPort, UdpPhone, waitUntil } from './testing/udp-phone.ts';

const pools: MediaPool[] = [];
const phones: UdpPhone[] = [];
after(async () => {
  await Promise.all(pools.map((pool) => pool.close()));
  for (const phone of phones) phone.close();
});

function startPool(workers: number, requestTimeoutMs = 15_000, maxRestarts = 10): { pool: MediaPool; events: MediaEvent[] } {
  const events: MediaEvent[] = [];
  const pool = createMediaPool({ workers, onEvent: (event) => events.push(event), bindAddress: '127.0.0.1', requestTimeoutMs, snapshotIntervalMs: 50, maxRestarts });
  pools.push(pool);
  return { pool, events };
}

type Call = { sessionId: MediaSessionId; phoneA: UdpPhone; phoneB: UdpPhone; portA: number; portB: number };

async function createCall(pool: MediaPool, name: string): Promise<Call> {
  const phoneA = await UdpPhone.open();
  const phoneB = await UdpPhone.open();
  phones.push(phoneA, phoneB);
  const sessionId = name as MediaSessionId;
  for (;;) {
    const portA = await freeRtpPort();
    const portB = await freeRtpPort();
    const reply = await pool.request({
      type: 'session.create',
      sessionId,
      legs: [{ rtpPort: portA, remote: phoneA.address, codec: 'PCMA' }, { rtpPort: portB, remote: phoneB.address, codec: 'PCMU' }],
    });
    if (reply.type === 'session.created') return { sessionId, phoneA, phoneB, portA, portB };
    assert.equal(reply.code, 'PBX_ERR_MEDIA_PORT_IN_USE');
  }
}

const FRAME = encodeG711('PCMA', new Int16Array(160).fill(1000));

async function relays(call: Call, sequenceNumber: number): Promise<number> {
  const before = call.phoneB.received.length;
  await call.phoneA.sendRtp({ payloadType: 8, sequenceNumber, timestamp: sequenceNumber * 160, payload: FRAME }, call.portA);
  await call.phoneB.waitFor(before + 1);
  return call.phoneB.rtpPackets().at(-1)?.ssrc ?? -1;
}

describe('media pool', () => {
  it('MUST run TypeScript workers that relay RTP between the legs of a session', async () => {
    const { pool, events } = startPool(1);
    const call = await createCall(pool, 'pool-relay');
    await relays(call, 1);
    assert.ok(events.some((event) => event.type === 'session.created' && event.sessionId === call.sessionId));
  });

  it('MUST tell the sessions each worker hosts', async () => {
    const { pool } = startPool(2);
    // Sessions go to the least busy worker that is ready: wait for both, or a slow start puts all on one.
    for (let tries = 0; pool.readyWorkers < 2 && tries < 400; tries += 1) await new Promise((resolve) => setTimeout(resolve, 25));
    assert.equal(pool.readyWorkers, 2, 'both workers start');
    await createCall(pool, 'per-worker-1');
    await createCall(pool, 'per-worker-2');
    await createCall(pool, 'per-worker-3');
    assert.deepEqual([pool.workerSessions.length, pool.workerSessions.reduce((sum, each) => sum + each, 0), Math.max(...pool.workerSessions) - Math.min(...pool.workerSessions) <= 1], [2, 3, true]);
  });

  it('MUST answer a command for an unknown session with PBX_ERR_MEDIA_SESSION_NOT_FOUND', async () => {
    const { pool } = startPool(1);
    const reply = await pool.request({ type: 'session.snapshot', sessionId: 'nobody' as MediaSessionId });
    assert.equal(reply.type === 'error' ? reply.code : '', 'PBX_ERR_MEDIA_SESSION_NOT_FOUND');
  });

  it('MUST answer a request that gets no reply in time with PBX_ERR_MEDIA_REQUEST_TIMEOUT', async () => {
    const { pool } = startPool(1, 1);
    await waitUntil(() => pool.readyWorkers === 1, 30_000, 'the worker boots');
    // Binding two sockets and answering takes the booted worker longer than 1 ms.
    const reply = await pool.request({ type: 'session.create', sessionId: 'late' as MediaSessionId, legs: [{ rtpPort: 40000, codec: 'PCMA' }, { rtpPort: 40002, codec: 'PCMA' }] });
    assert.equal(reply.type === 'error' ? reply.code : '', 'PBX_ERR_MEDIA_REQUEST_TIMEOUT');
  });

  it('MUST count a request’s timeout from the moment its fresh worker has booted, not from the spawn', async () => {
    // Loading a fresh worker's code takes far longer than 50 ms (seconds on a busy machine): a
    // timeout, if any, comes 50 ms after the boot, never while the worker still boots.
    const { pool } = startPool(1, 50);
    assert.equal(pool.readyWorkers, 0);
    const reply = await pool.request({ type: 'session.create', sessionId: 'booting' as MediaSessionId, legs: [{ rtpPort: await freeRtpPort(), codec: 'PCMA' }, { rtpPort: await freeRtpPort(), codec: 'PCMA' }] });
    if (reply.type === 'error' && reply.code === 'PBX_ERR_MEDIA_REQUEST_TIMEOUT') assert.equal(pool.readyWorkers, 1, 'timed out while the worker was still booting');
    else assert.equal(reply.type, 'session.created');
  });

  it('MUST keep each session’s latest snapshot, with its ports and latched addresses', async () => {
    const { pool } = startPool(1);
    const call = await createCall(pool, 'pool-snapshot');
    await call.phoneB.sendRtp({ payloadType: 0, sequenceNumber: 1, payload: new Uint8Array(160) }, call.portB);
    await waitUntil(() => pool.snapshotOf(call.sessionId)?.legs[1].latchedRemote !== undefined, 3000, 'latched snapshot');
    assert.deepEqual(pool.snapshotOf(call.sessionId)?.legs[1].latchedRemote, call.phoneB.address);
  });

  it('when their worker dies, MUST re-create its 10 sessions on a new worker, on the same ports with the same SSRCs, and report them recovered', async () => {
    const { pool, events } = startPool(1);
    const calls: Call[] = [];
    for (let index = 0; index < 10; index += 1) calls.push(await createCall(pool, `crash-${index}`));
    const ssrcsBefore = await Promise.all(calls.map((call) => relays(call, 10)));
    await waitUntil(() => calls.every((call) => (pool.snapshotOf(call.sessionId)?.legs[1].outbound.lastSentAtMs ?? 0) > 0), 3000, 'snapshots');
    assert.equal(await pool.terminateWorkerOf(calls[0]?.sessionId ?? ('' as MediaSessionId)), true);
    await waitUntil(() => events.filter((event) => event.type === 'session.recovered').length >= 10, 20_000, '10 recoveries');
    const ssrcsAfter = await Promise.all(calls.map((call) => relays(call, 20)));
    assert.deepEqual(ssrcsAfter, ssrcsBefore);
  });

  it('MUST carry a session to another pool through its snapshot: same ports, same SSRCs, relaying again', async () => {
    const { pool: first } = startPool(1);
    const call = await createCall(first, 'moved');
    const ssrcBefore = await relays(call, 30);
    await waitUntil(() => (first.snapshotOf(call.sessionId)?.legs[1].outbound.lastSentAtMs ?? 0) > 0, 3000, 'snapshot');
    const replica = JSON.parse(JSON.stringify(first.snapshotOf(call.sessionId))) as Parameters<MediaPool['restore']>[0];
    await first.close();
    const { pool: second } = startPool(1);
    const restored = await second.restore(replica);
    assert.equal(restored.type, 'session.created');
    assert.equal(await relays(call, 31), ssrcBefore);
  });

  it('past its restart budget, MUST leave a dead worker dead and report its sessions lost', async () => {
    const { pool, events } = startPool(1, 15_000, 0);
    const call = await createCall(pool, 'no-budget');
    await pool.terminateWorkerOf(call.sessionId);
    await waitUntil(() => events.some((event) => event.type === 'session.lost'), 5000, 'session.lost');
    const lost = events.find((event) => event.type === 'session.lost');
    assert.equal(lost?.type === 'session.lost' ? lost.error.code : '', 'PBX_ERR_MEDIA_WORKER_UNAVAILABLE');
  });

  it('when their worker dies during a B↔C consultation, MUST recover the session with its consult leg and bridge on the same ports', async () => {
    const { pool, events } = startPool(1);
    const call = await createCall(pool, 'crash-consult');
    const phoneC = await UdpPhone.open();
    phones.push(phoneC);
    let portC = await freeRtpPort();
    for (;;) {
      const added = await pool.request({ type: 'leg.add', sessionId: call.sessionId, leg: 'C', config: { rtpPort: portC, remote: phoneC.address, codec: 'PCMA' } });
      if (added.type === 'leg.added') break;
      assert.equal(added.code, 'PBX_ERR_MEDIA_PORT_IN_USE');
      portC = await freeRtpPort();
    }
    assert.deepEqual(await pool.request({ type: 'session.bridge', sessionId: call.sessionId, legs: ['B', 'C'] }), { type: 'ok' });
    assert.deepEqual(await pool.request({ type: 'leg.play', sessionId: call.sessionId, leg: 'A', mohClass: 'default' }), { type: 'ok' });
    assert.deepEqual([pool.snapshotOf(call.sessionId)?.consult?.config.rtpPort, pool.snapshotOf(call.sessionId)?.bridged], [portC, ['B', 'C']]);
    const fromB = async (sequenceNumber: number): Promise<number> => {
      const before = phoneC.received.length;
      await call.phoneB.sendRtp({ payloadType: 0, sequenceNumber, timestamp: sequenceNumber * 160, payload: new Uint8Array(160).fill(0x55) }, call.portB);
      await phoneC.waitFor(before + 1);
      return phoneC.rtpPackets().at(-1)?.ssrc ?? -1;
    };
    const ssrcBefore = await fromB(1);
    await waitUntil(() => (pool.snapshotOf(call.sessionId)?.consult?.outbound.lastSentAtMs ?? 0) > 0, 3000, 'snapshot after B→C');
    await pool.terminateWorkerOf(call.sessionId);
    await waitUntil(() => events.some((event) => event.type === 'session.recovered' && event.sessionId === call.sessionId), 20_000, 'recovery');
    assert.equal(await fromB(2), ssrcBefore);
    const musicBefore = call.phoneA.received.length;
    await call.phoneA.waitFor(musicBefore + 5);
    assert.deepEqual(pool.snapshotOf(call.sessionId)?.legs[0].playing, { type: 'moh', mohClass: 'default', order: 'sequential' });
    await call.phoneA.sendRtp({ payloadType: 8, sequenceNumber: 3, timestamp: 480, payload: FRAME }, call.portA);
    let droppedFromA = 0;
    for (let attempt = 0; attempt < 100 && droppedFromA === 0; attempt += 1) {
      const reply = await pool.request({ type: 'session.snapshot', sessionId: call.sessionId });
      droppedFromA = reply.type === 'session.snapshot' ? reply.stats[0].droppedPackets : 0;
    }
    assert.equal(droppedFromA, 1, 'A is still outside the relay: its packet is dropped');
    assert.equal(call.phoneB.received.length + phoneC.rtpPackets().filter((packet) => Buffer.from(packet.payload).equals(FRAME)).length, 0);
    assert.deepEqual((await pool.request({ type: 'leg.promote', sessionId: call.sessionId, from: 'C', into: 'B' })).type, 'leg.promoted');
  });
});
