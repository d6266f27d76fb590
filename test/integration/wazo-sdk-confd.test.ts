/**
 * The npm package `@wazo/sdk`, unchanged, as a PBX user's client of a node over HTTPS, on confd and
 * call-logd: it reads its profile (lines, services, forwards), switches do-not-disturb, sets its
 * forwards, edits its name, reads its softphone's SIP credentials and lists its call history,
 * all with the built-in `default-user` policy; the next call follows the settings it made.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Agent } from 'undici';
import { freeSipPort } from '../support/free-port.ts';
import { runSipp } from '../support/sipp.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { waitUntil } from '../support/wait-until.ts';

const require = createRequire(import.meta.url);
const { WazoApiClient } = require('@wazo/sdk') as { WazoApiClient: new (options: Record<string, unknown>) => WazoClient };

interface Profile {
  readonly id: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly doNotDisturb: boolean;
  readonly forwards: readonly { readonly key: string; readonly destination: string; readonly enabled: boolean }[];
  readonly lines: readonly { readonly id: number; readonly extensions: readonly { readonly exten: string }[] }[];
}
interface CallLog {
  readonly id: number;
  readonly answered: boolean;
  readonly callDirection: string;
  readonly source: { readonly extension: string };
  readonly destination: { readonly extension: string };
}
interface WazoClient {
  setToken(token: string): void;
  setRequestTimeout(ms: number): void;
  auth: { logIn(params: { username: string; password: string; expiration?: number }): Promise<{ token: string; uuid: string }> };
  confd: {
    getUser(userUuid: string): Promise<Profile>;
    updateUser(userUuid: string, profile: Record<string, unknown>): Promise<boolean>;
    updateDoNotDisturb(userUuid: string, enabled: boolean): Promise<boolean>;
    updateForwardOption(userUuid: string, key: string, destination: string, enabled: boolean): Promise<boolean>;
    getUserLineSipFromToken(userUuid: string): Promise<{ username: string; secret: string } | null>;
  };
  callLogd: {
    listCallLogs(offset: number, limit?: number): Promise<CallLog[]>;
    listDistinctCallLogs(offset: number, limit: number, distinct: string): Promise<CallLog[]>;
    search(search: string, limit?: number): Promise<CallLog[]>;
  };
}

let testNode: TestNode;
let client: WazoClient;
let userUuid = '';

async function api(path: string, init: { method?: string; token: string; body?: unknown }): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`http://127.0.0.1:${testNode.httpPort}${path}`, {
    method: init.method ?? 'GET',
    headers: { accept: 'application/json', 'x-auth-token': init.token, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

/** Calls 1002 from 1001 until the node answers as the scenario expects (a change reaches routing within 250 ms, D-031). */
async function callUntil(scenario: string): Promise<void> {
  const followed = await waitUntil(async () => (await runSipp({
    target: `127.0.0.1:${testNode.sipPort}`, localPort: await freeSipPort(), scenario,
    user: '1001', password: testNode.passwords['1001'], injection: ['1002;'], timeoutS: 30,
    extraArgs: ['-auth_uri', `1002@127.0.0.1:${testNode.sipPort}`],
  })).exitCode === 0, { timeoutMs: 10_000, intervalMs: 50 });
  assert.ok(followed, scenario);
}

let adminToken = '';
/** Every call log of the node, shortly, for failure messages. */
async function everyLog(): Promise<unknown> {
  const answer = await api('/api/call-logd/1.0/cdr?direction=asc', { token: adminToken });
  return (answer.body as { items: Record<string, unknown>[] }).items.map((cdr) => [cdr['id'], cdr['source_extension'], cdr['requested_extension'], cdr['source_user_uuid'], cdr['destination_user_uuid'], cdr['answered']]);
}

before(async () => {
  testNode = await startTestNode();
  const login = await fetch(`http://127.0.0.1:${testNode.httpPort}/api/auth/0.1/token`, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`admin:${testNode.adminPassword}`).toString('base64')}` },
    body: '{"expiration": 600}',
  });
  const admin = ((await login.json()) as { data: { token: string } }).data.token;
  adminToken = admin;
  // The PBX user 1002 logs in as `bob`: an auth user of the same uuid with the built-in default-user policy.
  const users = (await api('/api/confd/1.1/users', { token: admin })).body as { items: { uuid: string; lines: { name: string }[] }[] };
  userUuid = users.items.find((user) => user.lines.some((line) => line.name === '1002'))?.uuid ?? '';
  assert.equal((await api('/api/auth/0.1/users', { method: 'POST', token: admin, body: { uuid: userUuid, username: 'bob', password: 'bob-pw' } })).status, 201);
  const policies = (await api('/api/auth/0.1/policies?search=default-user', { token: admin })).body as { items: { uuid: string }[] };
  assert.equal((await api(`/api/auth/0.1/users/${userUuid}/policies/${policies.items[0]?.uuid ?? ''}`, { method: 'PUT', token: admin })).status, 204);

  const ca = await readFile(join(testNode.node.config.dataDir, 'tls', 'self-signed-cert.pem'));
  client = new WazoApiClient({ server: `localhost:${testNode.httpsPort}`, fetchOptions: { dispatcher: new Agent({ connect: { ca, servername: 'localhost' } }) } });
  // The client arms a timer per request that it never clears (five minutes by default), which keeps
  // the test process alive that long after the last request: ten seconds is plenty here.
  client.setRequestTimeout(10_000);
  const session = await client.auth.logIn({ username: 'bob', password: 'bob-pw', expiration: 600 });
  assert.equal(session.uuid, userUuid);
  client.setToken(session.token);
});
after(() => testNode.close());

describe('@wazo/sdk on confd and call-logd, as a PBX user', () => {
  it('MUST read the user\'s profile: its lines with their extensions, do-not-disturb and forwards', async () => {
    const profile = await client.confd.getUser(userUuid);
    assert.equal(profile.id, userUuid);
    assert.equal(profile.doNotDisturb, false);
    assert.deepEqual(profile.lines.map((line) => line.extensions.map((extension) => extension.exten)), [['1002']]);
    assert.deepEqual(profile.forwards.map((forward) => [forward.key, forward.enabled]), [['unconditional', false], ['noanswer', false], ['busy', false]]);
  });

  it('MUST read the SIP credentials of the user\'s line, as a softphone registers with them', async () => {
    const line = await client.confd.getUserLineSipFromToken(userUuid);
    assert.deepEqual(line && [line.username, line.secret], ['1002', testNode.passwords['1002']]);
  });

  it('MUST switch do-not-disturb and set a forward, and the next calls follow them', { timeout: 90_000 }, async () => {
    await callUntil('uac-call-unavailable-expect-480.xml');
    assert.equal(await client.confd.updateDoNotDisturb(userUuid, true), true);
    assert.equal((await client.confd.getUser(userUuid)).doNotDisturb, true);
    await callUntil('uac-call-busy-expect-486.xml');
    assert.equal(await client.confd.updateDoNotDisturb(userUuid, false), true);
    assert.equal(await client.confd.updateForwardOption(userUuid, 'unconditional', '1999', true), true);
    const forward = (await client.confd.getUser(userUuid)).forwards.find((option) => option.key === 'unconditional');
    assert.deepEqual(forward && [forward.destination, forward.enabled], ['1999', true]);
    await callUntil('uac-call-unknown-extension-expect-404.xml');
    assert.equal(await client.confd.updateForwardOption(userUuid, 'unconditional', '', false), true);
    await callUntil('uac-call-unavailable-expect-480.xml');
  });

  it('MUST edit the user\'s name', async () => {
    assert.equal(await client.confd.updateUser(userUuid, { firstName: 'Robert', lastName: 'Builder', email: '', mobileNumber: '' }), true);
    const profile = await client.confd.getUser(userUuid);
    assert.deepEqual([profile.firstName, profile.lastName], ['Robert', 'Builder']);
  });

  it('MUST list the user\'s call history, whole, distinct by peer, and searched', async () => {
    // At least the two calls refused 480 while no phone of the user was registered (a call placed
    // again until it follows a change may add one; the calls refused by do-not-disturb or forwarded
    // away carry no destination user); a call's log is written as it ends, so wait for the last one.
    let logs: CallLog[] = [];
    assert.ok(await waitUntil(async () => (logs = await client.callLogd.listCallLogs(0, 50)).length >= 2, { timeoutMs: 10_000, intervalMs: 100 }), `${logs.length} call logs: ${JSON.stringify(await everyLog())}`);
    assert.ok(logs.every((log) => log.callDirection === 'internal' && log.source.extension === '1001' && !log.answered));
    const distinct = await client.callLogd.listDistinctCallLogs(0, 50, 'peer_exten');
    assert.equal(distinct.length, 1);
    assert.equal(distinct[0]?.id, logs[0]?.id);
    assert.deepEqual(await client.callLogd.search('no such caller'), []);
  });
});
