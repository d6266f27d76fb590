/**
 * bench/control-api: what the control WebSocket costs the engine per event, and how fast it
 * delivers. The baseline, in the same run, is the bus delivering the same events to as many
 * no-op subscribers as there are sessions.
 *
 * - publish cost with 100 live sessions on real sockets (each subscribed to everything), per
 *   event, against the bare bus, and the time and CPU until every client has every event;
 * - end-to-end: events per second one client receives;
 * - resume: how long a replay of 10 000 missed events takes to reach the client.
 *
 *   npm run bench:control-api            (prints, asserts nothing)
 */
import { openControlClient, type ControlClient } from '../test/support/control-client.ts';
import { startControlServer } from '../test/support/control-server.ts';
import { waitUntil } from '../test/support/wait-until.ts';
import type { ControlEvent } from '../api/index.ts';

const SESSIONS = 100;
const EVENTS = 2_000;
const event = (n: number): ControlEvent => ({ name: 'call_updated', origin_uuid: 'node', required_acl: null, data: { call_id: `c${n}`, user_uuid: 'u', status: 'Up', n } });
const lastSequence = (client: ControlClient): number => {
  for (let index = client.frames.length - 1; index >= 0; index -= 1) {
    const frame = client.frames[index];
    if (frame?.type === 'event') return Number(frame['sequence']);
  }
  return 0;
};

async function subscribedClient(url: string): Promise<ControlClient> {
  const client = await openControlClient(url);
  await client.waitFor((frame) => frame.type === 'welcome');
  await client.command('s', 'subscriptions.add', {});
  return client;
}

function timePublishing(publish: (event: ControlEvent) => void, count: number): number {
  const started = performance.now();
  for (let n = 0; n < count; n += 1) publish(event(n));
  return performance.now() - started;
}

const server = await startControlServer({ limits: { softBytes: 64 * 1024 * 1024, hardBytes: 128 * 1024 * 1024 } });
const url = server.url('?token=admin');

// Baseline: a bus with as many no-op subscribers.
const handlers = Array.from({ length: SESSIONS }, () => (_event: ControlEvent) => undefined);
const baselineMs = timePublishing((published) => {
  for (const handler of handlers) handler(published);
}, EVENTS);

const clients = await Promise.all(Array.from({ length: SESSIONS }, () => subscribedClient(url)));
const cpuBefore = process.cpuUsage();
const deliveryStarted = performance.now();
const controlMs = timePublishing(server.publish, EVENTS);
await waitUntil(() => clients.every((client) => lastSequence(client) === EVENTS), { timeoutMs: 60_000, intervalMs: 2 });
const deliveryMs = performance.now() - deliveryStarted;
const cpu = process.cpuUsage(cpuBefore);
process.stdout.write(`publish to ${SESSIONS} live sessions: ${((controlMs * 1000) / EVENTS / SESSIONS).toFixed(2)} µs per event per session on the publisher ` +
  `(bare bus ${((baselineMs * 1000) / EVENTS / SESSIONS).toFixed(3)} µs; ratio ${(controlMs / baselineMs).toFixed(0)}×); ` +
  `all delivered in ${deliveryMs.toFixed(0)} ms, process CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms (system ${(cpu.system / 1000).toFixed(0)} ms, the clients' share included)\n`);
for (const client of clients) client.close();
server.stop();

// A fresh server: the sessions above would otherwise go on buffering for their grace period.
const second = await startControlServer();
const one = await subscribedClient(second.url('?token=admin'));
const throughputStarted = performance.now();
for (let n = 0; n < 20_000; n += 1000) {
  timePublishing(second.publish, 1000);
  await new Promise((resolve) => setImmediate(resolve));
}
await waitUntil(() => lastSequence(one) === 20_000, { timeoutMs: 60_000, intervalMs: 1 });
process.stdout.write(`one client, end to end: ${(20_000 / ((performance.now() - throughputStarted) / 1000)).toFixed(0)} events/s\n`);

const session = String(one.frames.find((frame) => frame.type === 'welcome')?.['session']);
one.socket.terminate();
await waitUntil(() => one.closed !== undefined);
timePublishing(second.publish, 10_000);
const resumeStarted = performance.now();
const again = await openControlClient(second.url('?token=admin'));
await again.waitFor((frame) => frame.type === 'welcome');
again.send({ type: 'resume', session, after_sequence: 20_000 });
await waitUntil(() => lastSequence(again) === 30_000, { timeoutMs: 60_000, intervalMs: 1 });
process.stdout.write(`resume replaying 10 000 events: ${(performance.now() - resumeStarted).toFixed(0)} ms from connect to the last event\n`);
again.close();
second.stop();
