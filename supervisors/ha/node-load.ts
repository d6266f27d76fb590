/**
 * What a node carries, sampled for its heartbeat: calls, actors by kind, media workers and their
 * sessions, CPU and memory, uptime. Every node publishes it, so the console connected to any node
 * sees the load of all.
 *
 * @remarks
 * The CPU figure is the process's CPU time (user + system, every thread: the media workers are
 * threads of the process) over the wall time since the previous sample, in percent of one core, so
 * it can exceed 100 on several cores. The first sample covers the time since the process started.
 * The sources are functions: a service not running yet counts as empty.
 */
import type { NodeLoadView } from '../../api/index.ts';

/** The media pool's figures (see MediaPool.readyWorkers, sessionCount, workerSessions). */
export interface MediaFigures {
  readonly readyWorkers: number;
  readonly workers: number;
  readonly sessionsPerWorker: readonly number[];
}

export interface LoadSources {
  readonly calls: () => number;
  readonly actors: () => Readonly<Record<string, number>>;
  /** Undefined while the media service is not running. */
  readonly media: () => MediaFigures | undefined;
  /** The process's figures; the real process by default (tests give their own). */
  readonly process?: {
    readonly cpuUsage: () => { readonly user: number; readonly system: number };
    readonly memoryUsage: () => { readonly rss: number; readonly heapUsed: number; readonly heapTotal: number };
    readonly uptimeS: () => number;
    /** Wall-clock milliseconds, monotonic. */
    readonly nowMs: () => number;
  };
}

/** The figures of a media pool (MediaPool's shape), or undefined while there is none. */
export function mediaFigures(pool: { readonly readyWorkers: number; readonly workerSessions: readonly number[] } | undefined): MediaFigures | undefined {
  if (pool === undefined) return undefined;
  const sessionsPerWorker = pool.workerSessions;
  return { readyWorkers: pool.readyWorkers, workers: sessionsPerWorker.length, sessionsPerWorker };
}

export interface LoadSampler {
  /** Samples now; the CPU figure covers the time since the previous call. */
  sample(): NodeLoadView;
}

const REAL_PROCESS = {
  cpuUsage: () => process.cpuUsage(),
  memoryUsage: () => process.memoryUsage(),
  uptimeS: () => process.uptime(),
  nowMs: () => performance.timeOrigin + performance.now(),
};

export function createLoadSampler(sources: LoadSources): LoadSampler {
  const host = sources.process ?? REAL_PROCESS;
  let previous: { cpuUs: number; atMs: number } | undefined;
  return {
    sample() {
      const usage = host.cpuUsage();
      const cpuUs = usage.user + usage.system;
      const atMs = host.nowMs();
      const uptimeS = host.uptimeS();
      const since = previous ?? { cpuUs: 0, atMs: atMs - uptimeS * 1000 };
      previous = { cpuUs, atMs };
      const wallUs = (atMs - since.atMs) * 1000;
      const cpuPercent = wallUs > 0 ? Math.round(((cpuUs - since.cpuUs) / wallUs) * 1000) / 10 : 0;
      const memory = host.memoryUsage();
      const media = sources.media();
      const perWorker = media?.sessionsPerWorker ?? [];
      return {
        calls: sources.calls(),
        actors: { ...sources.actors() },
        media: { readyWorkers: media?.readyWorkers ?? 0, workers: media?.workers ?? 0, sessions: perWorker.reduce((sum, each) => sum + each, 0), sessionsPerWorker: [...perWorker] },
        cpuPercent: Math.max(0, cpuPercent),
        memory: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, heapTotalBytes: memory.heapTotal },
        uptimeS: Math.floor(uptimeS),
      };
    },
  };
}
