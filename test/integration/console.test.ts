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
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Page, Route } from 'playwright-core';
import { openConsoleBrowser, type ConsoleBrowser } from '../support/console-browser.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { phoneSdp, startStackPhone, type StackPhone } from '../support/stack-phone.ts';
import { restClient } from '../support/rest-client.ts';
import { waitUntil } from '../support/wait-until.ts';
import { listenForRtp } from '../support/rtp-listener.ts';
import { createRtpStream } from '../support/rtp-stream.ts';

let testNode: TestNode;
let caller: StackPhone;
let callee: StackPhone;
let browser: ConsoleBrowser;
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

before(async () => {
  browser = await openConsoleBrowser('console', { viewport: { width: 1280, height: 800 } });
  if (browser.missing !== undefined) return;
  page = browser.page;
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
});

describe('the admin console in Chromium', () => {
  it('MUST log in through the form and list this node under "Nodes", connected', async (t) => {
    if (browser.missing !== undefined) return t.skip(browser.missing);
    await page.goto(`http://127.0.0.1:${relayPort}/console`);
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    await browser.screenshot('login');

    await browser.submitLogin('admin', 'not the password');
    await page.getByText('Wrong username or password.').waitFor();

    // The failure slows the next attempt (the login throttle): the form is submitted again until it is heard.
    await browser.logIn('admin', testNode.adminPassword);
    await page.getByRole('heading', { name: 'Nodes' }).waitFor();
    const nodeName = testNode.node.config.nodeName;
    await page.locator('#nodes-table tbody tr', { hasText: nodeName }).waitFor();
    await page.locator('#nodes-summary', { hasText: /This node: standalone/ }).waitFor();
    assert.ok(await page.evaluate("sessionStorage.getItem('parley.console.token') !== null"), 'the token is kept in sessionStorage');
    await page.getByRole('heading', { name: 'Calls' }).waitFor();
    await page.locator('#calls-table tbody', { hasText: 'no call in progress' }).waitFor();
    await browser.screenshot('nodes');
  });

  it('MUST show a call in "Calls" while it lasts and drop it when it ends, without a reload', async (t) => {
    if (browser.missing !== undefined) return t.skip(browser.missing);
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
    await browser.screenshot('calls');

    // The search keeps the rows that match, on every word; a search matching nothing says so.
    await page.getByLabel('Search calls').fill(callId);
    await page.locator('#calls-summary', { hasText: '2 channels (1 shown)' }).waitFor();
    assert.equal(await page.locator('#calls-table tbody tr[data-call-id]:visible').count(), 1);
    await page.getByLabel('Search calls').fill('nobody-is-called-so');
    await page.locator('#calls-table tbody tr:visible', { hasText: 'no call matches the search' }).waitFor();
    await browser.screenshot('calls-search');
    await page.getByLabel('Search calls').fill('');
    await page.locator('#calls-summary', { hasText: /^2 channels$/ }).waitFor();

    outgoing.session()?.sendBye();
    await page.locator('#calls-table tbody', { hasText: 'no call in progress' }).waitFor({ timeout: 10_000 });
    await page.locator('#calls-summary', { hasText: '0 channels' }).waitFor();
    await media.close();
  });

  it('MUST show a refused transfer, and hang a call up through the confirmation, the phones hearing BYE', async (t) => {
    if (browser.missing !== undefined) return t.skip(browser.missing);
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
    await browser.pressUntil(callerRow.getByRole('button', { name: 'Transfer' }), page.getByLabel('Transfer to extension'), 'the transfer form');
    await page.getByLabel('Transfer to extension').fill('1999');
    await browser.pressUntil(page.getByRole('button', { name: 'Transfer…' }), page.locator('#confirm-dialog'), 'the confirmation dialog');
    await page.getByRole('heading', { name: `Transfer ${callId}` }).waitFor();
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.locator('#action-outcome[data-state="refused"]', { hasText: 'invalid: extension 1999 does not exist' }).waitFor();
    await browser.pressUntil(callerRow.getByRole('button', { name: 'Hang up' }), page.locator('#confirm-dialog'), 'the confirmation dialog');
    await page.getByRole('heading', { name: `Hang up ${callId}` }).waitFor();
    await browser.screenshot('hangup-confirm');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.locator('#action-outcome', { hasText: `Hang up ${callId}: hung up` }).waitFor();
    assert.ok(await waitUntil(() => outgoing.events.some((event) => event.type === 'bye.received') && calleeBye), 'both phones hear BYE');
    await page.locator('#calls-summary', { hasText: '0 channels' }).waitFor({ timeout: 10_000 });
  });

  it('MUST show a lost connection as "reconnecting…" and resume on its own, still live', async (t) => {
    if (browser.missing !== undefined) return t.skip(browser.missing);
    relayCut = true;
    for (const socket of relayed) socket.destroy();
    await page.locator('#connection', { hasText: 'reconnecting…' }).waitFor();
    await browser.screenshot('reconnecting');
    relayCut = false;
    await page.locator('#connection', { hasText: /^connected$/ }).waitFor({ timeout: 10_000 });
    callee.onIncoming(({ session }) => session.accept({ sdp: phoneSdp(callee.port + 10_002) }));
    const outgoing = caller.call(testNode.sipPort, '1002', '1001', testNode.passwords['1001']);
    await page.locator('#calls-summary', { hasText: '2 channels' }).waitFor({ timeout: 10_000 });
    // Both channels show while the callee still rings: hang up once the call is answered (a BYE needs the dialog).
    assert.ok(await waitUntil(() => outgoing.events.some((event) => event.type === 'answered')), 'the call is answered');
    outgoing.session()?.sendBye();
    await page.locator('#calls-summary', { hasText: '0 channels' }).waitFor({ timeout: 10_000 });
  });

  it('MUST return to the login form and forget the token on logout', async (t) => {
    if (browser.missing !== undefined) return t.skip(browser.missing);
    await browser.logOut();
    await page.locator('#connection', { hasText: 'signed out' }).waitFor();
    assert.equal(await page.evaluate("sessionStorage.getItem('parley.console.token')"), null);
  });

  it('MUST send one login at a time: a press of "Log in" while the node answers the first is ignored, and the views are built once', async (t) => {
    if (browser.missing !== undefined) return t.skip(browser.missing);
    let tokenRequests = 0;
    const slowTokens = async (route: Route): Promise<void> => {
      tokenRequests += 1;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await route.continue();
    };
    await page.route('**/api/auth/0.1/token', slowTokens);
    try {
      await page.getByLabel('Username').fill('admin');
      await page.getByLabel('Password').fill(testNode.adminPassword);
      await page.evaluate("document.querySelector('#login-form').requestSubmit(); document.querySelector('#login-form').requestSubmit()");
      await page.locator('#cluster-view').waitFor();
      await page.locator('#connection', { hasText: /^connected$/ }).waitFor();
      assert.equal(tokenRequests, 1, 'one token asked for');
      assert.equal(await page.locator('#calls-view').count(), 1);
    } finally {
      await page.unroute('**/api/auth/0.1/token', slowTokens);
    }
    await browser.logOut();
  });

  it('MUST show a user only what its ACLs allow, and refuse a login without the websocketd ACL', async (t) => {
    if (browser.missing !== undefined) return t.skip(browser.missing);
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

    await browser.submitLogin('console-calls', 'console-calls-pw');
    await page.locator('#nodes-error', { hasText: 'forbidden' }).waitFor();
    await page.locator('#calls-summary', { hasText: '0 channels' }).waitFor();
    assert.equal(await page.locator('#calls-error').innerText(), '');

    // It sees the calls (calld.calls.read) but may not hang one up: the node refuses, and the page says so.
    callee.onIncoming(({ session }) => session.accept({ sdp: phoneSdp(callee.port + 10_006) }));
    const outgoing = caller.call(testNode.sipPort, '1002', '1001', testNode.passwords['1001']);
    const callerRow = callerRowOf('<1002>');
    await callerRow.waitFor({ timeout: 15_000 });
    await browser.pressUntil(callerRow.getByRole('button', { name: 'Hang up' }), page.locator('#confirm-dialog'), 'the confirmation dialog');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.locator('#action-outcome[data-state="refused"]', { hasText: 'forbidden' }).waitFor();
    await browser.screenshot('limited-user');
    assert.ok(!outgoing.events.some((event) => event.type === 'bye.received'), 'the call goes on');
    assert.ok(await waitUntil(() => outgoing.events.some((event) => event.type === 'answered')), 'the call is answered');
    outgoing.session()?.sendBye();
    await page.locator('#calls-summary', { hasText: '0 channels' }).waitFor({ timeout: 15_000 });
    await browser.logOut();

    await browser.submitLogin('console-nothing', 'console-nothing-pw');
    await page.getByText('without the websocketd ACL').waitFor();
    assert.ok(await page.getByRole('heading', { name: 'Log in' }).isVisible());
  });
});
