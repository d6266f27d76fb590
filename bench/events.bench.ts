/**
 * bench/events: what websocketd delivers, side by side with raw uWebSockets.js publishing the same
 * bytes without the protocol layer (no token, no subscription, no ACL check: one native publish to
 * a topic every client joined).
 *
 * - throughput: `call_updated` events published on the node's bus as fast as 1,000 subscribers
 *   take them (at most `--window` events ahead of the slowest client), for `--seconds`; events
 *   per second, each delivered to every subscriber.
 * - latency: events published at `--rate`/s for `--latency-seconds`, each carrying the wall-clock
 *   time of its publication on the bus; p50/p99/max of publication → arrival at the client.
 *
 * The server (bus, websocketd, uWebSockets.js) runs in this process; the subscribers are `ws`
 * clients in a child process, which shares the machine's two cores with it.
 *
 *   npm run bench:events [-- --subscribers 1000 --seconds 5 --rate 50 --latency-seconds 4 --window 100]   (asserts nothing)
 */
import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { TemplatedApp, us_listen_socket } from 'uWebSockets.js';
import { loadNativeUws } from '../transport/index.ts';
import { createWebsocketd, type TokenResolver, type VerifiedToken } from '../api/index.ts';
import { encodeEventFrame } from '../api/ws/websocketd-frames.ts';
import { createEventBus, type BusEvent } from '../supervisors/bus/event-bus.ts';
import { formatTable } from './calls/ramp.ts';
import type { FromSubscribers, ToSubscribers } from './events/subscriber-process.ts';

const { values } = parseArgs({
  options: {
    subscribers: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '5' },
    rate: { type: 'string', default: '50' },
    'latency-seconds': { type: 'string', default: '4' },
    window: { type: 'string', default: '100' },
  },
});
const SUBSCRIBERS = Number(values.subscribers);
const SECONDS = Number(values.seconds);
const RATE = Number(values.rate);
const LATENCY_SECONDS = Number(values['latency-seconds']);
const WINDOW = Number(values.window);
const log = (line: string): void => console.log(line);
const wallClock = () => performance.timeOrigin + performance.now();
const uws = loadNativeUws();

interface Target {
  readonly urls: readonly string[];
  readonly protocol: 'websocketd' | 'raw';
  publish(event: BusEvent): void;
  close(): void;
}

let sequence = 0;
function callUpdated(userUuid: string): BusEvent {
  sequence += 1;
  return {
    name: 'call_updated',
    origin_uuid: '5e1c5d2e-2f77-4a8e-9d0a-0c1f2a3b4c5d',
    required_acl: `events.calls.${userUuid}`,
    data: {
      bridges: [], call_id: `1700000000.${sequence}`, caller_id_name: 'Alice', caller_id_number: '1001', creation_time: '2026-01-01T00:00:00.000+00:00',
      status: 'Up', talking_to: { '1700000000.1': '1002' }, user_uuid: userUuid, sent_at: wallClock(),
    },
  };
}

async function listen(app: TemplatedApp): Promise<{ port: number; socket: us_listen_socket }> {
  const socket = await new Promise<us_listen_socket | false>((resolve) => app.listen('127.0.0.1', 0, resolve));
  if (socket === false) throw new Error('cannot listen');
  return { port: uws.us_socket_local_port(socket), socket };
}

async function parleyTarget(): Promise<Target> {
  const tokens = new Map<string, VerifiedToken>();
  for (let index = 0; index < SUBSCRIBERS; index += 1) {
    const token = `bench-token-${index}`;
    tokens.set(token, { token, tenantUuid: 't', authId: `u${index}`, userUuid: `u${index}`, acl: ['websocketd', 'events.calls.*'], issuedAtMs: Date.now(), expiresAtMs: Date.now() + 3_600_000 });
  }
  const resolver: TokenResolver = { resolve: (tokenId) => Promise.resolve(tokens.get(tokenId)) };
  const bus = createEventBus((name, error) => log(`subscriber of ${name} failed: ${String(error)}`));
  const app = uws.App();
  const websocketd = createWebsocketd({
    tenants: { visibleFrom: (tenant: string) => Promise.resolve([tenant]) },
    tokens: resolver,
    events: (handler) => bus.subscribe(['*'], handler),
    log: { info: () => undefined, warn: (fields, message) => log(`websocketd: ${message} ${JSON.stringify(fields)}`) },
  });
  websocketd.mount(app);
  const { port, socket } = await listen(app);
  return {
    urls: [...tokens.keys()].map((token) => `ws://127.0.0.1:${port}/api/websocketd/?token=${token}&version=2`),
    protocol: 'websocketd',
    publish: (event) => bus.publish(event),
    close() {
      websocketd.close();
      uws.us_listen_socket_close(socket);
    },
  };
}

async function baselineTarget(): Promise<Target> {
  const app = uws.App();
  app.ws('/raw', { maxBackpressure: 2 * 1024 * 1024, open: (ws) => void ws.subscribe('events') });
  const { port, socket } = await listen(app);
  return {
    urls: Array.from({ length: SUBSCRIBERS }, () => `ws://127.0.0.1:${port}/raw`),
    protocol: 'raw',
    publish: (event) => void app.publish('events', encodeEventFrame(event), false),
    close: () => uws.us_listen_socket_close(socket),
  };
}

interface Figures {
  readonly eventsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly dropped: number;
}

async function measure(name: string, target: Target): Promise<Figures> {
  const child: ChildProcess = fork(new URL('./events/subscriber-process.ts', import.meta.url), [], { execArgv: ['--import', 'tsx'] });
  const tell = (message: ToSubscribers) => child.send(message);
  let fewest = 0;
  let total = 0;
  let published = 0;
  let pumping = false;
  const waiters = new Set<(message: FromSubscribers) => void>();
  const pump = () => {
    if (!pumping) return;
    while (published - fewest < WINDOW) {
      target.publish(callUpdated(`u${published % SUBSCRIBERS}`));
      published += 1;
    }
  };
  child.on('message', (message: FromSubscribers) => {
    if (message.type === 'progress') {
      fewest = message.fewest;
      total = message.total;
      pump();
    }
    if (message.type === 'failed') throw new Error(`subscribers failed: ${message.message}`);
    for (const waiter of waiters) waiter(message);
  });
  const next = (type: FromSubscribers['type']) =>
    new Promise<FromSubscribers>((resolve) => {
      const waiter = (message: FromSubscribers) => {
        if (message.type !== type) return;
        waiters.delete(waiter);
        resolve(message);
      };
      waiters.add(waiter);
    });
  const until = async (condition: () => boolean, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  };

  const connectedAt = Date.now();
  tell({ type: 'connect', urls: target.urls, protocol: target.protocol });
  const ready = await next('ready');
  log(`${name}: ${ready.type === 'ready' ? ready.connected : 0} subscribers ready in ${Date.now() - connectedAt} ms`);

  // Throughput: as fast as the slowest subscriber takes them, WINDOW events ahead at most.
  pumping = true;
  pump();
  await new Promise((resolve) => setTimeout(resolve, 500)); // warm-up
  const startTotal = total;
  const startedAt = performance.now();
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
  const deliveries = total - startTotal;
  const elapsedS = (performance.now() - startedAt) / 1000;
  pumping = false;
  await until(() => fewest >= published, 10_000);
  const eventsPerSecond = deliveries / SUBSCRIBERS / elapsedS;
  log(`${name}: ${eventsPerSecond.toFixed(0)} events/s to ${SUBSCRIBERS} subscribers (${(deliveries / elapsedS).toFixed(0)} deliveries/s)`);

  // Latency: a steady rate, each event stamped at its publication on the bus.
  tell({ type: 'measure', on: true });
  await new Promise((resolve) => setTimeout(resolve, 50));
  const latencyEnd = Date.now() + LATENCY_SECONDS * 1000;
  let due = performance.now();
  while (Date.now() < latencyEnd) {
    target.publish(callUpdated(`u${published % SUBSCRIBERS}`));
    published += 1;
    due += 1000 / RATE;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
  }
  await until(() => fewest >= published, 10_000);
  tell({ type: 'measure', on: false });
  tell({ type: 'summary' });
  const summary = await next('summary');
  tell({ type: 'close' });
  target.close();
  if (summary.type !== 'summary') throw new Error('no summary');
  log(`${name}: latency over ${summary.samples} arrivals at ${RATE}/s: p50 ${summary.p50Ms.toFixed(2)} ms, p99 ${summary.p99Ms.toFixed(2)} ms, max ${summary.maxMs.toFixed(2)} ms; ${summary.closed} subscribers dropped`);
  return { eventsPerSecond, p50Ms: summary.p50Ms, p99Ms: summary.p99Ms, maxMs: summary.maxMs, dropped: summary.closed };
}

log(`bench/events: ${availableParallelism()} cores, load average ${loadavg().map((load) => load.toFixed(2)).join(' ')} at start; ${SUBSCRIBERS} subscribers in a child process, server in this process`);
const baseline = await measure('baseline', await baselineTarget());
const parley = await measure('parley', await parleyTarget());
const ratio = (value: number, reference: number): string => (reference === 0 || !Number.isFinite(reference) ? 'n/a' : (value / reference).toFixed(2));
const ms = (value: number) => `${value.toFixed(2)} ms`;
log(
  `\n${formatTable(['bench/events', 'parley websocketd', 'baseline (raw uWS publish)', 'ratio'], [
    [`events/s to ${SUBSCRIBERS} subscribers`, parley.eventsPerSecond.toFixed(0), baseline.eventsPerSecond.toFixed(0), ratio(parley.eventsPerSecond, baseline.eventsPerSecond)],
    [`p50 bus publish → client (${RATE}/s)`, ms(parley.p50Ms), ms(baseline.p50Ms), ratio(parley.p50Ms, baseline.p50Ms)],
    [`p99 bus publish → client (${RATE}/s)`, ms(parley.p99Ms), ms(baseline.p99Ms), ratio(parley.p99Ms, baseline.p99Ms)],
    ['subscribers dropped', String(parley.dropped), String(baseline.dropped), '-'],
  ])}`,
);
log(`load average ${loadavg().map((load) => load.toFixed(2)).join(' ')} at the end (other work on this machine makes the figures noisy; compare the ratios)`);
process.exit(0);
