/**
 * A websocketd client for tests and benches (the `ws` package): records every text message and
 * the close code, and waits for them, so that tests assert on what a real client sees.
 */
import WebSocket from 'ws';
import { waitUntil } from './wait-until.ts';

export interface WebsocketdClient {
  readonly socket: WebSocket;
  /** Every message received, as text, in order. */
  readonly texts: string[];
  /** The close code and reason, once closed. */
  closed: { readonly code: number; readonly reason: string } | undefined;
  send(message: unknown): void;
  /** Resolves with the close code (rejects after `timeoutMs`). */
  closeCode(timeoutMs?: number): Promise<number>;
  /** Resolves once `count` messages arrived (rejects after `timeoutMs`). */
  messages(count: number, timeoutMs?: number): Promise<unknown[]>;
  /** Subscribes to `names`, starts, and waits for the replies. */
  start(names: readonly string[]): Promise<void>;
  close(): void;
}

export function websocketdUrl(port: number, token: string | undefined, path = '/api/websocketd/'): string {
  return `ws://127.0.0.1:${port}${path}${token === undefined ? '' : `?token=${encodeURIComponent(token)}&version=2`}`;
}

export function connectWebsocketd(url: string, options: { readonly onText?: (text: string) => void } = {}): WebsocketdClient {
  const socket = new WebSocket(url);
  const client: WebsocketdClient = {
    socket,
    texts: [],
    closed: undefined,
    send(message) {
      socket.send(typeof message === 'string' ? message : JSON.stringify(message));
    },
    async closeCode(timeoutMs = 10_000) {
      if (!(await waitUntil(() => client.closed !== undefined, { timeoutMs, intervalMs: 5 }))) throw new Error(`no close within ${timeoutMs} ms; got ${JSON.stringify(client.texts)}`);
      return client.closed?.code ?? -1;
    },
    async messages(count, timeoutMs = 10_000) {
      if (!(await waitUntil(() => client.texts.length >= count, { timeoutMs, intervalMs: 5 }))) {
        throw new Error(`expected ${count} messages, got ${JSON.stringify(client.texts)} (close ${JSON.stringify(client.closed)})`);
      }
      return client.texts.slice(0, count).map((text) => JSON.parse(text) as unknown);
    },
    async start(names) {
      const before = client.texts.length === 0 ? 1 : client.texts.length;
      await client.messages(before);
      for (const name of names) client.send({ op: 'subscribe', data: { event_name: name } });
      client.send({ op: 'start' });
      await client.messages(before + names.length + 1);
    },
    close() {
      socket.terminate();
    },
  };
  socket.on('message', (data, isBinary) => {
    const text = isBinary ? '<binary>' : (data as Buffer).toString('utf8');
    if (options.onText === undefined) client.texts.push(text);
    else options.onText(text);
  });
  socket.on('close', (code, reason) => {
    client.closed = { code, reason: reason.toString('utf8') };
  });
  socket.on('error', () => undefined);
  return client;
}
