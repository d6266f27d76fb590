/**
 * The subscribers of bench/events, in a process of their own: N WebSocket clients (`ws`) that
 * connect to websocketd (init, subscribe `*`, start) or to the raw uWebSockets.js baseline, count
 * what arrives, and measure the latency of each event from the `sent_at` it carries.
 *
 * Talks to the bench over IPC: `connect` → `ready`; `progress` reports the fewest events any
 * client received so far; `measure` starts or stops recording latencies; `summary` answers them.
 */
import WebSocket from 'ws';

export type ToSubscribers =
  | { readonly type: 'connect'; readonly urls: readonly string[]; readonly protocol: 'websocketd' | 'raw' }
  | { readonly type: 'measure'; readonly on: boolean }
  | { readonly type: 'summary' }
  | { readonly type: 'close' };

export type FromSubscribers =
  | { readonly type: 'ready'; readonly connected: number }
  | { readonly type: 'progress'; readonly fewest: number; readonly total: number }
  | { readonly type: 'summary'; readonly samples: number; readonly p50Ms: number; readonly p99Ms: number; readonly maxMs: number; readonly total: number; readonly closed: number }
  | { readonly type: 'failed'; readonly message: string };

const send = (message: FromSubscribers) => process.send?.(message);
const sockets: WebSocket[] = [];
let counts: number[] = [];
let total = 0;
let closed = 0;
let measuring = false;
let latencies: number[] = [];
const wallClock = () => performance.timeOrigin + performance.now();
const SENT_AT = Buffer.from('"sent_at":');

function connectAll(urls: readonly string[], protocol: 'websocketd' | 'raw'): Promise<void> {
  counts = urls.map(() => 0);
  return new Promise((resolve, reject) => {
    let ready = 0;
    urls.forEach((url, index) => {
      const socket = new WebSocket(url);
      sockets.push(socket);
      let handshaking = protocol === 'websocketd';
      let replies = 0;
      socket.on('open', () => {
        if (protocol === 'raw') {
          ready += 1;
          if (ready === urls.length) resolve();
        }
      });
      socket.on('message', (data: Buffer) => {
        if (handshaking) {
          replies += 1;
          if (replies === 1) {
            socket.send('{"op":"subscribe","data":{"event_name":"*"}}');
            socket.send('{"op":"start"}');
          } else if (replies === 3) {
            handshaking = false;
            ready += 1;
            if (ready === urls.length) resolve();
          }
          return;
        }
        counts[index] = (counts[index] ?? 0) + 1;
        total += 1;
        if (measuring) {
          // The stamp is read straight from the bytes: a JSON.parse of every frame would make this
          // process, not the server, the measure.
          const arrived = wallClock();
          const at = data.indexOf(SENT_AT);
          if (at >= 0) latencies.push(arrived - Number.parseFloat(data.toString('latin1', at + SENT_AT.length, at + SENT_AT.length + 24)));
        }
      });
      socket.on('close', () => {
        closed += 1;
      });
      socket.on('error', (error) => reject(error));
    });
  });
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted.length === 0 ? Number.NaN : (sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN);
}

let lastFewest = -1;
setInterval(() => {
  if (counts.length === 0) return;
  let fewest = Number.POSITIVE_INFINITY;
  for (const count of counts) if (count < fewest) fewest = count;
  if (fewest !== lastFewest) {
    lastFewest = fewest;
    send({ type: 'progress', fewest, total });
  }
}, 5).unref();

process.on('message', (message: ToSubscribers) => {
  switch (message.type) {
    case 'connect':
      connectAll(message.urls, message.protocol).then(
        () => send({ type: 'ready', connected: sockets.length }),
        (error: unknown) => send({ type: 'failed', message: String(error) }),
      );
      break;
    case 'measure':
      measuring = message.on;
      if (message.on) latencies = [];
      break;
    case 'summary': {
      const sorted = [...latencies].sort((a, b) => a - b);
      send({ type: 'summary', samples: sorted.length, p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99), maxMs: sorted.at(-1) ?? Number.NaN, total, closed });
      break;
    }
    case 'close':
      for (const socket of sockets) socket.terminate();
      process.exit(0);
  }
});
