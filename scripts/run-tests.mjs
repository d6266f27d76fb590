#!/usr/bin/env node
// Finds every *.test.ts beside the code and under test/, then runs them with node's test runner
// (Node 20 does not expand globs given to --test, so the list is built here).
// Usage: node scripts/run-tests.mjs [--unit | --integration] [filter-substring]
import { readdirSync, statSync } from 'node:fs';
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
// A test that hangs fails after four minutes (the longest test takes under one) instead of holding the run.
const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=4', '--test-timeout=240000', ...reporters, ...files], {
  cwd: root,
  stdio: 'inherit',
});
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
