/**
 * A control API client for tests: a real WebSocket (the `ws` package) that records every frame
 * the server sends (JSON or msgpack) and how the socket closed, and waits for conditions.
 */
import { unpack, pack } from 'msgpackr';
import WebSocket from 'ws';
import { waitUntil } from './wait-until.ts';

export interface ReceivedFrame {
  readonly type: string;
  readonly [field: string]: unknown;
}

export interface ControlClient {
  readonly socket: WebSocket;
  readonly frames: ReceivedFrame[];
  /** Set once the socket closed. */
  closed: { code: number; reason: string } | undefined;
  send(frame: unknown): void;
  sendRaw(data: string | Buffer, binary: boolean): void;
  /** Resolves with the first frame (from `from` on) matching, or rejects after `timeoutMs`. */
  waitFor(match: (frame: ReceivedFrame) => boolean, timeoutMs?: number): Promise<ReceivedFrame>;
  waitClosed(timeoutMs?: number): Promise<{ code: number; reason: string }>;
  /** Sends a command and waits for its reply. */
  command(id: string, name: string, args?: unknown): Promise<ReceivedFrame>;
  close(): void;
}

export async function openControlClient(url: string, options: { readonly protocol?: string; readonly msgpack?: boolean; readonly insecureTls?: boolean } = {}): Promise<ControlClient> {
  const socket = new WebSocket(url, options.protocol === undefined ? [] : [options.protocol], options.insecureTls === true ? { rejectUnauthorized: false } : {});
  const msgpack = options.msgpack === true;
  const client: ControlClient = {
    socket,
    frames: [],
    closed: undefined,
    send: (frame) => socket.send(msgpack ? pack(frame) : JSON.stringify(frame)),
    sendRaw: (data, binary) => socket.send(data, { binary }),
    async waitFor(match, timeoutMs = 5_000) {
      let found: ReceivedFrame | undefined;
      const ok = await waitUntil(() => (found = client.frames.find(match)) !== undefined || client.closed !== undefined, { timeoutMs, intervalMs: 5 });
      found ??= client.frames.find(match);
      if (!ok || found === undefined) throw new Error(`no matching frame (closed: ${JSON.stringify(client.closed)}; last: ${JSON.stringify(client.frames.slice(-3))})`);
      return found;
    },
    async waitClosed(timeoutMs = 5_000) {
      if (!(await waitUntil(() => client.closed !== undefined, { timeoutMs, intervalMs: 5 }))) throw new Error('the socket did not close');
      return client.closed as { code: number; reason: string };
    },
    async command(id, name, args) {
      client.send(args === undefined ? { type: 'command', id, name } : { type: 'command', id, name, args });
      return client.waitFor((frame) => frame.type === 'reply' && frame['id'] === id);
    },
    close: () => socket.close(),
  };
  socket.on('message', (data: Buffer, isBinary: boolean) => {
    client.frames.push((isBinary ? unpack(data) : JSON.parse(data.toString('utf8'))) as ReceivedFrame);
  });
  socket.on('close', (code, reason) => {
    client.closed = { code, reason: reason.toString('utf8') };
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
    socket.once('unexpected-response', (request, response) => {
      request.destroy();
      reject(new Error(`upgrade refused: ${response.statusCode}`));
    });
  });
  socket.on('error', () => undefined);
  return client;
}
