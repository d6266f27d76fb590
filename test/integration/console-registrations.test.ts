/**
 * The console's "Registrations", "Spans" and "Events" views in headless Chromium against a real
 * node: a phone registering over UDP appears under its line with its contact, live, and leaves it
 * when it unregisters; the event tail shows the `line_status_updated` events, its name filter
 * hides the others and Pause holds new ones back until Resume; a trunk qualified against SIPp shows
 * `OK (n ms)` while SIPp answers its OPTIONS and `UNREACHABLE` once it stops; a user without `confd.lines.read`
 * sees the server's refusal, and another tenant's administrator does not see the line. Screenshots
 * are kept in a folder of the OS temp dir (its path is printed) and checked to be real PNGs.
 * Skips, saying why, only when Chromium cannot start.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { openConsoleBrowser, type ConsoleBrowser } from '../support/console-browser.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { SipPhone } from '../support/sip-phone.ts';
import { restClient, type RestClient } from '../support/rest-client.ts';
import { confdWriter } from '../support/confd-writer.ts';
import { waitUntil } from '../support/wait-until.ts';
import { freeSipPort } from '../support/free-port.ts';
import { runSipp } from '../support/sipp.ts';

/** A line's row shows within the view's 5 s safety refresh even if its event were lost; the event makes it sooner. */
const LIVE_MS = 10_000;

let testNode: TestNode;
let rest: RestClient;
let adminToken = '';
const { created, put } = confdWriter(() => rest, () => adminToken);
let phone: SipPhone | undefined;
let browser: ConsoleBrowser;
let page: Page;

async function logIn(username: string, password: string): Promise<void> {
  await browser.logIn(username, password);
  await page.getByRole('heading', { name: 'Registrations' }).waitFor();
}

const logOut = (): Promise<void> => browser.logOut();

/** The row of line 1001 in the Registrations table. */
const line1001 = () => page.locator('#registrations-table tbody tr', { has: page.locator('td:first-child', { hasText: /^1001$/ }) });

before(async () => {
  browser = await openConsoleBrowser('console-registrations', { viewport: { width: 1400, height: 900 } });
  if (browser.missing !== undefined) return;
  page = browser.page;
  testNode = await startTestNode();
  rest = restClient(testNode.httpPort);
  adminToken = await rest.login('admin', testNode.adminPassword);
});
after(async () => {
  await browser?.close();
  phone?.close();
  await testNode?.close();
});

describe('the console registrations, spans and event tail in Chromium', () => {
  it('MUST list line 1001 unregistered, then with its contact once its phone registers, live', async (t) => {
    if (browser.missing !== undefined) return t.skip(browser.missing);
    await page.goto(`http://127.0.0.1:${testNode.httpPort}/console`);
    await logIn('admin', testNode.adminPassword);
    await line1001().filter({ hasText: 'unregistered' }).waitFor();
    await page.locator('#trunks-table tbody', { hasText: 'no trunk' }).waitFor();
    await page.getByRole('heading', { name: 'Spans' }).waitFor();
    await page.locator('#spans-summary', { hasText: 'no span driver' }).waitFor();

    phone = await SipPhone.open('1001', testNode.passwords['1001'], testNode.sipPort);
    await phone.register();
    const contact = `sip:1001@127.0.0.1:${phone.port};transport=udp`;
    const registered = line1001().filter({ hasText: contact });
    await registered.waitFor({ timeout: LIVE_MS });
    assert.match(await registered.innerText(), new RegExp(`registered\\s+${contact.replace(/[.;]/g, '\\$&')}\\s+127\\.0\\.0\\.1:${phone.port}/udp`));
    await page.locator('#registrations-summary', { hasText: '1 registered' }).waitFor();

    await page.locator('#registrations-view').getByLabel('Search').fill('1002');
    await page.locator('#registrations-table tbody tr', { hasText: '1002' }).first().waitFor();
    assert.equal(await line1001().count(), 0, 'the search hides line 1001');
    await page.locator('#registrations-view').getByLabel('Search').fill('');
    await registered.waitFor();
    await page.locator('#registrations-view').scrollIntoViewIfNeeded();
    await browser.screenshot('registrations');
  });

  it('MUST show a qualified trunk OK while its peer answers OPTIONS, and UNREACHABLE once it stops, live', async (t) => {
    if (browser.missing !== undefined) return t.skip(browser.missing);
    const peerPort = await freeSipPort();
    const answering = runSipp({ scenario: 'uas-answer-options.xml', target: '127.0.0.1', localPort: peerPort, calls: 3, timeoutS: 15 });
    const trunk = await created('/trunks', {});
    const endpoint = await created('/endpoints/sip', {
      username: 'console-peer', secret: 'pass', type: 'peer', host: `127.0.0.1:${peerPort}`, options: [['qualify', '500'], ['qualifyfreq', '1']],
    });
    await put(`/trunks/${String(trunk['id'])}/endpoints/sip/${String(endpoint['uuid'])}`);
    const row = page.locator('#trunks-table tbody tr', { hasText: 'console-peer' });
    await row.filter({ hasText: /OK \(\d+ ms\)/ }).waitFor({ timeout: LIVE_MS });
    await browser.screenshot('trunk-reachable');
    assert.equal((await answering).exitCode, 0);
    await row.filter({ hasText: 'UNREACHABLE' }).waitFor({ timeout: LIVE_MS });
    assert.equal((await rest.request(`/api/confd/1.1/trunks/${String(trunk['id'])}`, { method: 'DELETE', token: adminToken })).status, 204);
    await page.locator('#trunks-table tbody', { hasText: 'no trunk' }).waitFor({ timeout: LIVE_MS });
  });

  it('MUST tail the events live, filter them by name, and hold new ones back while paused', async (t) => {
    if (browser.missing !== undefined) return t.skip(browser.missing);
    const rows = page.locator('#events-table tbody tr');
    // A line event of its own: a second phone registering.
    const secondPhone = await SipPhone.open('1002', testNode.passwords['1002'], testNode.sipPort);
    try {
      await secondPhone.register();
      await rows.filter({ hasText: 'line_status_updated' }).filter({ hasText: '"name":"1002","registered":true' }).first().waitFor({ timeout: LIVE_MS });
    } finally {
      await secondPhone.register(0).catch(() => undefined);
      secondPhone.close();
    }
    // Another event of another name: a configuration change the administrator makes.
    await created('/contexts', { name: 'tail-check', label: 'tail check', type: 'internal' });
    await rows.filter({ hasText: 'context_created' }).first().waitFor();

    const filter = page.getByLabel('Event name');
    await filter.fill('LINE_');
    await page.locator('#events-summary', { hasText: 'shown' }).waitFor();
    const shown = await rows.allInnerTexts();
    assert.ok(shown.length > 0 && shown.every((text) => text.includes('line_status_updated')), `only line events are shown: ${JSON.stringify(shown)}`);
    await browser.screenshot('events-filtered');

    // The views above the tail re-render live, so the page can shift under a click: press until pressed.
    const pause = page.locator('#events-pause');
    assert.ok(await waitUntil(async () => {
      if ((await pause.getAttribute('aria-pressed')) !== 'true') await pause.click({ timeout: 2_000 }).catch(() => undefined);
      return (await pause.getAttribute('aria-pressed')) === 'true';
    }, { timeoutMs: LIVE_MS, intervalMs: 100 }), 'the tail pauses');
    await phone?.register(0);
    await page.locator('#events-summary', { hasText: /paused, [1-9]\d* new/ }).waitFor({ timeout: LIVE_MS });
    assert.equal(await rows.filter({ hasText: '"name":"1001","registered":false' }).count(), 0, 'the paused tail shows nothing new');
    assert.ok(await waitUntil(async () => {
      if ((await pause.getAttribute('aria-pressed')) !== 'false') await pause.click({ timeout: 2_000 }).catch(() => undefined);
      return (await pause.getAttribute('aria-pressed')) === 'false';
    }, { timeoutMs: LIVE_MS, intervalMs: 100 }), 'the tail resumes');
    await rows.filter({ hasText: '"name":"1001","registered":false' }).first().waitFor();
    await filter.fill('');
    await rows.filter({ hasText: 'context_created' }).first().waitFor();
    await page.locator('#events-view').scrollIntoViewIfNeeded();
    await browser.screenshot('events');
  });

  it('MUST drop the contact from Registrations once the phone unregisters', async (t) => {
    if (browser.missing !== undefined) return t.skip(browser.missing);
    await line1001().filter({ hasText: 'unregistered' }).waitFor({ timeout: LIVE_MS });
    assert.equal(await line1001().filter({ hasText: 'sip:1001@' }).count(), 0);
    await page.locator('#registrations-summary', { hasText: '0 registered' }).waitFor();
    await logOut();
  });

  it("MUST show the server's refusal to a user without confd.lines.read, and another tenant's administrator none of this tenant's lines", async (t) => {
    if (browser.missing !== undefined) return t.skip(browser.missing);
    await logOut();
    await phone?.register();
    const root = await rest.login('admin', testNode.adminPassword);
    const policy = await rest.request('/api/auth/0.1/policies', { method: 'POST', token: root, body: { name: 'console-calls-only', acl: ['websocketd', 'calld.calls.read'] } });
    const user = await rest.request('/api/auth/0.1/users', { method: 'POST', token: root, body: { username: 'calls-only', password: 'calls-only-pw' } });
    assert.equal(user.status, 201, JSON.stringify(user.body));
    await rest.request(`/api/auth/0.1/users/${(user.body as { uuid: string }).uuid}/policies/${(policy.body as { uuid: string }).uuid}`, { method: 'PUT', token: root });
    await logIn('calls-only', 'calls-only-pw');
    await page.locator('#registrations-error', { hasText: 'forbidden' }).waitFor();
    await page.locator('#trunks-error', { hasText: 'forbidden' }).waitFor();
    assert.equal(await line1001().count(), 0);
    await logOut();

    const tenant = await rest.request('/api/auth/0.1/tenants', { method: 'POST', token: root, body: { name: 'elsewhere' } });
    const admins = await rest.request('/api/auth/0.1/policies?search=default-admin', { token: root });
    const stranger = await rest.request('/api/auth/0.1/users', { method: 'POST', token: root, headers: { 'wazo-tenant': (tenant.body as { uuid: string }).uuid }, body: { username: 'elsewhere-admin', password: 'elsewhere-pw' } });
    assert.equal(stranger.status, 201, JSON.stringify(stranger.body));
    await rest.request(`/api/auth/0.1/users/${(stranger.body as { uuid: string }).uuid}/policies/${(admins.body as { items: { uuid: string }[] }).items[0]?.uuid ?? ''}`, { method: 'PUT', token: root });
    await logIn('elsewhere-admin', 'elsewhere-pw');
    await page.locator('#registrations-summary', { hasText: '0 lines' }).waitFor();
    assert.deepEqual([await line1001().count(), await page.locator('#registrations-error').innerText()], [0, '']);
    await page.locator('#registrations-table tbody', { hasText: 'no SIP line' }).waitFor();
    await browser.screenshot('other-tenant');
    await logOut();
  });
});
