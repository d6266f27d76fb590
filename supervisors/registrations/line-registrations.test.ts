/**
 * The node's registrations over a real registrar (memory location store, the test kit's fake
 * authenticator) and the store on PostgreSQL with the demo lines: the lines of the tenants asked
 * with their contacts on any registration domain, and `line_status_updated` on the bus when a line
 * gains or loses a contact, never on a refresh.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ensureDemoConfiguration, listLines } from '../../store/index.ts';
import { createMigratedTestDatabase, type TestDatabase } from '../../store/test-database.ts';
import { DOMAIN, PHONE, registrarHarness, registerRequest } from '../../transport/sip/registrar/registrar-test-kit.ts';
import { waitUntil } from '../../test/support/wait-until.ts';
import type { BusEvent } from '../bus/event-bus.ts';
import { createLineRegistrations } from './line-registrations.ts';
import { lineStatusEvents } from './line-status-events.ts';

const OTHER_DOMAIN = 'other.example.com';
const ANOTHER_TENANT = '99999999-9999-4999-8999-999999999999';

let database: TestDatabase;
let tenantUuid = '';
let published: BusEvent[];
let harness: ReturnType<typeof registrarHarness>;

before(async () => {
  database = await createMigratedTestDatabase('postgres');
  await ensureDemoConfiguration(database, { password: () => 'secret' });
  tenantUuid = (await listLines(database))[0]?.tenantUuid ?? '';
});
after(async () => {
  await database.close();
});
beforeEach(() => {
  published = [];
  const onEvent = lineStatusEvents({
    database: () => database, registrar: () => harness.registrar, registrationDomains: [DOMAIN, OTHER_DOMAIN],
    bus: { publish: (event) => void published.push(event) }, nodeUuid: 'node-1', logger: { warn: () => undefined },
  });
  harness = registrarHarness({ isLocalDomain: (host) => host === DOMAIN || host === OTHER_DOMAIN, onEvent });
});

const registrations = () => createLineRegistrations({ database: () => database, registrar: () => harness.registrar, registrationDomains: [DOMAIN, OTHER_DOMAIN], now: () => harness.clock.now() });

async function register(user: string, shape: { expires?: string; uri?: string; callId?: string; cseq?: number } = {}): Promise<number> {
  const headers = { 'user-agent': ['Yealink T46U'], path: ['<sip:edge.example.net;lr>'], supported: ['path'] };
  return (await harness.registrar.handleRegister(registerRequest({ user, headers, ...shape }), PHONE)).status;
}

describe('the line registrations', () => {
  it('MUST list the lines of the tenants asked with each contact once, from any registration domain, with its source, user agent and path', async () => {
    assert.equal(await register('1001'), 200);
    assert.equal(await register('1001', { uri: `sip:${OTHER_DOMAIN}`, callId: 'other-domain' }), 200);
    const answer = await registrations().lines({ tenantUuids: [tenantUuid] });
    assert.deepEqual(answer.type === 'ok' ? answer.items.map((line) => [line.name, line.contacts.map((contact) => [contact.contact, contact.source.address, contact.userAgent, contact.path])]) : answer, [
      ['1001', [['sip:1001@192.168.1.20:5060', PHONE.address, 'Yealink T46U', ['<sip:edge.example.net;lr>']]]],
      ['1002', []],
    ]);
  });

  it("MUST list no line of a tenant not asked, and answer unavailable while the store is down", async () => {
    const none = await registrations().lines({ tenantUuids: [ANOTHER_TENANT] });
    const down = await createLineRegistrations({ database: () => undefined, registrar: () => harness.registrar, registrationDomains: [DOMAIN], now: () => 0 }).lines({ tenantUuids: [tenantUuid] });
    assert.deepEqual([none, down.type], [{ type: 'ok', total: 0, items: [] }, 'unavailable']);
  });
});

describe('line_status_updated', () => {
  it("MUST tell a line registered, in its tenant and under its ACL, once its first contact is bound", async () => {
    await register('1002');
    assert.ok(await waitUntil(() => published.length === 1));
    const event = published[0];
    assert.deepEqual([event?.name, event?.tenant_uuid, event?.required_acl, (event?.data as { registered: boolean; contact_count: number; name: string })], [
      'line_status_updated', tenantUuid, `events.lines.${String((event?.data as { id: number }).id)}.status.updated`,
      { id: (event?.data as { id: number }).id, technology: 'sip', name: '1002', registered: true, contact_count: 1, change: 'registration.added', contact: 'sip:1002@192.168.1.20:5060' },
    ]);
  });

  it('MUST tell nothing on a refresh, and the line unregistered once its last contact is removed', async () => {
    await register('1002', { cseq: 1 });
    assert.ok(await waitUntil(() => published.length === 1));
    await register('1002', { cseq: 2 });
    await register('1002', { cseq: 3, expires: '0' });
    assert.ok(await waitUntil(() => published.length >= 2));
    assert.deepEqual(published.map((event) => (event.data as { registered: boolean }).registered), [true, false]);
  });
});
