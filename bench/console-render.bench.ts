/**
 * bench/console-render: how long the console's "Calls" view takes to show a call event with 2,000
 * live calls, against a baseline of 20 calls measured in the same run.
 *
 * The real console page runs in headless Chromium against the real control WebSocket and console
 * route (test/support/console-calls-server.ts: calld and call-details commands over in-memory ports).
 * Once the table holds every call and its details, the server publishes
 *
 * - a burst: 500 `call_updated` events at once, each changing one call's caller name;
 * - a stream: 600 events, one every 10 ms (6 s, so a full `calls.details` refresh and the
 *   duration ticks happen inside it).
 *
 * In the page, an init script stamps each event frame's arrival (wrapping the socket's message
 * listener) and a MutationObserver on the table sees the row change: the latency is arrival to DOM
 * updated, and to the end of the frame that shows it (a task posted right after the update runs
 * once the frame is rendered). Long tasks come from a `longtask` PerformanceObserver (50 ms and
 * more); the longest stretch the main thread was busy comes from a MessageChannel probe that
 * notes the largest gap between two of its turns while events flow.
 *
 *   npm run bench:console-render            (prints, asserts nothing)
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { startConsoleBenchServer, type ConsoleBenchServer } from '../test/support/console-calls-server.ts';

const CHROMIUM = process.env['PARLEY_CHROMIUM'] ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const BURST_EVENTS = 500;
const STREAM_EVENTS = 600;
const STREAM_SPACING_MS = 10;
/** The rows of one page of the view (view-calls.js). */
const PAGE_ROWS = 100;

/** Runs in the page before its scripts: the token, the arrival stamps, the DOM observer, the probes. */
const INSTRUMENT = `
sessionStorage.setItem('parley.console.token', 'admin');
window.__bench = { arrivals: new Map(), toDom: [], toFrame: [], longTasks: [], maxGapMs: 0, probing: false, parsed: 0 };
const bench = window.__bench;
const add = WebSocket.prototype.addEventListener;
WebSocket.prototype.addEventListener = function (type, listener, options) {
  if (type !== 'message') return add.call(this, type, listener, options);
  return add.call(this, type, function (message) {
    if (typeof message.data === 'string' && message.data.includes('"bench_seq"')) {
      const found = /"call_id":"([^"]+)"/.exec(message.data);
      if (found !== null) {
        const list = bench.arrivals.get(found[1]) ?? [];
        list.push(performance.now());
        bench.arrivals.set(found[1], list);
      }
    }
    return listener.call(this, message);
  }, options);
};
new PerformanceObserver((list) => { for (const entry of list.getEntries()) bench.longTasks.push(entry.duration); }).observe({ type: 'longtask', buffered: true });
bench.observe = () => {
  const body = document.querySelector('#calls-table tbody');
  new MutationObserver((records) => {
    const now = performance.now();
    const settled = [];
    for (const record of records) {
      const row = (record.target.nodeType === 1 ? record.target : record.target.parentElement)?.closest('tr');
      const callId = row?.dataset.callId;
      const list = callId === undefined ? undefined : bench.arrivals.get(callId);
      if (list === undefined) continue;
      bench.arrivals.delete(callId);
      for (const at of list) { bench.toDom.push(now - at); settled.push(at); }
    }
    if (settled.length > 0) setTimeout(() => { const done = performance.now(); for (const at of settled) bench.toFrame.push(done - at); }, 0);
  }).observe(body, { subtree: true, childList: true, characterData: true });
};
bench.probe = () => {
  const channel = new MessageChannel();
  let last = performance.now();
  bench.probing = true;
  channel.port1.onmessage = () => {
    const now = performance.now();
    bench.maxGapMs = Math.max(bench.maxGapMs, now - last);
    last = now;
    if (bench.probing) channel.port2.postMessage(0);
  };
  channel.port2.postMessage(0);
};
`;

interface Figures {
  readonly loadMs: number;
  readonly burst: Latencies;
  readonly stream: Latencies;
  readonly longTasks: readonly number[];
  readonly maxGapMs: number;
}
interface Latencies { readonly dom: readonly number[]; readonly frame: readonly number[]; readonly lost: number }

const percentile = (values: readonly number[], share: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? Number.NaN;
};
const ms = (value: number): string => `${value.toFixed(1)} ms`;

/**
 * Polls `condition` (an expression) in the page until it holds. Playwright's waitForFunction would
 * evaluate a string, which the console's Content-Security-Policy (no 'unsafe-eval') forbids.
 */
async function waitInPage(page: Page, condition: string, timeoutMs = 60_000, intervalMs = 20): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  const check = new Function(`return Boolean(${condition});`) as () => boolean;
  while (performance.now() < deadline) {
    if (await page.evaluate(check)) return true;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return false;
}

/** Publishes events and waits until the page saw every one in the DOM (or gives up after 20 s). */
async function measure(page: Page, server: ConsoleBenchServer, calls: number, count: number, spacingMs: number, firstSeq: number): Promise<Latencies> {
  await page.evaluate('window.__bench.toDom = []; window.__bench.toFrame = []; window.__bench.arrivals.clear()');
  for (let n = 0; n < count; n += 1) {
    const seq = firstSeq + n;
    // Even events change a call of the page shown (measured); odd ones a call anywhere (off the page: no DOM to update).
    const target = seq % 2 === 0 ? (seq * 7) % Math.min(calls, PAGE_ROWS) : (seq * 13) % calls;
    server.publish(server.updated(`c${target}`, { caller_id_name: `Caller seq ${seq}`, ...(seq % 2 === 0 ? { bench_seq: seq } : {}) }));
    if (spacingMs > 0) await new Promise((resolve) => setTimeout(resolve, spacingMs));
  }
  await waitInPage(page, `window.__bench.toFrame.length >= ${Math.ceil(count / 2)}`, 20_000, 50);
  const { dom, frame } = await page.evaluate('({ dom: window.__bench.toDom, frame: window.__bench.toFrame })') as { dom: number[]; frame: number[] };
  return { dom, frame, lost: Math.ceil(count / 2) - dom.length };
}

async function run(browser: Browser, server: ConsoleBenchServer, calls: number): Promise<Figures> {
  server.setCalls(calls);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.addInitScript(INSTRUMENT);
  const started = performance.now();
  await page.goto(server.consoleUrl);
  const loaded = await waitInPage(page, `document.querySelector('#calls-summary')?.textContent === '${calls} channels' && document.querySelectorAll('#calls-table td.call-node').length === ${Math.min(calls, PAGE_ROWS)} && [...document.querySelectorAll('#calls-table td.call-codec')].every((cell) => cell.textContent !== '—')`);
  const loadMs = performance.now() - started;
  if (!loaded) throw new Error(`the table did not show ${calls} calls with their details within 60 s`);
  await page.evaluate('window.__bench.observe(); window.__bench.longTasks.length = 0; window.__bench.probe()');
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const burst = await measure(page, server, calls, BURST_EVENTS, 0, 0);
  const stream = await measure(page, server, calls, STREAM_EVENTS, STREAM_SPACING_MS, BURST_EVENTS);
  const { longTasks, maxGapMs } = await page.evaluate('window.__bench.probing = false; ({ longTasks: window.__bench.longTasks, maxGapMs: window.__bench.maxGapMs })') as { longTasks: number[]; maxGapMs: number };
  await page.close();
  return { loadMs, burst, stream, longTasks, maxGapMs };
}

function report(label: string, figures: Figures): void {
  const line = (name: string, latencies: Latencies) =>
    `  ${name}: event → DOM median ${ms(percentile(latencies.dom, 0.5))}, p95 ${ms(percentile(latencies.dom, 0.95))}; → frame shown median ${ms(percentile(latencies.frame, 0.5))}, p95 ${ms(percentile(latencies.frame, 0.95))}` +
    (latencies.lost > 0 ? ` (${latencies.lost} not seen)` : '');
  process.stdout.write(`${label}: table with details in ${ms(figures.loadMs)} from navigation\n`);
  process.stdout.write(`${line(`burst of ${BURST_EVENTS}`, figures.burst)}\n${line(`stream of ${STREAM_EVENTS} at ${1000 / STREAM_SPACING_MS}/s`, figures.stream)}\n`);
  const longest = figures.longTasks.length === 0 ? 'none of 50 ms or more' : `${figures.longTasks.length}, longest ${ms(Math.max(...figures.longTasks))}`;
  process.stdout.write(`  long tasks while events flowed: ${longest}; longest busy stretch of the main thread: ${ms(figures.maxGapMs)}\n`);
}

const server = await startConsoleBenchServer();
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
try {
  const baseline = await run(browser, server, 20);
  report('baseline, 20 calls', baseline);
  const large = await run(browser, server, 2_000);
  report('2,000 calls', large);
  const ratio = (name: string, of: (figures: Figures) => readonly number[]) =>
    `${name} ${(percentile(of(large), 0.5) / percentile(of(baseline), 0.5)).toFixed(2)}× (p95 ${(percentile(of(large), 0.95) / percentile(of(baseline), 0.95)).toFixed(2)}×)`;
  process.stdout.write(`ratio 2,000 / 20 calls, event → DOM: ${ratio('burst', (figures) => figures.burst.dom)}, ${ratio('stream', (figures) => figures.stream.dom)}\n`);
} finally {
  await browser.close();
  server.stop();
}
