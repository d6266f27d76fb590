import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectWritten } from '../expect-written.ts';
import type { TenantUuid } from '../ids.ts';
import { createMigratedTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../test-database.ts';
import { createContext } from './contexts.ts';
import { createEndpointSip, findEndpointSip, updateEndpointSip } from './endpoint-sip-admin.ts';
import { associateLineEndpointSip, createLine } from './line-admin.ts';
import { createRegisterSip, deleteRegisterSip, findRegisterSip, listRegisterSipPage, updateRegisterSip } from './register-sip-admin.ts';
import {
  associateTrunkEndpointSip, associateTrunkRegisterSip, createTrunk, deleteTrunk, dissociateTrunkEndpointSip, findTrunk, listTrunkPage, updateTrunk,
} from './trunk-admin.ts';
import { loadTrunkRuntime } from './trunk-runtime.ts';
import { findSipCredentials, findTrunkSipCredentials } from './sip-credentials.ts';
import { createTenant } from './tenants.ts';

for (const kind of TEST_DATABASE_KINDS) {
  describe(`trunks, SIP endpoints of trunks and outbound registrations, on ${kind}`, () => {
    let db: TestDatabase;
    let tenant: TenantUuid;
    before(async () => {
      db = await createMigratedTestDatabase(kind);
      const { rows } = await db.query<{ uuid: TenantUuid }>('SELECT uuid::text AS uuid FROM tenant WHERE is_default');
      tenant = rows[0]?.uuid as TenantUuid;
      expectWritten(await createContext(db, { name: 'from-extern', type: 'incall' }));
    });
    after(() => db.close());

    it('creates a trunk in a context with the Wazo defaults, and lists it', async () => {
      const trunk = expectWritten(await createTrunk(db, { tenantUuid: tenant, context: 'from-extern' }));
      assert.deepEqual([trunk.context, trunk.description, trunk.outgoingCallerIdFormat, trunk.endpointSip, trunk.registerSip], ['from-extern', '', '+E164', null, null]);
      const page = await listTrunkPage(db, [tenant], { order: 'id' });
      assert.ok(page.items.some((item) => item.id === trunk.id));
    });

    it('gives the digest credentials of a host: dynamic trunk endpoint, and none of a fixed-host one or a line\'s', async () => {
      const dynamic = expectWritten(await createEndpointSip(db, { tenantUuid: tenant, username: 'office-b', secret: 'office-secret', host: 'dynamic' }));
      const fixed = expectWritten(await createEndpointSip(db, { tenantUuid: tenant, username: 'provider-fixed', secret: 'pass', host: '192.0.2.10' }));
      const trunk = expectWritten(await createTrunk(db, { tenantUuid: tenant, context: 'from-extern' }));
      const other = expectWritten(await createTrunk(db, { tenantUuid: tenant, context: 'from-extern' }));
      expectWritten(await associateTrunkEndpointSip(db, trunk.id, dynamic.id));
      expectWritten(await associateTrunkEndpointSip(db, other.id, fixed.id));
      assert.deepEqual(await findTrunkSipCredentials(db, 'office-b'), { trunkId: trunk.id, username: 'office-b', secret: 'office-secret', tenantUuid: tenant });
      assert.equal(await findTrunkSipCredentials(db, 'provider-fixed'), undefined, 'a fixed peer does not register to us');
      assert.equal(await findSipCredentials(db, 'office-b'), undefined, 'a trunk endpoint is no line');
      assert.equal(await findTrunkSipCredentials(db, "office-b' OR '1'='1"), undefined);
    });

    it('refuses a trunk in a context that does not exist (trunk_context_fkey)', async () => {
      const result = await createTrunk(db, { tenantUuid: tenant, context: 'nowhere' });
      assert.equal(result.type === 'error' && result.constraint, 'trunk_context_fkey');
    });

    it('keeps the seed\'s endpoint fields: username, secret, type, host and options', async () => {
      const endpoint = expectWritten(await createEndpointSip(db, {
        tenantUuid: tenant, username: 'provider-trunk', secret: 'pass', type: 'peer', host: 'voip.provider.example.com', options: [['qualify', 'yes'], ['qualifyfreq', '30']],
      }));
      assert.deepEqual([endpoint.type, endpoint.host, endpoint.options, endpoint.lineId, endpoint.trunkId], ['peer', 'voip.provider.example.com', [['qualify', 'yes'], ['qualifyfreq', '30']], null, null]);
      const updated = expectWritten(await updateEndpointSip(db, endpoint.uuid, [tenant], { options: [['nat', 'yes']], host: '192.0.2.10:5070' }));
      assert.deepEqual([updated.host, updated.options], ['192.0.2.10:5070', [['nat', 'yes']]]);
    });

    it('gives a line\'s endpoint the line defaults (host dynamic, type friend, no options)', async () => {
      const endpoint = expectWritten(await createEndpointSip(db, { tenantUuid: tenant, username: 'phone-1', secret: 'pass' }));
      assert.deepEqual([endpoint.host, endpoint.type, endpoint.options], ['dynamic', 'friend', []]);
    });

    it('refuses a host that is neither dynamic nor a host[:port], and an unknown type', async () => {
      const host = await createEndpointSip(db, { tenantUuid: tenant, username: 'bad-host', secret: 'pass', host: 'a b' });
      assert.equal(host.type === 'error' && host.constraint, 'endpoint_sip_host_check');
      const type = await createEndpointSip(db, { tenantUuid: tenant, username: 'bad-type', secret: 'pass', type: 'bogus' as never });
      assert.equal(type.type === 'error' && type.constraint, 'endpoint_sip_type_check');
    });

    it('associates a trunk with its endpoint and registration, and the runtime view reads both', async () => {
      const trunk = expectWritten(await createTrunk(db, { tenantUuid: tenant, context: 'from-extern', description: 'provider' }));
      const endpoint = expectWritten(await createEndpointSip(db, { tenantUuid: tenant, username: 'wazo-trunk', secret: 'pass', type: 'friend', host: 'wazo-b.example' }));
      const register = expectWritten(await createRegisterSip(db, { tenantUuid: tenant, authUsername: 'wazo-trunk', authPassword: 'pass', remoteHost: 'wazo-b.example', callbackExtension: '1000' }));
      expectWritten(await associateTrunkEndpointSip(db, trunk.id, endpoint.id));
      expectWritten(await associateTrunkRegisterSip(db, trunk.id, register.id));
      const read = await findTrunk(db, String(trunk.id), [tenant]);
      assert.deepEqual([read?.endpointSip?.username, read?.registerSip?.id], ['wazo-trunk', register.id]);
      assert.equal((await findEndpointSip(db, endpoint.uuid, [tenant]))?.trunkId, trunk.id);
      assert.equal((await findRegisterSip(db, String(register.id), [tenant]))?.trunkId, trunk.id);
      const runtime = (await loadTrunkRuntime(db)).find((row) => row.id === trunk.id);
      assert.deepEqual(runtime?.endpoint?.host, 'wazo-b.example');
      assert.deepEqual([runtime?.register?.authUsername, runtime?.register?.expiration, runtime?.register?.transport], ['wazo-trunk', 120, 'udp']);
    });

    it('gives an endpoint one owner: a trunk cannot take a line\'s endpoint, nor a line a trunk\'s', async () => {
      const line = expectWritten(await createLine(db, { tenantUuid: tenant, context: 'from-extern' }));
      const lineEndpoint = expectWritten(await createEndpointSip(db, { tenantUuid: tenant, username: 'owned-by-line', secret: 'pass' }));
      expectWritten(await associateLineEndpointSip(db, line.id, lineEndpoint.id));
      const trunk = expectWritten(await createTrunk(db, { tenantUuid: tenant }));
      const taken = await associateTrunkEndpointSip(db, trunk.id, lineEndpoint.id);
      assert.deepEqual(taken.type === 'error' && [taken.code, taken.constraint], ['PBX_ERR_STORE_DUPLICATE', 'endpoint_sip_owner_key']);
      const trunkEndpoint = expectWritten(await createEndpointSip(db, { tenantUuid: tenant, username: 'owned-by-trunk', secret: 'pass' }));
      expectWritten(await associateTrunkEndpointSip(db, trunk.id, trunkEndpoint.id));
      const otherLine = expectWritten(await createLine(db, { tenantUuid: tenant, context: 'from-extern' }));
      const refused = await associateLineEndpointSip(db, otherLine.id, trunkEndpoint.id);
      assert.equal(refused.type === 'error' && refused.constraint, 'endpoint_sip_owner_key');
      const second = expectWritten(await createEndpointSip(db, { tenantUuid: tenant, username: 'second-endpoint', secret: 'pass' }));
      const another = await associateTrunkEndpointSip(db, trunk.id, second.id);
      assert.equal(another.type === 'error' && another.constraint, 'trunk_endpoint_sip_id_key');
      assert.equal(await dissociateTrunkEndpointSip(db, trunk.id, trunkEndpoint.id), true);
      assert.equal(await dissociateTrunkEndpointSip(db, trunk.id, trunkEndpoint.id), false);
    });

    it('refuses to link a trunk with another tenant\'s endpoint (composite foreign key)', async () => {
      const other = expectWritten(await createTenant(db, { name: 'other', parentUuid: tenant }));
      const foreign = expectWritten(await createEndpointSip(db, { tenantUuid: other.uuid as TenantUuid, username: 'foreign', secret: 'pass' }));
      const trunk = expectWritten(await createTrunk(db, { tenantUuid: tenant }));
      const result = await associateTrunkEndpointSip(db, trunk.id, foreign.id);
      assert.equal(result.type === 'error' && result.constraint, 'trunk_endpoint_sip_fkey');
    });

    it('updates and deletes a trunk; its endpoint goes with it, its registration stays', async () => {
      const trunk = expectWritten(await createTrunk(db, { tenantUuid: tenant }));
      const updated = expectWritten(await updateTrunk(db, String(trunk.id), [tenant], { context: 'from-extern', outgoingCallerIdFormat: 'national' }));
      assert.deepEqual([updated.context, updated.outgoingCallerIdFormat], ['from-extern', 'national']);
      const endpoint = expectWritten(await createEndpointSip(db, { tenantUuid: tenant, username: 'deleted-with-trunk', secret: 'pass' }));
      const register = expectWritten(await createRegisterSip(db, { tenantUuid: tenant, remoteHost: 'stays.example' }));
      expectWritten(await associateTrunkEndpointSip(db, trunk.id, endpoint.id));
      expectWritten(await associateTrunkRegisterSip(db, trunk.id, register.id));
      assert.equal((await deleteTrunk(db, String(trunk.id), [tenant]))?.id, trunk.id);
      assert.equal(await findEndpointSip(db, endpoint.uuid, [tenant]), undefined);
      assert.equal((await findRegisterSip(db, String(register.id), [tenant]))?.trunkId, null);
      assert.equal(await deleteTrunk(db, String(trunk.id), [tenant]), undefined);
    });

    it('validates registrations: transport, expiration between 10 and 3600 s, remote host and port', async () => {
      const transport = await createRegisterSip(db, { tenantUuid: tenant, remoteHost: 'x.example', transport: 'sctp' as never });
      assert.equal(transport.type === 'error' && transport.constraint, 'register_sip_transport_check');
      const expiration = await createRegisterSip(db, { tenantUuid: tenant, remoteHost: 'x.example', expiration: 5 });
      assert.equal(expiration.type === 'error' && expiration.constraint, 'register_sip_expiration_check');
      const port = await createRegisterSip(db, { tenantUuid: tenant, remoteHost: 'x.example', remotePort: 70000 });
      assert.equal(port.type === 'error' && port.constraint, 'register_sip_remote_port_check');
      const host = await createRegisterSip(db, { tenantUuid: tenant, remoteHost: 'x.example:5060' });
      assert.equal(host.type === 'error' && host.constraint, 'register_sip_remote_host_check');
    });

    it('updates, lists with search, and deletes a registration, scoped to the tenants asked for', async () => {
      const register = expectWritten(await createRegisterSip(db, { tenantUuid: tenant, remoteHost: 'searchable.example', authUsername: 'someone' }));
      const updated = expectWritten(await updateRegisterSip(db, String(register.id), [tenant], { expiration: 60, remotePort: 5070, enabled: false }));
      assert.deepEqual([updated.expiration, updated.remotePort, updated.enabled], [60, 5070, false]);
      const page = await listRegisterSipPage(db, [tenant], { order: 'id', search: 'searchable' });
      assert.deepEqual(page.items.map((item) => item.id), [register.id]);
      const other = expectWritten(await createTenant(db, { name: 'elsewhere', parentUuid: tenant }));
      assert.equal(await findRegisterSip(db, String(register.id), [other.uuid]), undefined);
      assert.equal((await deleteRegisterSip(db, String(register.id), [tenant]))?.id, register.id);
    });
  });
}
