/**
 * The console's "Move…" of a queue in headless Chromium against two real nodes of one cluster
 * (one database, one Redis, no HA role), the console served by the second: "Queues" names the
 * node running the contact center and offers the live nodes in a select; "Move…" in the queue's
 * row asks for confirmation, moves the contact center to the selected node and shows the outcome;
 * a move to the node running it already is refused by the server, the refusal shown. Screenshots
 * are kept in a folder of the OS temp dir (its path is printed) and checked to be PNGs. Skips,
 * saying why, only when Chromium cannot start.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { openConsoleBrowser, type ConsoleBrowser } from '../support/console-browser.ts';
import { confdWriter } from '../support/confd-writer.ts';
import { restClient, type RestClient } from '../support/rest-client.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { waitUntil } from '../support/wait-until.ts';


let first: TestNode;
let second: TestNode;
let rest: RestClient;
let adminToken = '';
let browser: ConsoleBrowser;
let page: Page;

const nameOf = (node: TestNode): string => `test-${node.sipPort}`;

before(async () => {
  browser = await openConsoleBrowser('console-move', { viewport: { width: 1280, height: 900 } });
  if (browser.missing !== undefined) return;
  page = browser.page;
  first = await startTestNode({ redis: true });
  second = await startTestNode({ redis: true, sharedWith: first });
  rest = restClient(first.httpPort);
  adminToken = await rest.login('admin', first.adminPassword);
  const { created } = confdWriter(() => rest, () => adminToken);
  await created('/queues', { name: 'moving_desk', label: 'Moving desk' });
  assert.ok(await waitUntil(() => first.node.system.actorCount('queue') === 1), 'the first node runs the queue');
});

after(async () => {
  await browser?.close();
  await second?.close();
  await first?.close();
});

describe('the console\'s move of a queue to another node', () => {
  it('MUST show the node running the contact center, and move it to the selected node once "Move…" is confirmed', async (t) => {
    if (browser.missing !== undefined) return t.skip(browser.missing);
    await browser.login(`http://127.0.0.1:${second.httpPort}`, 'admin', second.adminPassword);
    await page.getByRole('heading', { name: 'Queues' }).waitFor();
    await page.locator('#queues-placement', { hasText: `Contact center: runs on ${nameOf(first)} (cluster)` }).waitFor();
    // The Calls view has a "Move to node" field of its own: this is the one of "Queues".
    const select = page.locator('#queues-view').getByLabel('Move to node');
    await select.locator('option', { hasText: nameOf(second) }).waitFor({ state: 'attached' });
    await select.selectOption(nameOf(second));
    await page.locator('#queues-view').scrollIntoViewIfNeeded();
    await browser.screenshot('queues-before-move');

    const row = page.locator('#queues-table tbody tr', { hasText: 'moving_desk' });
    await browser.pressUntil(row.getByRole('button', { name: 'Move…' }), page.locator('#confirm-dialog'), 'the confirmation dialog');
    await page.getByRole('dialog').getByRole('heading').or(page.locator('#confirm-title')).first().waitFor();
    assert.equal(await page.locator('#confirm-title').innerText(), `Move moving_desk to ${nameOf(second)}`);
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await page.locator('#action-outcome', { hasText: `moved from ${nameOf(first)} to ${nameOf(second)}` }).waitFor({ timeout: 15_000 });
    assert.match(await page.locator('#action-outcome').innerText(), /1 queue, 0 agents, 0 waiting calls carried/);
    assert.equal(second.node.system.actorCount('queue'), 1, 'the second node runs the queue');
    await page.locator('#queues-placement', { hasText: `runs on ${nameOf(second)}` }).waitFor();
    await browser.screenshot('queues-moved');
  });

  it('MUST show the server\'s refusal of a move to the node running it already', async (t) => {
    if (browser.missing !== undefined) return t.skip(browser.missing);
    await page.locator('#queues-view').getByLabel('Move to node').selectOption(nameOf(second));
    await browser.pressUntil(page.locator('#queues-table tbody tr', { hasText: 'moving_desk' }).getByRole('button', { name: 'Move…' }), page.locator('#confirm-dialog'), 'the confirmation dialog');
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await page.locator('#action-outcome', { hasText: `refused (conflict: node ${nameOf(second)} already runs the contact center)` }).waitFor();
    assert.equal(second.node.system.actorCount('queue'), 1, 'nothing moved');
    await browser.screenshot('queues-move-refused');
  });
});
