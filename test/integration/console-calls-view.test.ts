/**
 * The console's "Calls" view with many calls, in headless Chromium against the real console files
 * and control WebSocket over synthetic calls (test/support/console-calls-server.ts): pages of 100
 * rows, a search across every page, events applied to their own row only (the other rows stay
 * the same DOM nodes) without a reload, and a blind transfer started from a row. Screenshots are kept in a folder of the OS temp dir (its
 * path is printed) and checked to be non-empty PNGs. Skips, saying why, only when Chromium cannot start.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { openConsoleBrowser, type ConsoleBrowser } from '../support/console-browser.ts';
import { BENCH_NODE, startConsoleBenchServer, type ConsoleBenchServer } from '../support/console-calls-server.ts';

const CALLS = 250;

let server: ConsoleBenchServer;
let browser: ConsoleBrowser;
let page: Page;

const rowOf = (callId: string) => page.locator(`#calls-table tbody tr[data-call-id="${callId}"]`);

before(async () => {
  browser = await openConsoleBrowser('console-calls', { viewport: { width: 1280, height: 900 } });
  if (browser.missing !== undefined) return;
  server = await startConsoleBenchServer();
  server.setCalls(CALLS);
  page = browser.page;
  // The console keeps its token in sessionStorage: this one is the control server's administrator.
  await page.addInitScript("sessionStorage.setItem('parley.console.token', 'admin')");
});
after(async () => {
  await browser?.close();
  server?.stop();
});

describe('the Calls view with many calls', () => {
  it('MUST show the first 100 of 250 calls with their details, and the next page on "Next"', async (t) => {
    if (browser.missing !== undefined) return t.skip(browser.missing);
    await page.goto(server.consoleUrl);
    await page.getByRole('heading', { name: 'Calls' }).waitFor();
    await page.locator('#calls-summary', { hasText: /^250 channels$/ }).waitFor();
    await page.locator('#calls-page', { hasText: '1–100 of 250' }).waitFor();
    await rowOf('c3').locator('td.call-node', { hasText: BENCH_NODE }).waitFor();
    assert.deepEqual(await rowOf('c3').locator('td.call-worker, td.call-codec, td.call-loss').allInnerTexts(), ['3', 'PCMA', '0.75 %']);
    assert.equal(await page.locator('#calls-table tbody tr[data-call-id]').count(), 100);
    await browser.screenshot('calls-page-1');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.locator('#calls-page', { hasText: '101–200 of 250' }).waitFor();
    await rowOf('c150').waitFor();
    assert.equal(await rowOf('c3').count(), 0, 'the first page left the DOM');
    await page.getByRole('button', { name: 'Previous' }).click();
    await page.locator('#calls-page', { hasText: '1–100 of 250' }).waitFor();
  });

  it('MUST search every page, not only the one shown', async (t) => {
    if (browser.missing !== undefined) return t.skip(browser.missing);
    await page.getByLabel('Search calls').fill('caller 249');
    await page.locator('#calls-summary', { hasText: '250 channels (1 shown)' }).waitFor();
    await rowOf('c249').waitFor();
    assert.equal(await page.locator('#calls-table tbody tr[data-call-id]').count(), 1);
    await page.getByLabel('Search calls').fill('');
    await page.locator('#calls-page', { hasText: '1–100 of 250' }).waitFor();
  });

  it('MUST apply an event to its own row only, keeping the other rows as they are', async (t) => {
    if (browser.missing !== undefined) return t.skip(browser.missing);
    await page.evaluate(`document.querySelector('#calls-table tr[data-call-id="c1"]').kept = true`);
    server.publish(server.updated('c2', { caller_id_name: 'Renamed', on_hold: true }));
    await rowOf('c2').locator('td.call-caller', { hasText: 'Renamed <10002>' }).waitFor();
    assert.equal(await rowOf('c2').locator('td.call-state').innerText(), 'Up (on hold)');
    assert.equal(await page.evaluate(`document.querySelector('#calls-table tr[data-call-id="c1"]').kept === true`), true, 'the row of c1 is the same node');
  });

  it("MUST start a blind transfer of the row's peer to the extension typed, once confirmed", async (t) => {
    if (browser.missing !== undefined) return t.skip(browser.missing);
    const forms = async (): Promise<boolean[]> => [await page.locator('#calls-transfer-form').isVisible(), await page.locator('#calls-move-form').isVisible()];
    assert.deepEqual(await forms(), [false, false], 'the transfer and move forms wait for a row\'s button');
    await rowOf('c5').getByRole('button', { name: 'Transfer' }).click();
    assert.deepEqual(await forms(), [true, false], 'the transfer form only');
    await page.getByLabel('Transfer to extension').fill('1003');
    await page.getByRole('button', { name: 'Transfer…' }).click();
    await page.getByRole('heading', { name: 'Transfer c5' }).waitFor();
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.locator('#action-outcome[data-state="ok"]', { hasText: 'Transfer c5: transfer transfer-1 blind_transferred' }).waitFor();
    const [request] = server.transferRequests;
    assert.deepEqual([request?.transferredCall, request?.initiatorCall, request?.context, request?.exten, request?.flow], ['c4', 'c5', 'default', '1003', 'blind']);
  });

  it('MUST drop an ended call at once, and bring the next call onto the page', async (t) => {
    if (browser.missing !== undefined) return t.skip(browser.missing);
    server.publish(server.ended('c0'));
    await page.locator('#calls-summary', { hasText: /^249 channels$/ }).waitFor();
    assert.equal(await rowOf('c0').count(), 0);
    await rowOf('c100').waitFor();
    await browser.screenshot('calls-after-events');
  });
});
