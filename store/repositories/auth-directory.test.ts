import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectWritten } from '../expect-written.ts';
import { createMigratedTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from '../test-database.ts';
import { attachUserPolicy, createAuthPolicy, deleteAuthPolicy, findAuthPolicy, findBuiltInPolicy, listAuthPolicies, listUserPolicies, updateAuthPolicy } from './auth-policies.ts';
import { createAuthUser, deleteAuthUser, findAuthUser, findAuthUserCredentials, listAuthUsers, updateAuthUser } from './auth-users.ts';
import { createAuthToken, findAuthToken } from './auth-tokens.ts';
import { ensureRefreshToken, findRefreshToken, listRefreshTokens } from './refresh-tokens.ts';
import { createTenant, deleteTenant, findRootTenant, listTenants, tenantSubtree } from './tenants.ts';

for (const kind of TEST_DATABASE_KINDS) {
  describe(`the authentication directory (users, policies, tenants), on ${kind}`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createMigratedTestDatabase(kind);
    });
    after(() => db.close());

    it('MUST keep tenants as a tree below the default tenant, and refuse to delete the root or a tenant with children', async () => {
      const root = await findRootTenant(db);
      const company = expectWritten(await createTenant(db, { name: 'company', parentUuid: root.uuid }));
      const branch = expectWritten(await createTenant(db, { name: 'branch', parentUuid: company.uuid }));
      assert.deepEqual(new Set(await tenantSubtree(db, company.uuid)), new Set([company.uuid, branch.uuid]));
      assert.ok((await tenantSubtree(db, root.uuid)).includes(branch.uuid));
      const { rows } = await db.query<{ parent: string }>("INSERT INTO tenant (name) VALUES ('orphan') RETURNING parent_uuid::text AS parent");
      assert.equal(rows[0]?.parent, root.uuid);
      assert.equal(await deleteTenant(db, company.uuid, [company.uuid, branch.uuid]), 'has-children');
      assert.equal(await deleteTenant(db, root.uuid, [root.uuid]), 'root');
      assert.equal(await deleteTenant(db, branch.uuid, [company.uuid]), 'not-found');
      assert.equal(await deleteTenant(db, branch.uuid, [company.uuid, branch.uuid]), 'deleted');
      const page = await listTenants(db, [company.uuid], {});
      assert.deepEqual([page.total, page.items.map((tenant) => tenant.name)], [1, ['company']]);
    });

    it('MUST keep usernames unique whatever their case, and find credentials by username', async () => {
      const alice = expectWritten(await createAuthUser(db, { username: 'Alice', passwordHash: 'scrypt$x', firstname: 'Alice' }));
      const duplicate = await createAuthUser(db, { username: 'alice' });
      assert.equal(duplicate.type === 'error' && duplicate.code, 'PBX_ERR_STORE_DUPLICATE');
      const refused = await createAuthUser(db, { username: 'with space' });
      assert.equal(refused.type === 'error' && refused.constraint, 'auth_user_username_check');
      assert.equal((await findAuthUserCredentials(db, 'ALICE'))?.passwordHash, 'scrypt$x');
      assert.equal((await findAuthUser(db, alice.uuid, [alice.tenantUuid]))?.username, 'Alice');
      assert.equal(await findAuthUser(db, alice.uuid, ['00000000-0000-4000-8000-000000000000']), undefined);
    });

    it('MUST list users of the given tenants only, with totals, search, order and pages', async () => {
      const root = await findRootTenant(db);
      const other = expectWritten(await createTenant(db, { name: 'other', parentUuid: root.uuid }));
      for (const name of ['zed', 'yann', 'xavier']) expectWritten(await createAuthUser(db, { username: `${name}-list`, tenantUuid: other.uuid }));
      expectWritten(await createAuthUser(db, { username: 'elsewhere-list' }));
      const page = await listAuthUsers(db, [other.uuid], { limit: 2, offset: 0, order: 'username', direction: 'asc' });
      assert.deepEqual([page.total, page.filtered, page.items.map((user) => user.username)], [3, 3, ['xavier-list', 'yann-list']]);
      const searched = await listAuthUsers(db, [other.uuid], { search: 'ZE' });
      assert.deepEqual([searched.total, searched.filtered, searched.items.map((user) => user.username)], [3, 1, ['zed-list']]);
      const none = await listAuthUsers(db, [other.uuid], { search: '100%' });
      assert.deepEqual([none.total, none.filtered, none.items.length], [3, 0, 0]);
    });

    it('MUST change only the given fields, and delete a user with its tokens', async () => {
      const bob = expectWritten(await createAuthUser(db, { username: 'bob', firstname: 'Bob', lastname: 'B' }));
      const changed = expectWritten(await updateAuthUser(db, bob.uuid, [bob.tenantUuid], { lastname: null as unknown as string, enabled: false }));
      assert.deepEqual([changed.firstname, changed.lastname, changed.enabled], ['Bob', null, false]);
      const token = expectWritten(await createAuthToken(db, { authId: bob.uuid, acl: [], expirationS: 60, nowMs: Date.now() }));
      assert.deepEqual(await deleteAuthUser(db, bob.uuid, [bob.tenantUuid]), [token.token]);
      assert.equal(await findAuthToken(db, token.token, Date.now()), undefined);
      assert.equal(await deleteAuthUser(db, bob.uuid, [bob.tenantUuid]), undefined);
    });

    it('MUST show the built-in policies to every tenant below the root, read-only, and a tenant its own policies only', async () => {
      const root = await findRootTenant(db);
      const a = expectWritten(await createTenant(db, { name: 'a', parentUuid: root.uuid }));
      const b = expectWritten(await createTenant(db, { name: 'b', parentUuid: root.uuid }));
      const builtIn = await findBuiltInPolicy(db, 'default-user');
      assert.ok(builtIn?.acl.includes('events.calls.me'));
      const mine = expectWritten(await createAuthPolicy(db, { tenantUuid: a.uuid, slug: 'ops', name: 'Ops', acl: ['confd.#'] }));
      const seenByB = await listAuthPolicies(db, [b.uuid], {});
      assert.deepEqual(seenByB.items.map((policy) => policy.slug).sort(), ['default-admin', 'default-user']);
      assert.equal(await findAuthPolicy(db, mine.uuid, [b.uuid]), undefined);
      const readOnly = await updateAuthPolicy(db, builtIn?.uuid ?? '', [a.uuid], { acl: ['#'] });
      assert.equal(readOnly.type === 'error' && readOnly.constraint, 'auth_policy_read_only');
      assert.equal(await deleteAuthPolicy(db, builtIn?.uuid ?? '', [root.uuid]), 'read-only');
      assert.deepEqual(expectWritten(await updateAuthPolicy(db, mine.uuid, [a.uuid], { acl: ['confd.users.read'] })).acl, ['confd.users.read']);
      const user = expectWritten(await createAuthUser(db, { username: 'ops-user', tenantUuid: a.uuid }));
      await attachUserPolicy(db, user.uuid, mine.uuid);
      await attachUserPolicy(db, user.uuid, mine.uuid);
      assert.deepEqual((await listUserPolicies(db, user.uuid)).map((policy) => policy.slug), ['ops']);
      assert.equal(await deleteAuthPolicy(db, mine.uuid, [a.uuid]), 'deleted');
      assert.deepEqual(await listUserPolicies(db, user.uuid), []);
    });

    it('MUST issue one refresh token per user and client, found only with its client id', async () => {
      const carol = expectWritten(await createAuthUser(db, { username: 'carol' }));
      const first = expectWritten(await ensureRefreshToken(db, carol.uuid, 'softphone', false));
      const again = expectWritten(await ensureRefreshToken(db, carol.uuid, 'softphone', true));
      assert.equal(again.token, first.token);
      assert.equal((await findRefreshToken(db, first.token, 'softphone'))?.userUuid, carol.uuid);
      assert.equal(await findRefreshToken(db, first.token, 'other-client'), undefined);
      assert.deepEqual((await listRefreshTokens(db, carol.uuid)).map((token) => [token.clientId, token.mobile]), [['softphone', true]]);
    });
  });
}
