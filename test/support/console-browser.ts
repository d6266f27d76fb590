/**
 * The admin console in headless Chromium for the browser tests: a persistent context on a fresh
 * profile, a login through the page's form, and screenshots kept as artifacts and checked to be
 * real PNGs. When Chromium cannot start, `missing` says why and the tests skip with that reason.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { waitUntil } from './wait-until.ts';

const CHROMIUM = process.env['PARLEY_CHROMIUM'] ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface ConsoleBrowser {
  /** Why the browser tests cannot run (Chromium did not start); undefined when they can. */
  readonly missing: string | undefined;
  readonly page: Page;
  /** Where the screenshots are kept. */
  readonly artifactsDir: string;
  /** Takes a full-page screenshot named `name` and checks it is a PNG with a width and a height. */
  screenshot(name: string): Promise<void>;
  /** Opens `<baseUrl>/console`, logs in through the form and waits for the views, connected. */
  login(baseUrl: string, username: string, password: string): Promise<void>;
  /** Logs in through the form the page shows now and waits for the views, connected. */
  logIn(username: string, password: string): Promise<void>;
  /** Fills the form the page shows now and submits it once, without waiting for the outcome (a login expected to fail). */
  submitLogin(username: string, password: string): Promise<void>;
  /** Presses "Log out" until the login form shows (a click can miss while the views re-render under it). */
  logOut(): Promise<void>;
  /**
   * Presses `button` until `shown` is visible (a dialog, an outcome): a click can miss while the views
   * above it re-render and move it. Fails with the connection's state and the last outcome shown.
   */
  pressUntil(button: Locator, shown: Locator, what: string): Promise<void>;
  close(): Promise<void>;
}

export interface ConsoleBrowserOptions {
  /** The page's size; 1400 × 900 unless told. */
  readonly viewport?: { readonly width: number; readonly height: number };
}

export async function openConsoleBrowser(label: string, options: ConsoleBrowserOptions = {}): Promise<ConsoleBrowser> {
  const artifactsDir = await mkdtemp(join(tmpdir(), `parley-${label}-screenshots-`));
  console.log(`${label} screenshots: ${artifactsDir}`);
  const profileDir = await mkdtemp(join(tmpdir(), `parley-${label}-chromium-`));
  let context: BrowserContext | undefined;
  let missing: string | undefined;
  try {
    context = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, viewport: options.viewport ?? { width: 1400, height: 900 } });
  } catch (error) {
    missing = `Chromium (${CHROMIUM}) cannot start: ${String(error).split('\n')[0]}`;
  }
  const page = context === undefined ? (undefined as unknown as Page) : (context.pages()[0] ?? (await context.newPage()));
  /** The page's uncaught errors and console errors, the last 20, said when a press does not take. */
  const pageErrors: string[] = [];
  const noteError = (text: string): void => {
    pageErrors.push(text);
    if (pageErrors.length > 20) pageErrors.shift();
  };
  page?.on('pageerror', (error) => noteError(`uncaught: ${error.message}`));
  page?.on('console', (message) => { if (message.type() === 'error') noteError(`console: ${message.text()}`); });
  /** Waits for the login form and fills it in. */
  const fillLogin = async (username: string, password: string): Promise<void> => {
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
  };
  const pressUntil = async (button: Locator, shown: Locator, what: string): Promise<void> => {
    const pressed = await waitUntil(async () => {
      if (await shown.isVisible()) return true;
      if (await button.isVisible()) await button.click({ timeout: 2_000 }).catch(() => undefined);
      return shown.isVisible();
    }, { timeoutMs: 30_000, intervalMs: 300 });
    if (pressed) return;
    const state = await page.evaluate(`({
      connection: document.querySelector('#connection')?.textContent,
      outcome: document.querySelector('#action-outcome')?.textContent,
      dialogOpen: document.querySelector('#confirm-dialog')?.open,
      forms: [...document.querySelectorAll('form')].map((form) => [form.id, form.hidden, [...form.elements].map((field) => field.value ?? '')]),
    })`).catch((error: unknown) => String(error));
    assert.fail(`${what} does not show after pressing ${String(button)} for 30 s; the page: ${JSON.stringify(state)}; its errors: ${JSON.stringify(pageErrors)}`);
  };
  const logIn = async (username: string, password: string): Promise<void> => {
    await fillLogin(username, password);
    // A refused attempt slows the next one (the login throttle): the form is submitted again until it is heard.
    await pressUntil(page.getByRole('button', { name: 'Log in' }), page.locator('#cluster-view'), `${username}'s login`);
    await page.locator('#connection', { hasText: /^connected$/ }).waitFor();
  };
  return {
    missing,
    page,
    artifactsDir,
    async screenshot(name) {
      const path = join(artifactsDir, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      const png = await readFile(path);
      assert.ok(png.length > 1000, `${name}.png has ${String(png.length)} bytes`);
      assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE, `${name}.png is a PNG`);
      assert.ok(png.readUInt32BE(16) > 0 && png.readUInt32BE(20) > 0, `${name}.png has a size`);
    },
    async login(baseUrl, username, password) {
      await page.goto(`${baseUrl}/console`);
      await logIn(username, password);
    },
    logIn,
    async submitLogin(username, password) {
      await fillLogin(username, password);
      await page.getByRole('button', { name: 'Log in' }).click();
    },
    logOut: () => pressUntil(page.locator('#logout'), page.getByRole('heading', { name: 'Log in' }), 'the login form after "Log out"'),
    pressUntil,
    async close() {
      await context?.close();
      await rm(profileDir, { recursive: true, force: true });
    },
  };
}
