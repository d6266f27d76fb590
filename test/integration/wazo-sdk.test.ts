/**
 * The npm package `@wazo/sdk`, unchanged, as a real client of a node over HTTPS (the only scheme it
 * speaks), trusting the node's self-signed certificate and nothing else: it logs in, checks its
 * token and scopes, reads users and tenants, and logs out.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Agent } from 'undici';
import { startTestNode, type TestNode } from '../support/test-node.ts';

// The package's ES module build does not resolve under Node; its Node build is the CommonJS one.
const require = createRequire(import.meta.url);
const { WazoApiClient } = require('@wazo/sdk') as { WazoApiClient: new (options: Record<string, unknown>) => WazoClient };

interface WazoSession {
  readonly token: string;
  readonly uuid: string;
  readonly tenantUuid: string;
  readonly acl: readonly string[];
  readonly expiresAt: Date;
}
interface WazoClient {
  setToken(token: string): void;
  setRequestTimeout(ms: number): void;
  auth: {
    logIn(params: { username: string; password: string; expiration?: number }): Promise<WazoSession>;
    checkToken(token: string): Promise<boolean>;
    logOut(token: string): Promise<unknown>;
    listUsers(): Promise<{ items: { username: string }[] }>;
    listTenants(): Promise<{ items: { uuid: string; name: string }[] }>;
    getRestrictionPolicies(scopes: string[]): Promise<{ scopes: Record<string, boolean> }>;
  };
}

let testNode: TestNode;
let client: WazoClient;

before(async () => {
  testNode = await startTestNode();
  const ca = await readFile(join(testNode.node.config.dataDir, 'tls', 'self-signed-cert.pem'));
  client = new WazoApiClient({
    server: `localhost:${testNode.httpsPort}`,
    fetchOptions: { dispatcher: new Agent({ connect: { ca, servername: 'localhost' } }) },
  });
  // The client arms a timer per request and never clears it: a short one lets the test process end.
  client.setRequestTimeout(5_000);
});
after(() => testNode.close());

describe('@wazo/sdk against a node', () => {
  it('MUST log in, and get a session with its token, user, tenant, ACLs and expiry', async () => {
    const session = await client.auth.logIn({ username: 'admin', password: testNode.adminPassword, expiration: 600 });
    assert.match(session.token, /^[0-9a-f-]{36}$/);
    assert.match(session.uuid, /^[0-9a-f-]{36}$/);
    assert.match(session.tenantUuid, /^[0-9a-f-]{36}$/);
    assert.deepEqual(session.acl, ['#']);
    assert.ok(Math.abs(session.expiresAt.getTime() - (Date.now() + 600_000)) < 60_000);
    client.setToken(session.token);
    assert.equal(await client.auth.checkToken(session.token), true);
    assert.deepEqual((await client.auth.getRestrictionPolicies(['confd.users.read'])).scopes, { 'confd.users.read': true });
  });

  it('MUST list users and tenants through the client, then log out', async () => {
    const users = await client.auth.listUsers();
    assert.ok(users.items.some((user) => user.username === 'admin'));
    const tenants = await client.auth.listTenants();
    assert.equal(tenants.items.length, 1);
    const session = await client.auth.logIn({ username: 'admin', password: testNode.adminPassword });
    await client.auth.logOut(session.token);
    assert.equal(await client.auth.checkToken(session.token), false);
  });
});
