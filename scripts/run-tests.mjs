#!/usr/bin/env node
// Finds every *.test.ts beside the code and under test/, then runs them with node's test runner
// (Node 20 does not expand globs given to --test, so the list is built here).
// Usage: node scripts/run-tests.mjs [--unit | --integration] [filter-substring]
// The heavy tests run one at a time in a lane of their own, beside the others: the network-namespace
// lab tests (two parley nodes each, their failover timed) and the Chromium tests, so a browser never
// starves a failover being measured. Their output follows the others'.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawn } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const roots = ['actors', 'api', 'drivers', 'media-workers', 'store', 'supervisors', 'transport', 'test'];
const args = process.argv.slice(2);
const only = args.find((a) => !a.startsWith('--'));
const unitOnly = args.includes('--unit');
const integrationOnly = args.includes('--integration');

function walk(dir, out) {
  let entries;
  try { entries = readdirSync(dir); } catch { return out; }
  for (const name of entries) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (name.endsWith('.test.ts')) out.push(relative(root, path));
  }
  return out;
}

let files = roots.flatMap((r) => walk(join(root, r), [])).sort();
const isIntegration = (f) => f.startsWith('test/integration/');
if (unitOnly) files = files.filter((f) => !isIntegration(f));
if (integrationOnly) files = files.filter(isIntegration);
if (only) files = files.filter((f) => f.includes(only));
if (files.length === 0) {
  console.error('run-tests: no test file matched');
  process.exit(1);
}

const reporters = [
  '--test-reporter=tap', '--test-reporter-destination=stdout',
  `--test-reporter=${join(root, 'scripts', 'failure-summary.mjs')}`, '--test-reporter-destination=stderr',
];
const HEAVY_MARKS = ['netnsLabUnavailable', 'playwright-core', 'console-browser.ts'];
const usesLab = (f) => {
  const text = readFileSync(join(root, f), 'utf8');
  return HEAVY_MARKS.some((mark) => text.includes(mark));
};
const labFiles = files.filter(usesLab);
const otherFiles = files.filter((f) => !usesLab(f));
// A test that hangs fails after four minutes (the longest test takes under one) instead of holding the run.
// Each lane runs in a process group of its own, ended whole once the lane is done: a SIPp, a lab
// node or a browser that a failed test file left behind does not outlive the run.
const lanes = [];
const reap = (child) => {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // The group is already empty.
  }
};
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    lanes.forEach(reap);
    process.exit(1);
  });
}
const run = (list, concurrency, stdio) => {
  const child = spawn(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-timeout=240000', ...reporters, ...list], { cwd: root, stdio, detached: true });
  lanes.push(child);
  return child;
};
const ended = (child) => new Promise((resolve) => child.on('exit', (code, signal) => {
  reap(child);
  resolve(signal ? 1 : (code ?? 1));
}));
const runs = [];
if (otherFiles.length > 0) runs.push(ended(run(otherFiles, labFiles.length > 0 ? 3 : 4, 'inherit')));
if (labFiles.length > 0) {
  const lab = run(labFiles, 1, ['ignore', 'pipe', 'pipe']);
  const out = [];
  const err = [];
  lab.stdout.on('data', (chunk) => out.push(chunk));
  lab.stderr.on('data', (chunk) => err.push(chunk));
  runs.push(ended(lab).then(async (code) => {
    await Promise.all(runs.slice(0, -1));
    process.stdout.write(Buffer.concat(out));
    process.stderr.write(Buffer.concat(err));
    return code;
  }));
}
const codes = await Promise.all(runs);
process.exit(codes.every((code) => code === 0) ? 0 : 1);
