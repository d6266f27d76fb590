/**
 * The native control WebSocket through a real uWebSockets.js server and a real WebSocket client:
 * authentication, commands, filtered events, token end, formats, resume and back-pressure.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openControlClient, type ReceivedFrame } from '../../test/support/control-client.ts';
import { ALICE, BOB, callEvent, CHILD_TENANT, OTHER_TENANT, TENANT, startControlServer, token, tokens, type ControlTestServer } from '../../test/support/control-server.ts';

const events = (client: { frames: ReceivedFrame[] }) => client.frames.filter((frame) => frame.type === 'event');

let server: ControlTestServer;
before(async () => {
  server = await startControlServer();
});
after(() => server.stop());

describe('control API: authentication', () => {
  it('MUST welcome a valid token given as ?token= or in an authenticate frame, with a session id', async () => {
    const byQuery = await openControlClient(server.url('?token=alice'));
    const welcome = await byQuery.waitFor((frame) => frame.type === 'welcome');
    assert.equal(typeof welcome['session'], 'string');
    const byFrame = await openControlClient(server.url());
    byFrame.send({ type: 'authenticate', token: 'alice' });
    assert.equal((await byFrame.waitFor((frame) => frame.type === 'welcome'))['protocol'], 'parley.control.v1');
    byQuery.close();
    byFrame.close();
  });

  it('MUST close 4001 on a first frame that is not authenticate, and 4002 on an unknown token or one without the websocketd ACL', async () => {
    const first = await openControlClient(server.url());
    first.send({ type: 'command', id: '1', name: 'ping' });
    assert.equal((await first.waitClosed()).code, 4001);
    const codes = [];
    for (const id of ['nope', 'no-websocketd']) codes.push((await (await openControlClient(server.url(`?token=${id}`))).waitClosed()).code);
    assert.deepEqual(codes, [4002, 4002]);
  });

  it('MUST close 4003 when the token is deleted (auth_token_deleted) or expires', async () => {
    const client = await openControlClient(server.url('?token=alice'));
    await client.waitFor((frame) => frame.type === 'welcome');
    server.publish({ name: 'auth_token_deleted', origin_uuid: 'node', data: { token: 'alice' } });
    assert.equal((await client.waitClosed()).code, 4003);
    tokens.set('short', token('short', ['websocketd'], ALICE, Date.now() + 1_500));
    const short = await openControlClient(server.url('?token=short'));
    assert.equal((await short.waitClosed()).code, 4003);
  });
});

describe('control API: limits', () => {
  it('MUST close a socket that does not authenticate in time with 4001, and one sending a frame past 64 KiB with 1009', async () => {
    const quick = await startControlServer({ authenticationTimeoutMs: 100 });
    try {
      const idle = await openControlClient(quick.url());
      assert.equal((await idle.waitClosed()).code, 4001);
    } finally {
      quick.stop();
    }
    const client = await openControlClient(server.url('?token=alice'));
    await client.waitFor((frame) => frame.type === 'welcome');
    client.send({ type: 'command', id: 'big', name: 'ping', args: { padding: 'x'.repeat(70 * 1024) } });
    assert.equal((await client.waitClosed()).code, 1009);
  });
});

describe('control API: commands', () => {
  it('MUST answer commands with typed replies: ok with a result, or unknown_command, invalid_arguments, forbidden, command_failed', async () => {
    const client = await openControlClient(server.url('?token=alice'));
    await client.waitFor((frame) => frame.type === 'welcome');
    const ping = await client.command('p', 'ping');
    assert.deepEqual([ping['ok'], (ping['result'] as { pong: boolean }).pong], [true, true]);
    const codes = [];
    for (const [id, name, args] of [['u', 'calls.teleport', {}], ['i', 'calls.hangup', { call: 1 }], ['f', 'calls.hangup', { call_id: 'c1' }], ['c', 'calls.count', {}]] as const) {
      codes.push(((await client.command(id, name, args))['error'] as { code: string }).code);
    }
    assert.deepEqual(codes, ['unknown_command', 'invalid_arguments', 'forbidden', 'forbidden']);
    client.close();
  });

  it('MUST run a command whose ACL the token holds, and report a command that throws as command_failed', async () => {
    const client = await openControlClient(server.url('?token=admin'));
    await client.waitFor((frame) => frame.type === 'welcome');
    assert.deepEqual((await client.command('h', 'calls.hangup', { call_id: 'c1' }))['result'], { hung_up: 'c1' });
    assert.deepEqual([(await client.command('n', 'calls.count'))['result'], ((await client.command('b', 'calls.hangup', { call_id: 'boom' }))['error'] as { code: string }).code], [{ count: 3 }, 'command_failed']);
    client.close();
  });
});

describe('control API: events', () => {
  it("MUST deliver only subscribed events the token may see, each with the next sequence, and never another user's", async () => {
    const client = await openControlClient(server.url('?token=alice'));
    await client.waitFor((frame) => frame.type === 'welcome');
    await client.command('s', 'subscriptions.add', { events: ['call_created'] });
    server.publish(callEvent('call_created', BOB));
    server.publish(callEvent('call_ended', ALICE));
    server.publish(callEvent('call_created', ALICE, { call_id: 'c1' }));
    server.publish({ name: 'internal', origin_uuid: 'node', data: {} });
    server.publish({ name: 'call_created', origin_uuid: 'node', required_acl: null, data: { call_id: 'c2' } });
    await client.waitFor((frame) => frame.type === 'event' && frame['sequence'] === 2);
    assert.deepEqual(events(client).map((frame) => [frame['sequence'], (frame['data'] as { call_id: string }).call_id]), [[1, 'c1'], [2, 'c2']]);
    client.close();
  });

  it("MUST keep another tenant's events from a token, whatever its ACLs, and show it the tenants below its own", async () => {
    const client = await openControlClient(server.url('?token=admin'));
    await client.waitFor((frame) => frame.type === 'welcome');
    await client.command('1', 'subscriptions.add', { events: ['*'] });
    server.publish({ ...callEvent('call_created', ALICE, { call_id: 'other' }), tenant_uuid: OTHER_TENANT });
    server.publish({ ...callEvent('call_created', ALICE, { call_id: 'child' }), tenant_uuid: CHILD_TENANT });
    server.publish({ ...callEvent('call_created', ALICE, { call_id: 'own' }), tenant_uuid: TENANT });
    await client.command('2', 'ping');
    assert.deepEqual(events(client).map((frame) => (frame['data'] as { call_id: string }).call_id), ['child', 'own']);
    client.close();
  });

  it('MUST filter by call, user and queue, and stop delivering once a subscription is removed', async () => {
    const client = await openControlClient(server.url('?token=admin'));
    await client.waitFor((frame) => frame.type === 'welcome');
    const byCall = await client.command('1', 'subscriptions.add', { call: 'c9' });
    await client.command('2', 'subscriptions.add', { user: BOB, events: ['call_ended'] });
    await client.command('3', 'subscriptions.add', { queue: 7 });
    server.publish(callEvent('call_updated', ALICE, { call_id: 'c9' }));
    server.publish(callEvent('call_updated', ALICE, { call_id: 'c8' }));
    server.publish(callEvent('call_ended', BOB, { call_id: 'b1' }));
    server.publish(callEvent('call_created', BOB, { call_id: 'b2' }));
    server.publish({ name: 'queue_caller_joined', origin_uuid: 'node', required_acl: 'events.queues', data: { queue_id: 7 } });
    await client.command('4', 'subscriptions.remove', { subscription: (byCall['result'] as { subscription: string }).subscription });
    server.publish(callEvent('call_updated', ALICE, { call_id: 'c9' }));
    await client.command('5', 'ping');
    assert.deepEqual(events(client).map((frame) => frame['name']), ['call_updated', 'call_ended', 'queue_caller_joined']);
    client.close();
  });
});

describe('control API: formats', () => {
  it('MUST speak msgpack binary frames under parley.control.v1.msgpack, and refuse an upgrade offering only unknown subprotocols', async () => {
    const client = await openControlClient(server.url('?token=alice'), { protocol: 'parley.control.v1.msgpack', msgpack: true });
    await client.waitFor((frame) => frame.type === 'welcome');
    assert.equal(client.socket.protocol, 'parley.control.v1.msgpack');
    assert.equal((await client.command('p', 'ping'))['ok'], true);
    client.close();
    await assert.rejects(openControlClient(server.url('?token=alice'), { protocol: 'graphql-ws' }), /400/);
  });
});
