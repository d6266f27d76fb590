/**
 * websocketd under random input: whatever frames a client sends (random bytes, random text, random
 * JSON, random `op` and `data`), each gets a defined reply or the connection closes with 4004 or
 * 1009 (4002 for a renewal with an unknown token), and the server keeps serving. A text frame that is not UTF-8 fails the connection without
 * a close frame (uWebSockets.js, as RFC 6455 §8.1 asks): the client sees 1006.
 */
import '../../test/support/property-seed.ts';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { us_listen_socket } from 'uWebSockets.js';
import { loadNativeUws } from '../../transport/index.ts';
import type { TokenResolver, VerifiedToken } from '../auth/verified-token.ts';
import { createWebsocketd, type Websocketd } from './websocketd-endpoint.ts';
import { connectWebsocketd, websocketdUrl } from '../../test/support/websocketd-client.ts';
import { waitUntil } from '../../test/support/wait-until.ts';

const TOKEN: VerifiedToken = {
  token: 'prop-token', tenantUuid: 't', authId: 'u', userUuid: 'u', acl: ['websocketd', 'events.#'], issuedAtMs: 0, expiresAtMs: Number.MAX_SAFE_INTEGER,
};
const resolver: TokenResolver = { resolve: (tokenId) => Promise.resolve(tokenId === TOKEN.token ? TOKEN : undefined) };
const MAX_PAYLOAD = 4 * 1024;

let websocketd: Websocketd;
let listen: us_listen_socket | undefined;
let port = 0;

before(async () => {
  const uws = loadNativeUws();
  const app = uws.App();
  websocketd = createWebsocketd({
    tenants: { visibleFrom: (tenant: string) => Promise.resolve([tenant]) }, tokens: resolver, events: () => () => undefined, maxPayloadBytes: MAX_PAYLOAD });
  websocketd.mount(app);
  listen = await new Promise<us_listen_socket>((resolve, reject) => app.listen('127.0.0.1', 0, (socket) => (socket === false ? reject(new Error('listen')) : resolve(socket))));
  port = uws.us_socket_local_port(listen);
});

after(() => {
  websocketd.close();
  if (listen !== undefined) loadNativeUws().us_listen_socket_close(listen);
});

/** `raw`: bytes sent as a text frame, not necessarily UTF-8. */
type Frame = { readonly type: 'text'; readonly text: string } | { readonly type: 'binary' | 'raw'; readonly bytes: Uint8Array };

const ops = fc.oneof(fc.constantFrom('subscribe', 'start', 'ping', 'token', 'event', ''), fc.string(), fc.anything());
const opFrames = fc
  .record({ op: ops, data: fc.oneof(fc.record({ event_name: fc.oneof(fc.string(), fc.anything()) }), fc.record({ payload: fc.oneof(fc.string(), fc.anything()) }), fc.anything()) }, { requiredKeys: [] })
  .map((message): Frame => ({ type: 'text', text: JSON.stringify(message) ?? 'null' }));
const frames: fc.Arbitrary<Frame> = fc.oneof(
  opFrames,
  fc.json().map((text): Frame => ({ type: 'text', text })),
  fc.string({ unit: 'binary', maxLength: 64 }).map((text): Frame => ({ type: 'text', text })),
  fc.uint8Array({ maxLength: 64 }).map((bytes): Frame => ({ type: 'binary', bytes })),
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes): Frame => ({ type: 'raw', bytes })),
  fc.integer({ min: MAX_PAYLOAD + 1, max: MAX_PAYLOAD * 3 }).map((size): Frame => ({ type: 'text', text: 'z'.repeat(size) })),
);

const REPLIES = new Set(['subscribe', 'start', 'pong', 'token']);
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
function isUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

describe('websocketd under random frames', () => {
  it('MUST answer every frame with a defined reply or close with 4004 or 1009, and keep serving', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(frames, { minLength: 1, maxLength: 4 }), async (sequence) => {
        const client = connectWebsocketd(websocketdUrl(port, TOKEN.token));
        await client.messages(1);
        for (const frame of sequence) {
          if (frame.type === 'text') client.socket.send(frame.text);
          else client.socket.send(frame.bytes, { binary: frame.type === 'binary' });
        }
        const settled = await waitUntil(() => client.closed !== undefined || client.texts.length === 1 + sequence.length, { timeoutMs: 5_000, intervalMs: 5 });
        assert.ok(settled, `no answer to ${JSON.stringify(sequence).slice(0, 300)}: ${JSON.stringify(client.texts)}`);
        for (const text of client.texts.slice(1)) {
          const reply = JSON.parse(text) as { op?: unknown; code?: unknown };
          assert.ok(typeof reply.op === 'string' && REPLIES.has(reply.op) && reply.code === 0, text);
        }
        const notUtf8 = sequence.some((frame) => frame.type === 'raw' && !isUtf8(frame.bytes));
        // A `token` frame naming an unknown token ends the session as a failed authentication.
        const renewal = sequence.some((frame) => frame.type === 'text' && frame.text.includes('"token"'));
        const allowed = [4004, 1009, ...(notUtf8 ? [1006] : []), ...(renewal ? [4002] : [])];
        if (client.closed !== undefined) assert.ok(allowed.includes(client.closed.code), `closed with ${client.closed.code}`);
        client.close();
      }),
      { numRuns: 80 },
    );
    const fresh = connectWebsocketd(websocketdUrl(port, TOKEN.token));
    assert.deepEqual(await fresh.messages(1), [{ op: 'init', code: 0, data: { version: 2 } }]);
    fresh.close();
  });
});
