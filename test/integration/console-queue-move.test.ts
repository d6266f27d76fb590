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
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { confdWriter } from '../support/confd-writer.ts';
import { restClient, type RestClient } from '../support/rest-client.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { waitUntil } from '../support/wait-until.ts';

const CHROMIUM = process.env['PARLEY_CHROMIUM'] ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let first: TestNode;
let second: TestNode;
let rest: RestClient;
let adminToken = '';
let profileDir = '';
let artifactsDir = '';
let browser: BrowserContext | undefined;
let page: Page;
let chromiumMissing: string | undefined;

const nameOf = (node: TestNode): string => `test-${node.sipPort}`;

async function screenshot(name: string): Promise<void> {
  const path = join(artifactsDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  const png = await readFile(path);
  assert.ok(png.length > 1000, `${name}.png has ${png.length} bytes`);
  assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE, `${name}.png is a PNG`);
  assert.ok(png.readUInt32BE(16) > 0 && png.readUInt32BE(20) > 0, `${name}.png has a size`);
}

before(async () => {
  artifactsDir = await mkdtemp(join(tmpdir(), 'parley-console-move-screenshots-'));
  console.log(`console screenshots: ${artifactsDir}`);
  profileDir = await mkdtemp(join(tmpdir(), 'parley-console-move-chromium-'));
  try {
    browser = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, viewport: { width: 1280, height: 900 } });
  } catch (error) {
    chromiumMissing = `Chromium (${CHROMIUM}) cannot start: ${String(error).split('\n')[0]}`;
    return;
  }
  page = browser.pages()[0] ?? (await browser.newPage());
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
  await rm(profileDir, { recursive: true, force: true });
});

describe('the console\'s move of a queue to another node', () => {
  it('MUST show the node running the contact center, and move it to the selected node once "Move…" is confirmed', async (t) => {
    if (chromiumMissing !== undefined) return t.skip(chromiumMissing);
    await page.goto(`http://127.0.0.1:${second.httpPort}/console`);
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(second.adminPassword);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('#connection', { hasText: /^connected$/ }).waitFor();
    await page.getByRole('heading', { name: 'Queues' }).waitFor();
    await page.locator('#queues-placement', { hasText: `Contact center: runs on ${nameOf(first)} (cluster)` }).waitFor();
    const select = page.getByLabel('Move to node');
    await select.locator('option', { hasText: nameOf(second) }).waitFor({ state: 'attached' });
    await select.selectOption(nameOf(second));
    await page.locator('#queues-view').scrollIntoViewIfNeeded();
    await screenshot('queues-before-move');

    const row = page.locator('#queues-table tbody tr', { hasText: 'moving_desk' });
    await row.getByRole('button', { name: 'Move…' }).click();
    await page.getByRole('dialog').getByRole('heading').or(page.locator('#confirm-title')).first().waitFor();
    assert.equal(await page.locator('#confirm-title').innerText(), `Move moving_desk to ${nameOf(second)}`);
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await page.locator('#action-outcome', { hasText: `moved from ${nameOf(first)} to ${nameOf(second)}` }).waitFor({ timeout: 15_000 });
    assert.match(await page.locator('#action-outcome').innerText(), /1 queue, 0 agents, 0 waiting calls carried/);
    assert.equal(second.node.system.actorCount('queue'), 1, 'the second node runs the queue');
    await page.locator('#queues-placement', { hasText: `runs on ${nameOf(second)}` }).waitFor();
    await screenshot('queues-moved');
  });

  it('MUST show the server\'s refusal of a move to the node running it already', async (t) => {
    if (chromiumMissing !== undefined) return t.skip(chromiumMissing);
    await page.getByLabel('Move to node').selectOption(nameOf(second));
    await page.locator('#queues-table tbody tr', { hasText: 'moving_desk' }).getByRole('button', { name: 'Move…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await page.locator('#action-outcome', { hasText: `refused (conflict: node ${nameOf(second)} already runs the contact center)` }).waitFor();
    assert.equal(second.node.system.actorCount('queue'), 1, 'nothing moved');
    await screenshot('queues-move-refused');
  });
});
