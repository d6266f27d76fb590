/**
 * The admin console in headless Chromium against a real node: logging in through the form, the
 * "Nodes" view listing this node from `ha.status`, the connection shown as connected, and a call
 * placed between two phones appearing in "Calls" (with its node, media worker, codec and the packet
 * loss of the RTP its caller sent, found by the
 * search) and leaving it when it ends, all without a reload; a call hung up from its row through the
 * confirmation (the phones hear BYE), and the node's refusal shown to a user without the ACL to.
 * The browser reaches the node through a TCP relay the test can cut, to see the connection shown as
 * lost ("reconnecting…") and resumed on its own. Screenshots of the views are kept in a folder of the OS temp dir (its path is printed) and checked
 * to be non-empty PNGs. Skips, saying why, only when Chromium cannot start.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { phoneSdp, startStackPhone, type StackPhone } from '../support/stack-phone.ts';
import { restClient } from '../support/rest-client.ts';
import { waitUntil } from '../support/wait-until.ts';
import { listenForRtp } from '../support/rtp-listener.ts';
import { createRtpStream } from '../support/rtp-stream.ts';

const CHROMIUM = process.env['PARLEY_CHROMIUM'] ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let testNode: TestNode;
let caller: StackPhone;
let callee: StackPhone;
let profileDir = '';
let artifactsDir = '';
let browser: BrowserContext | undefined;
let page: Page;
let relay: Server;
let relayPort = 0;
/** While true, the relay drops its connections and every new one. */
let relayCut = false;
const relayed = new Set<Socket>();

/** A TCP relay to the node's HTTP port, so the test can cut the browser off the node and let it back. */
async function startRelay(target: number): Promise<void> {
  relay = createServer((client) => {
    if (relayCut) return void client.destroy();
    const upstream = createConnection({ host: '127.0.0.1', port: target });
    for (const socket of [client, upstream]) {
      relayed.add(socket);
      socket.on('close', () => relayed.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  relayPort = (relay.address() as AddressInfo).port;
}

/** The row of the caller's channel of the call to `callee` (its callee cell shows the callee). */
function callerRowOf(callee: string) {
  return page.locator('#calls-table tbody tr[data-call-id]', { has: page.locator('td.call-callee', { hasText: callee }) });
}

/** Why the browser tests cannot run, when Chromium did not start. */
let chromiumMissing: string | undefined;

/** Takes a screenshot of the page and checks it is a PNG with a width and a height. */
async function screenshot(name: string): Promise<void> {
  const path = join(artifactsDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  const png = await readFile(path);
  assert.ok(png.length > 1000, `${name}.png has ${png.length} bytes`);
  assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE, `${name}.png is a PNG`);
  assert.ok(png.readUInt32BE(16) > 0 && png.readUInt32BE(20) > 0, `${name}.png has a size`);
}

before(async () => {
  artifactsDir = await mkdtemp(join(tmpdir(), 'parley-console-screenshots-'));
  console.log(`console screenshots: ${artifactsDir}`);
  profileDir = await mkdtemp(join(tmpdir(), 'parley-console-chromium-'));
  try {
    // The profile folder is Chromium's --user-data-dir (playwright passes it so).
    browser = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, viewport: { width: 1280, height: 800 } });
  } catch (error) {
    chromiumMissing = `Chromium (${CHROMIUM}) cannot start: ${String(error).split('\n')[0]}`;
    return;
  }
  page = browser.pages()[0] ?? (await browser.newPage());
  testNode = await startTestNode();
  caller = await startStackPhone('console-caller');
  callee = await startStackPhone('console-callee');
  assert.equal(await caller.register(testNode.node, testNode.sipPort, '1001', testNode.passwords['1001']), 200);
  assert.equal(await callee.register(testNode.node, testNode.sipPort, '1002', testNode.passwords['1002']), 200);
  await startRelay(testNode.httpPort);
});
after(async () => {
  await browser?.close();
  for (const socket of relayed) socket.destroy();
  relay?.close();
  await Promise.all([caller?.close(), callee?.close()]);
  await testNode?.close();
  await rm(profileDir, { recursive: true, force: true });
});

describe('the admin console in Chromium', () => {
  it('MUST log in through the form and list this node under "Nodes", connected', async (t) => {
    if (chromiumMissing !== undefined) return t.skip(chromiumMissing);
    await page.goto(`http://127.0.0.1:${relayPort}/console`);
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    await screenshot('login');

    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByText('Wrong username or password.').waitFor();

    // The failure slows the next attempt (the login throttle): the form says so until it is heard.
    await page.getByLabel('Password').fill(testNode.adminPassword);
    const nodesHeading = page.getByRole('heading', { name: 'Nodes' });
    assert.ok(await waitUntil(async () => {
      if (await nodesHeading.isVisible()) return true;
      // The form may hide between the check and the click (the login went through): a short, tolerated click.
      if (await page.getByRole('button', { name: 'Log in' }).isVisible()) await page.getByRole('button', { name: 'Log in' }).click({ timeout: 1_000 }).catch(() => undefined);
      return false;
    }, { intervalMs: 300 }), 'the right password logs in once the throttle delay is over');
    await page.locator('#connection', { hasText: /^connected$/ }).waitFor();
    const nodeName = testNode.node.config.nodeName;
    await page.locator('#nodes-table tbody tr', { hasText: nodeName }).waitFor();
    await page.locator('#nodes-summary', { hasText: /This node: standalone/ }).waitFor();
    assert.ok(await page.evaluate("sessionStorage.getItem('parley.console.token') !== null"), 'the token is kept in sessionStorage');
    await page.getByRole('heading', { name: 'Calls' }).waitFor();
    await page.locator('#calls-table tbody', { hasText: 'no call in progress' }).waitFor();
    await screenshot('nodes');
  });

  it('MUST show a call in "Calls" while it lasts and drop it when it ends, without a reload', async (t) => {
    if (chromiumMissing !== undefined) return t.skip(chromiumMissing);
    callee.onIncoming(({ session }) => {
      session.provisional(180);
      session.accept({ sdp: phoneSdp(callee.port + 10_000) });
    });
    const media = await listenForRtp();
    const outgoing = caller.call(testNode.sipPort, '1002', '1001', testNode.passwords['1001'], { sdp: phoneSdp(media.port) });
    assert.ok(await waitUntil(() => outgoing.events.some((event) => event.type === 'answered')), 'the call is answered');
    // The caller's phone sends 20 packets of 25, 5 lost on the way: 20 % of what it sent never arrived.
    const answer = outgoing.events.find((event) => event.type === 'answered');
    const nodePort = Number(/m=audio (\d+)/.exec(answer?.type === 'answered' ? answer.sdp ?? '' : '')?.[1]);
    const stream = createRtpStream(0x0c0ffee);
    const silence = new Uint8Array(160).fill(0xff);
    for (let packet = 0; packet < 20; packet += 1) {
      if (packet === 10) stream.skip(5);
      media.send(stream.packet(0, stream.sequence * 160, silence), nodePort);
    }
    const rows = page.locator('#calls-table tbody tr', { hasText: 'Up' });
    await rows.nth(1).waitFor({ timeout: 10_000 });
    assert.equal(await rows.count(), 2, 'both channels of the call are listed');
    await page.locator('#calls-table tbody', { hasText: '<1001>' }).waitFor();
    await page.locator('#calls-summary', { hasText: '2 channels' }).waitFor();

    // The details come from calls.details: this node, the media worker hosting the call, the codec of the caller's leg.
    const callerRow = callerRowOf('<1002>');
    await callerRow.locator('td.call-node', { hasText: testNode.node.config.nodeName }).waitFor({ timeout: 10_000 });
    await callerRow.locator('td.call-codec', { hasText: 'PCMU' }).waitFor();
    const callId = await callerRow.locator('td.call-call').innerText();
    assert.equal(await callerRow.locator('td.call-worker').innerText(), String(testNode.node.media.pool.workerOf(callId as never)), 'the worker is the one hosting the call');
    assert.match(await callerRow.locator('td.call-duration').innerText(), /^\d+ s$/);
    await callerRow.locator('td.call-loss', { hasText: '20.0 %' }).waitFor({ timeout: 10_000 });
    await screenshot('calls');

    // The search keeps the rows that match, on every word; a search matching nothing says so.
    await page.getByLabel('Search calls').fill(callId);
    await page.locator('#calls-summary', { hasText: '2 channels (1 shown)' }).waitFor();
    assert.equal(await page.locator('#calls-table tbody tr[data-call-id]:visible').count(), 1);
    await page.getByLabel('Search calls').fill('nobody-is-called-so');
    await page.locator('#calls-table tbody tr:visible', { hasText: 'no call matches the search' }).waitFor();
    await screenshot('calls-search');
    await page.getByLabel('Search calls').fill('');
    await page.locator('#calls-summary', { hasText: /^2 channels$/ }).waitFor();

    outgoing.session()?.sendBye();
    await page.locator('#calls-table tbody', { hasText: 'no call in progress' }).waitFor({ timeout: 10_000 });
    await page.locator('#calls-summary', { hasText: '0 channels' }).waitFor();
    await media.close();
  });

  it('MUST show a refused transfer, and hang a call up through the confirmation, the phones hearing BYE', async (t) => {
    if (chromiumMissing !== undefined) return t.skip(chromiumMissing);
    let calleeBye = false;
    callee.onIncoming(({ session, listen }) => {
      listen((event) => { if (event.type === 'bye.received') calleeBye = true; });
      session.accept({ sdp: phoneSdp(callee.port + 10_004) });
    });
    const outgoing = caller.call(testNode.sipPort, '1002', '1001', testNode.passwords['1001']);
    assert.ok(await waitUntil(() => outgoing.events.some((event) => event.type === 'answered')), 'the call is answered');
    const callerRow = callerRowOf('<1002>');
    await callerRow.waitFor({ timeout: 10_000 });
    const callId = await callerRow.locator('td.call-call').innerText();
    // A blind transfer of the peer to an extension the dialplan lacks: the node's refusal is shown.
    await callerRow.locator('td.call-codec', { hasText: 'PCMU' }).waitFor({ timeout: 10_000 });
    await callerRow.getByRole('button', { name: 'Transfer' }).click();
    await page.getByLabel('Transfer to extension').fill('1999');
    await page.getByRole('button', { name: 'Transfer…' }).click();
    await page.getByRole('heading', { name: `Transfer ${callId}` }).waitFor();
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.locator('#action-outcome[data-state="refused"]', { hasText: 'invalid: extension 1999 does not exist' }).waitFor();
    await callerRow.getByRole('button', { name: 'Hang up' }).click();
    await page.getByRole('heading', { name: `Hang up ${callId}` }).waitFor();
    await screenshot('hangup-confirm');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.locator('#action-outcome', { hasText: `Hang up ${callId}: hung up` }).waitFor();
    assert.ok(await waitUntil(() => outgoing.events.some((event) => event.type === 'bye.received') && calleeBye), 'both phones hear BYE');
    await page.locator('#calls-summary', { hasText: '0 channels' }).waitFor({ timeout: 10_000 });
  });

  it('MUST show a lost connection as "reconnecting…" and resume on its own, still live', async (t) => {
    if (chromiumMissing !== undefined) return t.skip(chromiumMissing);
    relayCut = true;
    for (const socket of relayed) socket.destroy();
    await page.locator('#connection', { hasText: 'reconnecting…' }).waitFor();
    await screenshot('reconnecting');
    relayCut = false;
    await page.locator('#connection', { hasText: /^connected$/ }).waitFor({ timeout: 10_000 });
    callee.onIncoming(({ session }) => session.accept({ sdp: phoneSdp(callee.port + 10_002) }));
    const outgoing = caller.call(testNode.sipPort, '1002', '1001', testNode.passwords['1001']);
    await page.locator('#calls-summary', { hasText: '2 channels' }).waitFor({ timeout: 10_000 });
    outgoing.session()?.sendBye();
    await page.locator('#calls-summary', { hasText: '0 channels' }).waitFor({ timeout: 10_000 });
  });

  it('MUST return to the login form and forget the token on logout', async (t) => {
    if (chromiumMissing !== undefined) return t.skip(chromiumMissing);
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    await page.locator('#connection', { hasText: 'signed out' }).waitFor();
    assert.equal(await page.evaluate("sessionStorage.getItem('parley.console.token')"), null);
  });

  it('MUST show a user only what its ACLs allow, and refuse a login without the websocketd ACL', async (t) => {
    if (chromiumMissing !== undefined) return t.skip(chromiumMissing);
    const client = restClient(testNode.httpPort);
    const admin = await client.login('admin', testNode.adminPassword);
    const makeUser = async (name: string, acl: readonly string[]) => {
      const policy = await client.request('/api/auth/0.1/policies', { method: 'POST', token: admin, body: { name: `${name}-policy`, acl } });
      const user = await client.request('/api/auth/0.1/users', { method: 'POST', token: admin, body: { username: name, password: `${name}-pw` } });
      assert.equal(user.status, 201, JSON.stringify(user.body));
      const linked = await client.request(`/api/auth/0.1/users/${(user.body as { uuid: string }).uuid}/policies/${(policy.body as { uuid: string }).uuid}`, { method: 'PUT', token: admin });
      assert.equal(linked.status, 204);
    };
    await makeUser('console-calls', ['websocketd', 'calld.calls.read']);
    await makeUser('console-nothing', ['calld.calls.read']);

    await page.getByLabel('Username').fill('console-calls');
    await page.getByLabel('Password').fill('console-calls-pw');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('#nodes-error', { hasText: 'forbidden' }).waitFor();
    await page.locator('#calls-summary', { hasText: '0 channels' }).waitFor();
    assert.equal(await page.locator('#calls-error').innerText(), '');

    // It sees the calls (calld.calls.read) but may not hang one up: the node refuses, and the page says so.
    callee.onIncoming(({ session }) => session.accept({ sdp: phoneSdp(callee.port + 10_006) }));
    const outgoing = caller.call(testNode.sipPort, '1002', '1001', testNode.passwords['1001']);
    const callerRow = callerRowOf('<1002>');
    await callerRow.waitFor({ timeout: 15_000 });
    await callerRow.getByRole('button', { name: 'Hang up' }).click();
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.locator('#action-outcome[data-state="refused"]', { hasText: 'forbidden' }).waitFor();
    await screenshot('limited-user');
    assert.ok(!outgoing.events.some((event) => event.type === 'bye.received'), 'the call goes on');
    outgoing.session()?.sendBye();
    await page.locator('#calls-summary', { hasText: '0 channels' }).waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Log out' }).click();

    await page.getByLabel('Username').fill('console-nothing');
    await page.getByLabel('Password').fill('console-nothing-pw');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByText('without the websocketd ACL').waitFor();
    assert.ok(await page.getByRole('heading', { name: 'Log in' }).isVisible());
  });
});
