/**
 * The admin console in headless Chromium against the two-node HA lab: logged in through the virtual
 * service address, "Nodes" lists the master and the slave with their load; SIPp calls appear in
 * "Calls"; "Drain" on the master, confirmed in the dialog, hands the calls live to the slave: the
 * outcome is shown, the former slave is the master, the console (reconnected through the virtual
 * address) lists the calls again on it, and they leave the list when they end; "Switchover" brings
 * the master back, its outcome shown as well. A user whose token
 * lacks the HA ACLs sees the nodes but the server refuses its drain (`forbidden`).
 *
 * @remarks Needs root, like ha-failover.test.ts (the lab `hacons`, its own namespaces and subnet).
 * Screenshots of the Nodes view before and after the drain are kept in a folder of the OS temp dir
 * (its path is printed) and checked to be PNGs. The drain's duration and what moved are printed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { openConsoleBrowser, type ConsoleBrowser } from '../support/console-browser.ts';
import type { HaLab } from '../support/ha-lab.ts';
import { startHaPair, type HaPair } from '../support/ha-pair.ts';
import { LAB_HTTP_PORT, LAB_SIP_PORT } from '../support/lab-node.ts';
import { startMeasuredCalls, type MeasuredCalls } from '../support/measured-calls.ts';
import { netnsLabUnavailable, type LabNodeName } from '../support/netns-lab.ts';

const CALLS = 4;

const labUnavailable = await netnsLabUnavailable();

describe('the admin console on an HA pair', { skip: labUnavailable ?? false }, () => {
  let pair: HaPair;
  let ha: HaLab;
  let calls: MeasuredCalls | undefined;
  let browser: ConsoleBrowser;
  let page: Page;

  const rest = (node: LabNodeName) => pair.rest(node);
  const token = (node: LabNodeName) => pair.token(node);
  const status = (node: LabNodeName) => pair.status(node);
  const nodeRow = (node: LabNodeName) => page.locator('#nodes-table tbody tr', { hasText: ha.nodes[node].nodeName });
  const haLines = (): string => pair.logLines({ count: 15 }).join('\n');

  /** What the page and the nodes say, for a failure's message. */
  const diagnostics = async (): Promise<string> => {
    const texts = await Promise.all(['#action-outcome', '#connection', '#nodes-summary', '#nodes-error', '#calls-summary', '#calls-error'].map(async (selector) => `${selector}: ${await page.locator(selector).innerText().catch(() => '?')}`));
    return [...texts, `A: ${JSON.stringify(await status('a').catch(() => undefined))}`, `B: ${JSON.stringify(await status('b').catch(() => undefined))}`, haLines()].join('\n');
  };
  /** Waits until the locator is visible; the failure says what the page showed. */
  const see = async (locator: ReturnType<Page['locator']>, timeout = 30_000): Promise<void> => {
    try {
      await locator.waitFor({ timeout });
    } catch (error) {
      throw new Error(`${String(error)}\n${await diagnostics()}`);
    }
  };
  const logIn = async (username: string, password: string): Promise<void> => {
    await browser.logIn(username, password);
    await page.getByRole('heading', { name: 'Nodes' }).waitFor();
  };

  before(async () => {
    browser = await openConsoleBrowser('console-ha', { viewport: { width: 1600, height: 900 } });
    if (browser.missing !== undefined) return;
    page = browser.page;
    pair = await startHaPair('hacons');
    ha = pair.ha;
  });
  after(async () => {
    await browser?.close();
    await calls?.close();
    await pair?.close();
  });

  it('MUST list the master and the slave with their load, through the virtual address', async (t) => {
    if (browser.missing !== undefined) return t.skip(browser.missing);
    await page.goto(`http://${ha.lab.virtualAddress}:${String(LAB_HTTP_PORT)}/console`);
    await logIn('admin', ha.adminPassword);
    await nodeRow('a').filter({ hasText: 'master' }).waitFor();
    await nodeRow('b').filter({ hasText: 'slave' }).waitFor();
    assert.match(await page.locator('#nodes-summary').innerText(), new RegExp(`This node: master, epoch \\d+; master: ${ha.nodes.a.nodeName}`));
    // Each node's own heartbeat carries its load: uptime, media workers, CPU and memory, health.
    for (const node of ['a', 'b'] as const) {
      const text = await nodeRow(node).innerText();
      assert.match(text, /\d+\/\d+ workers, \d+ sessions/, `${node}: ${text}`);
      assert.match(text, /\d+(\.\d)? %/, `${node}: ${text}`);
      assert.match(text, /\d+ MB \(heap \d+ MB\)/, `${node}: ${text}`);
      assert.match(text, /\bok\b/, `${node} healthy: ${text}`);
    }
  });

  it('MUST show SIPp calls, drain the master on confirmation, and list the calls again on the former slave until they end', async (t) => {
    if (browser.missing !== undefined) return t.skip(browser.missing);
    calls = await startMeasuredCalls({
      count: CALLS, target: { address: ha.lab.virtualAddress, port: LAB_SIP_PORT }, localAddress: ha.lab.bridgeAddress,
      dialed: '0555000', user: '1001', password: ha.demoPassword, calleePort: pair.providerPort,
    });
    await calls.waitUntilFlowing(60_000);
    // Each call is two channels on the master: the phone's and the provider's.
    await see(page.locator('#calls-summary', { hasText: `${String(2 * CALLS)} channels` }));
    assert.equal(await page.locator('#calls-table tbody tr:not([hidden])').count(), 2 * CALLS);
    await see(nodeRow('a').filter({ hasText: new RegExp(`call ${String(CALLS)}\\b`) }), 5_000);
    await browser.screenshot('nodes-before-drain');

    const drainedAt = Date.now();
    await browser.pressUntil(nodeRow('a').getByRole('button', { name: 'Drain' }), page.locator('#confirm-dialog'), 'the confirmation dialog');
    await page.getByRole('heading', { name: `Drain ${ha.nodes.a.nodeName}` }).waitFor();
    await page.getByRole('button', { name: 'Confirm' }).click();
    const outcome = page.locator('#action-outcome[data-state="ok"]');
    try {
      await outcome.waitFor({ timeout: 60_000 });
    } catch (error) {
      throw new Error(`${String(error)}\n${await diagnostics()}`);
    }
    const told = await outcome.innerText();
    console.log(`console-ha: ${told} (${String(Date.now() - drainedAt)} ms from the click to the outcome shown)`);
    assert.match(told, new RegExp(`${ha.nodes.a.nodeName} drained to ${ha.nodes.b.nodeName}: ${String(CALLS)} calls moved, 0 dropped`));

    await see(nodeRow('b').filter({ hasText: 'master' }));
    await see(nodeRow('a').filter({ hasText: 'slave' }).locator('td.drained', { hasText: /^yes$/ }));
    await see(page.locator('#nodes-summary', { hasText: `master: ${ha.nodes.b.nodeName}` }));
    await see(page.locator('#connection', { hasText: /^connected$/ }));
    await see(page.locator('#calls-summary', { hasText: `${String(2 * CALLS)} channels` }));
    await see(nodeRow('b').filter({ hasText: new RegExp(`call ${String(CALLS)}\\b`) }), 5_000);
    assert.equal((await status('b')).role, 'master');
    assert.equal((await status('a')).role, 'slave');
    await browser.screenshot('nodes-after-drain');

    const { callers } = await calls.hangUp();
    assert.equal(callers.successfulCalls, CALLS, callers.errors || callers.stdout);
    await see(page.locator('#calls-summary', { hasText: /^0 channels$/ }));
    await page.locator('#calls-table tbody', { hasText: 'no call in progress' }).waitFor();

    // The drained node stays a slave, and goes back to normal once undrained.
    await browser.pressUntil(nodeRow('a').getByRole('button', { name: 'Undrain' }), page.locator('#confirm-dialog'), 'the confirmation dialog');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.locator('#action-outcome', { hasText: `${ha.nodes.a.nodeName} is no longer drained` }).waitFor();
    await see(nodeRow('a').filter({ hasText: 'slave' }).locator('td', { hasText: /^no$/ }));

    // A switchover back to it from its row: the outcome survives the service address moving again.
    await browser.pressUntil(nodeRow('a').getByRole('button', { name: 'Switchover' }), page.locator('#confirm-dialog'), 'the confirmation dialog');
    await page.getByRole('heading', { name: `Switch over to ${ha.nodes.a.nodeName}` }).waitFor();
    await page.getByRole('button', { name: 'Confirm' }).click();
    await see(page.locator('#action-outcome[data-state="ok"]', { hasText: `${ha.nodes.b.nodeName} switched over to ${ha.nodes.a.nodeName}: 0 calls moved, 0 dropped` }));
    await see(nodeRow('a').filter({ hasText: 'master' }));
    assert.equal((await status('a')).role, 'master');
  });

  it('MUST let the server refuse a drain to a token without the HA ACLs', async (t) => {
    if (browser.missing !== undefined) return t.skip(browser.missing);
    const admin = await token('a');
    const policy = await rest('a').request('/api/auth/0.1/policies', { method: 'POST', token: admin, body: { name: 'nodes-viewer', acl: ['websocketd', 'confd.ha.status.read', 'calld.calls.read'] } });
    const user = await rest('a').request('/api/auth/0.1/users', { method: 'POST', token: admin, body: { username: 'nodes-viewer', password: 'nodes-viewer-pw' } });
    assert.equal(user.status, 201, JSON.stringify(user.body));
    const linked = await rest('a').request(`/api/auth/0.1/users/${(user.body as { uuid: string }).uuid}/policies/${(policy.body as { uuid: string }).uuid}`, { method: 'PUT', token: admin });
    assert.equal(linked.status, 204);

    await browser.logOut();
    await logIn('nodes-viewer', 'nodes-viewer-pw');
    await see(nodeRow('a').filter({ hasText: 'master' }));
    await browser.pressUntil(nodeRow('a').getByRole('button', { name: 'Drain' }), page.locator('#confirm-dialog'), 'the confirmation dialog');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.locator('#action-outcome[data-state="refused"]', { hasText: 'forbidden' }).waitFor();
    await browser.screenshot('nodes-drain-refused');
    assert.equal((await status('a')).role, 'master', 'nothing changed');
  });
});
