/**
 * Resume and back-pressure of the control WebSocket, through a real server and real sockets: a
 * socket dropped during a burst resumes with nothing missing or duplicated, a gap too old is
 * refused, and a client that stops reading never slows the publisher.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openControlClient, type ControlClient, type ReceivedFrame } from '../../test/support/control-client.ts';
import { startControlServer, type ControlTestServer } from '../../test/support/control-server.ts';
import { waitUntil } from '../../test/support/wait-until.ts';
import type { ControlEvent } from './control-frames.ts';

const servers: ControlTestServer[] = [];
after(() => {
  for (const server of servers) server.stop();
});

async function server(overrides: Parameters<typeof startControlServer>[0] = {}): Promise<ControlTestServer> {
  const started = await startControlServer(overrides);
  servers.push(started);
  return started;
}

const burstEvent = (n: number, padding = ''): ControlEvent => ({ name: 'burst', origin_uuid: 'node', required_acl: null, data: { n, padding } });
const eventFrames = (client: ControlClient): ReceivedFrame[] => client.frames.filter((frame) => frame.type === 'event');
const lastSequence = (client: ControlClient): number => Number(eventFrames(client).at(-1)?.['sequence'] ?? 0);

async function subscribed(target: ControlTestServer, tokenId = 'alice'): Promise<{ client: ControlClient; session: string }> {
  const client = await openControlClient(target.url(`?token=${tokenId}`));
  const welcome = await client.waitFor((frame) => frame.type === 'welcome');
  await client.command('sub', 'subscriptions.add', { events: ['burst'] });
  return { client, session: String(welcome['session']) };
}

async function resumed(target: ControlTestServer, session: string, afterSequence: number, tokenId = 'alice2'): Promise<ControlClient> {
  const client = await openControlClient(target.url(`?token=${tokenId}`));
  await client.waitFor((frame) => frame.type === 'welcome');
  client.send({ type: 'resume', session, after_sequence: afterSequence });
  await client.waitFor((frame) => frame.type === 'resumed' || frame.type === 'error');
  return client;
}

/** Publishes `count` events, `chunk` per turn of the event loop, so sockets and timers run in between. */
async function publishBurst(target: ControlTestServer, count: number, chunk: number, padding = '', between?: (published: number) => void): Promise<number> {
  const started = performance.now();
  let busyMs = 0;
  for (let n = 0; n < count; n += chunk) {
    const chunkStarted = performance.now();
    for (let k = n; k < Math.min(count, n + chunk); k += 1) target.publish(burstEvent(k, padding));
    busyMs += performance.now() - chunkStarted;
    between?.(n + chunk);
    await new Promise((resolve) => setImmediate(resolve));
  }
  void started;
  return busyMs;
}

describe('control API: resume', () => {
  it('MUST lose and duplicate nothing when the socket drops during a burst and the client resumes from the last sequence it saw', async () => {
    const target = await server();
    const first = await subscribed(target);
    const total = 5_000;
    let dropped = false;
    const publishing = publishBurst(target, total, 50, '', () => {
      if (!dropped && eventFrames(first.client).length >= 1_000) {
        dropped = true;
        first.client.socket.terminate();
      }
    });
    await waitUntil(() => dropped, { timeoutMs: 15_000, intervalMs: 1 });
    const seen = eventFrames(first.client);
    const second = await resumed(target, first.session, lastSequence(first.client));
    await publishing;
    assert.ok(await waitUntil(() => lastSequence(second) === total, { timeoutMs: 15_000 }), `resumed client got up to ${lastSequence(second)}`);
    const all = [...seen, ...eventFrames(second)];
    assert.deepEqual(all.map((frame) => [frame['sequence'], (frame['data'] as { n: number }).n]), Array.from({ length: total }, (_, n) => [n + 1, n]));
    second.close();
  });

  it('MUST refuse a resume whose gap is older than the buffer (resume_gap_too_old), and replay exactly the rest otherwise', async () => {
    const target = await server({ limits: { maxEvents: 10 } });
    const first = await subscribed(target);
    for (let n = 0; n < 30; n += 1) target.publish(burstEvent(n));
    await first.client.waitFor((frame) => frame['sequence'] === 30);
    first.client.close();
    const tooOld = await resumed(target, first.session, 5);
    assert.equal((tooOld.frames.find((frame) => frame.type === 'error')?.['error'] as { code: string }).code, 'resume_gap_too_old');
    const fine = await resumed(target, first.session, 20);
    assert.deepEqual(eventFrames(fine).map((frame) => frame['sequence']), [21, 22, 23, 24, 25, 26, 27, 28, 29, 30]);
    tooOld.close();
    fine.close();
  });

  it("MUST refuse another user's session (resume_forbidden) and a session whose grace period is over (unknown_session)", async () => {
    const target = await server({ graceMs: 50 });
    const first = await subscribed(target);
    const bob = await resumed(target, first.session, 0, 'bob');
    assert.equal((bob.frames.find((frame) => frame.type === 'error')?.['error'] as { code: string }).code, 'resume_forbidden');
    bob.close();
    first.client.close();
    assert.ok(await waitUntil(() => target.api.sessionCount() === 0));
    const late = await resumed(target, first.session, 0);
    assert.equal((late.frames.find((frame) => frame.type === 'error')?.['error'] as { code: string }).code, 'unknown_session');
    late.close();
  });

  it('MUST close a connection whose session another connection resumed with 4010', async () => {
    const target = await server();
    const first = await subscribed(target);
    const second = await resumed(target, first.session, 0);
    assert.equal((await first.client.waitClosed()).code, 4010);
    target.publish(burstEvent(1));
    await second.waitFor((frame) => frame.type === 'event');
    second.close();
  });
});

describe('control API: back-pressure', () => {
  const padding = 'x'.repeat(16 * 1024);

  it('MUST tell a client that stops reading it is slow, hold its events back, and deliver them all in order once it reads again', async () => {
    const target = await server({ limits: { softBytes: 64 * 1024, hardPendingEvents: 100_000, hardPendingBytes: 1 << 30, maxBytes: 1 << 30 } });
    const { client } = await subscribed(target);
    client.socket.pause();
    const total = 1_500;
    const busyMs = await publishBurst(target, total, 100, padding);
    client.socket.resume();
    assert.ok(await waitUntil(() => lastSequence(client) === total, { timeoutMs: 20_000 }), `got up to ${lastSequence(client)}`);
    assert.ok(client.frames.some((frame) => frame.type === 'slow'));
    assert.deepEqual(eventFrames(client).map((frame) => frame['sequence']), Array.from({ length: total }, (_, n) => n + 1));
    process.stdout.write(`control back-pressure: ${total} events of 16 KiB to a stalled client, publisher busy ${busyMs.toFixed(1)} ms\n`);
    client.close();
  });

  it('MUST close a client past the hard bound with 4008, from which it resumes without a gap', async () => {
    const target = await server({ limits: { softBytes: 64 * 1024, hardPendingEvents: 200, maxEvents: 10_000, maxBytes: 1 << 30 } });
    const { client, session } = await subscribed(target);
    client.socket.pause();
    await publishBurst(target, 1_500, 50, padding);
    client.socket.resume();
    assert.equal((await client.waitClosed(20_000)).code, 4008);
    const again = await resumed(target, session, lastSequence(client));
    await publishBurst(target, 100, 50, padding);
    assert.ok(await waitUntil(() => lastSequence(again) === 1_600, { timeoutMs: 20_000 }), `got up to ${lastSequence(again)}`);
    const all = [...eventFrames(client), ...eventFrames(again)].map((frame) => frame['sequence']);
    assert.deepEqual(all, Array.from({ length: 1_600 }, (_, n) => n + 1));
    again.close();
  });
});
