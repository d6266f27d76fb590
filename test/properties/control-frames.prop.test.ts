/**
 * Property: every frame a client can send to the control WebSocket gets a clear answer (a reply,
 * an error frame, or a close with a documented code), never silence or a crash, in JSON and in
 * msgpack, authenticated or not; and the server keeps serving afterwards. Frames are random bytes,
 * random text, random JSON, and near-valid objects of every frame type with random fields.
 */
import '../support/property-seed.ts';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { pack } from 'msgpackr';
import { openControlClient, type ControlClient } from '../support/control-client.ts';
import { startControlServer, type ControlTestServer } from '../support/control-server.ts';

const DOCUMENTED_CLOSE_CODES = new Set([1001, 1009, 4001, 4002, 4003, 4008, 4010]);

let server: ControlTestServer;
before(async () => {
  server = await startControlServer();
});
after(() => server.stop());

const nearValid = fc.record(
  {
    type: fc.oneof(fc.constantFrom('authenticate', 'resume', 'command', 'subscribe', ''), fc.string(), fc.integer()),
    id: fc.oneof(fc.string({ maxLength: 140 }), fc.integer(), fc.double(), fc.constant(null), fc.array(fc.integer(), { maxLength: 2 })),
    name: fc.oneof(fc.constantFrom('ping', 'calls.count', 'calls.hangup', 'subscriptions.add', 'subscriptions.remove', 'subscriptions.list', 'session.info', 'toString', '__proto__'), fc.string()),
    args: fc.oneof(fc.jsonValue(), fc.record({ events: fc.array(fc.string(), { maxLength: 3 }), call: fc.string(), call_id: fc.string(), subscription: fc.string(), queue: fc.oneof(fc.integer(), fc.string()) }, { requiredKeys: [] })),
    token: fc.oneof(fc.string({ maxLength: 600 }), fc.integer()),
    session: fc.oneof(fc.uuid(), fc.string({ maxLength: 70 })),
    after_sequence: fc.oneof(fc.integer(), fc.double(), fc.string()),
  },
  { requiredKeys: ['type'] },
);

/** One frame: what to send, and whether as binary. */
const frame = fc.oneof(
  fc.uint8Array({ maxLength: 256 }).map((bytes) => ({ data: Buffer.from(bytes), binary: true, value: undefined as unknown })),
  fc.string({ maxLength: 256 }).map((text) => ({ data: text, binary: false, value: undefined as unknown })),
  fc.jsonValue().map((value) => ({ data: JSON.stringify(value) ?? 'null', binary: false, value })),
  nearValid.map((value) => ({ data: JSON.stringify(value), binary: false, value: value as unknown })),
);

let sentinel = 0;

const closedClearly = (client: ControlClient): boolean => client.closed !== undefined && DOCUMENTED_CLOSE_CODES.has(client.closed.code);

/** Sends the frame then a ping; the frame must have been answered before the ping's reply, or the socket closed with a documented code. */
async function answered(client: ControlClient, input: { data: string | Buffer; binary: boolean; value: unknown }, msgpack: boolean): Promise<boolean> {
  const from = client.frames.length;
  if (msgpack && input.value !== undefined) client.sendRaw(pack(input.value), true);
  else client.sendRaw(input.data, input.binary);
  if (client.closed !== undefined) return closedClearly(client);
  const id = `sentinel-${(sentinel += 1)}`;
  client.send({ type: 'command', id, name: 'ping' });
  try {
    await client.waitFor((received) => received.type === 'reply' && received['id'] === id);
  } catch {
    return closedClearly(client);
  }
  const answers = client.frames.slice(from).filter((received) => !(received.type === 'reply' && received['id'] === id));
  return answers.some((received) => received.type === 'reply' || received.type === 'error');
}

async function authenticatedClient(msgpack: boolean): Promise<ControlClient> {
  const client = await openControlClient(server.url('?token=admin'), msgpack ? { protocol: 'parley.control.v1.msgpack', msgpack: true } : {});
  await client.waitFor((received) => received.type === 'welcome');
  return client;
}

describe('control WebSocket input (property)', () => {
  for (const msgpack of [false, true]) {
    it(`MUST answer every frame of an authenticated ${msgpack ? 'msgpack' : 'JSON'} client with a reply, an error or a documented close`, async () => {
      let client = await authenticatedClient(msgpack);
      await fc.assert(
        fc.asyncProperty(frame, async (input) => {
          if (client.closed !== undefined) client = await authenticatedClient(msgpack);
          assert.ok(await answered(client, input, msgpack), `unanswered: ${JSON.stringify(input.data).slice(0, 200)}`);
        }),
        { numRuns: 300 },
      );
      client.close();
    });
  }

  it('MUST close an unauthenticated client that sends anything but a valid authenticate with 4001 or 4002', async () => {
    await fc.assert(
      fc.asyncProperty(frame, async (input) => {
        const client = await openControlClient(server.url());
        client.sendRaw(input.data, input.binary);
        const closed = await client.waitClosed();
        assert.ok(closed.code === 4001 || closed.code === 4002, `closed with ${closed.code}`);
      }),
      { numRuns: 60 },
    );
  });

  it('MUST keep serving afterwards', async () => {
    const client = await authenticatedClient(false);
    assert.equal((await client.command('after', 'ping'))['ok'], true);
    client.close();
  });
});
