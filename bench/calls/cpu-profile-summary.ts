/**
 * Reads the `.cpuprofile` files that `node --cpu-prof` writes (one per thread: the main thread and
 * each media worker) and prints where each spent its time: the functions with the most self time.
 *
 *   node --import tsx bench/calls/cpu-profile-summary.ts <folder> [top]
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The parts of a V8 CPU profile this summary reads. */
export interface CpuProfile {
  readonly nodes: readonly { readonly id: number; readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number } }[];
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
}

export interface SelfTime {
  readonly name: string;
  readonly ms: number;
  readonly percent: number;
}

/**
 * The `top` functions by self time (sampled), the same function at one place counted once; shares
 * are of the busy time (idle samples left out, their time given apart).
 */
export function topSelfTime(profile: CpuProfile, top: number): { totalMs: number; idleMs: number; functions: SelfTime[] } {
  const names = new Map<number, string>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^file:\/\//, '').split('/').slice(-2).join('/');
    names.set(node.id, file === '' ? `(${functionName || 'anonymous'})` : `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`);
  }
  const byName = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let totalUs = 0;
  let idleUs = 0;
  samples.forEach((nodeId, index) => {
    const us = Math.max(0, deltas[index] ?? 0);
    const name = names.get(nodeId) ?? '(unknown)';
    if (name === '((idle))') {
      idleUs += us;
      return;
    }
    totalUs += us;
    byName.set(name, (byName.get(name) ?? 0) + us);
  });
  const functions = [...byName.entries()]
    .sort((left, right) => right[1] - left[1])
    .slice(0, top)
    .map(([name, us]) => ({ name, ms: us / 1000, percent: totalUs === 0 ? 0 : (us / totalUs) * 100 }));
  return { totalMs: totalUs / 1000, idleMs: idleUs / 1000, functions };
}

function isCpuProfile(value: unknown): value is CpuProfile {
  return typeof value === 'object' && value !== null && Array.isArray((value as { nodes?: unknown }).nodes);
}

async function main(folder: string | undefined, top: number): Promise<void> {
  if (folder === undefined) throw new Error('usage: cpu-profile-summary.ts <folder of .cpuprofile files> [top]');
  const files = (await readdir(folder)).filter((file) => file.endsWith('.cpuprofile')).sort();
  if (files.length === 0) throw new Error(`no .cpuprofile file in ${folder}`);
  for (const file of files) {
    const parsed: unknown = JSON.parse(await readFile(join(folder, file), 'utf8'));
    if (!isCpuProfile(parsed)) {
      console.log(`${file}: not a CPU profile, skipped`);
      continue;
    }
    const summary = topSelfTime(parsed, top);
    console.log(`\n${file}: ${(summary.totalMs / 1000).toFixed(1)} s busy, ${(summary.idleMs / 1000).toFixed(1)} s idle`);
    for (const entry of summary.functions) console.log(`  ${entry.percent.toFixed(1).padStart(5)} %  ${entry.ms.toFixed(0).padStart(7)} ms  ${entry.name}`);
  }
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const top = Number(process.argv[3] ?? 15);
  main(process.argv[2], Number.isInteger(top) && top > 0 ? top : 15).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
