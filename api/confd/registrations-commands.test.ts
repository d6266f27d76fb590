/**
 * `registrations.list` and `trunks.list` through the real control API (uWebSockets.js server and
 * WebSocket client) over fake ports: the ACLs of the REST routes they mirror, refused by the
 * server; only the lines and trunks of the tenants the token sees; a line's contacts and status as
 * `sip show peers` shows them; `unavailable` while the store or SIP is down.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openControlClient, type ControlClient } from '../../test/support/control-client.ts';
import { CHILD_TENANT, OTHER_TENANT, TENANT, startControlServer, token, tokens, type ControlTestServer } from '../../test/support/control-server.ts';
import { trunkCommands } from '../calld/trunk-commands.ts';
import type { TrunkStatusItem } from '../calld/trunk-routes.ts';
import type { LineRegistration, LineRegistrationsAnswer, LineRegistrationsPort, LineRegistrationsQuery } from './line-registrations-port.ts';
import { registrationsCommands } from './registrations-commands.ts';

const NOW_MS = 1_800_000_000_000;

const line = (id: number, tenantUuid: string, name: string, contacts: LineRegistration['contacts'] = []): LineRegistration => ({
  id, tenantUuid, name, context: 'default', users: [`User ${name}`], extensions: [`${name}@default`], contacts,
});
const PHONE = {
  contact: 'sip:1001@192.0.2.7:5062;transport=udp', source: { transport: 'udp', address: '203.0.113.9', port: 40_000 }, userAgent: 'Yealink T46U',
  expiresAtMs: NOW_MS + 299_600, path: ['<sip:edge.example.net;lr>'], instanceId: '<urn:uuid:00000000-0000-1000-8000-000000000001>', regId: 1,
};
const LINES = [line(1, TENANT, '1001', [PHONE]), line(2, CHILD_TENANT, '2001'), line(3, OTHER_TENANT, '3001')];
const TRUNKS: TrunkStatusItem[] = [
  { tenantUuid: OTHER_TENANT, view: { id: 9, name: 'elsewhere', registration: 'registered', reachability: 'reachable' } },
  { tenantUuid: TENANT, view: { id: 4, name: 'provider', registration: 'failed', reachability: 'unreachable' } },
];

let answer: LineRegistrationsAnswer = { type: 'ok', total: LINES.length, items: LINES };
const queries: LineRegistrationsQuery[] = [];
const port: LineRegistrationsPort = {
  now: () => NOW_MS,
  // Answers every line whatever the tenants asked: the command itself must keep to the token's.
  lines: (query) => {
    queries.push(query);
    return Promise.resolve(answer);
  },
};

let server: ControlTestServer;
const clients: ControlClient[] = [];

before(async () => {
  tokens.set('lines-reader', token('lines-reader', ['websocketd', 'confd.lines.read', 'calld.trunks.read']));
  tokens.set('other-reader', { ...token('other-reader', ['websocketd', 'confd.lines.read', 'calld.trunks.read']), tenantUuid: OTHER_TENANT });
  server = await startControlServer({ commands: { ...registrationsCommands(port), ...trunkCommands({ statuses: () => TRUNKS }) } });
});
after(() => {
  for (const client of clients) client.close();
  server.stop();
});

async function session(tokenId: string): Promise<ControlClient> {
  const client = await openControlClient(server.url(`?token=${tokenId}`));
  clients.push(client);
  await client.waitFor((frame) => frame.type === 'welcome');
  return client;
}

const errorCode = (reply: Record<string, unknown>): string | undefined => (reply['error'] as { code?: string } | undefined)?.code;
const names = (reply: Record<string, unknown>): unknown[] => ((reply['result'] as { items: { name: unknown }[] }).items).map((item) => item.name);

describe('registrations.list', () => {
  it('MUST be refused with forbidden by the server to a token without confd.lines.read', async () => {
    const client = await session('alice');
    assert.equal(errorCode(await client.command('r', 'registrations.list')), 'forbidden');
  });

  it("MUST list the lines of the token's tenant and those below it, and none of another tenant", async () => {
    const client = await session('lines-reader');
    const reply = await client.command('r', 'registrations.list');
    assert.deepEqual([names(reply), queries.at(-1)?.tenantUuids], [['1001', '2001'], [TENANT, CHILD_TENANT]]);
  });

  it("MUST show another tenant's token its own lines only, and count only those", async () => {
    const client = await session('other-reader');
    const reply = await client.command('r', 'registrations.list');
    assert.deepEqual([names(reply), (reply['result'] as { total: number }).total], [['3001'], 1]);
  });

  it('MUST show each contact with its source, user agent, time left, path and instance, and the line registered', async () => {
    const client = await session('lines-reader');
    const first = ((await client.command('r', 'registrations.list', { search: '1001' }))['result'] as { items: Record<string, unknown>[] }).items[0];
    assert.deepEqual(first, {
      id: 1, tenant_uuid: TENANT, name: '1001', context: 'default', users: ['User 1001'], extensions: ['1001@default'], status: 'registered',
      contacts: [{
        contact: PHONE.contact, transport: 'udp', source_address: '203.0.113.9', source_port: 40_000, user_agent: 'Yealink T46U', expires_in_s: 300,
        path: PHONE.path, instance_id: PHONE.instanceId, reg_id: 1,
      }],
    });
  });

  it('MUST show a line without contact as unregistered, and pass the search on', async () => {
    const client = await session('lines-reader');
    const items = ((await client.command('r', 'registrations.list', { search: '2001' }))['result'] as { items: Record<string, unknown>[] }).items;
    assert.deepEqual([items[1]?.['status'], queries.at(-1)?.search], ['unregistered', '2001']);
  });

  it('MUST answer unavailable while the store or SIP is down, and refuse unknown arguments', async () => {
    const client = await session('lines-reader');
    answer = { type: 'unavailable', message: 'down' };
    try {
      assert.deepEqual([errorCode(await client.command('u', 'registrations.list')), errorCode(await client.command('i', 'registrations.list', { tenant: OTHER_TENANT }))], ['unavailable', 'invalid_arguments']);
    } finally {
      answer = { type: 'ok', total: LINES.length, items: LINES };
    }
  });
});

describe('trunks.list', () => {
  it('MUST be refused with forbidden to a token without calld.trunks.read', async () => {
    const client = await session('alice');
    assert.equal(errorCode(await client.command('t', 'trunks.list')), 'forbidden');
  });

  it("MUST list the trunks of the token's tenants with their registration and reachability, and none of another tenant", async () => {
    const [mine, other] = [await session('lines-reader'), await session('other-reader')];
    assert.deepEqual([(await mine.command('t', 'trunks.list'))['result'], names(await other.command('t', 'trunks.list'))], [
      { total: 1, items: [{ id: 4, name: 'provider', registration: 'failed', reachability: 'unreachable', tenant_uuid: TENANT }] },
      ['elsewhere'],
    ]);
  });
});
