/**
 * The node's load as its heartbeat carries it: CPU over the time since the previous sample, memory,
 * uptime, calls, actors by kind, and the media workers with their sessions; and the health derived
 * from it and from the lease and the store.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nodeHealth } from './node-health.ts';
import { createLoadSampler, mediaFigures } from './node-load.ts';

describe('createLoadSampler', () => {
  it('MUST give the CPU percent of the time since the previous sample, the first since the process started', () => {
    let cpuUs = 500_000;
    let nowMs = 10_000;
    const sampler = createLoadSampler({
      calls: () => 2, actors: () => ({ call: 2, channel: 4 }), media: () => mediaFigures({ readyWorkers: 2, workerSessions: [3, 1] }),
      process: { cpuUsage: () => ({ user: cpuUs * 0.8, system: cpuUs * 0.2 }), memoryUsage: () => ({ rss: 80e6, heapUsed: 30e6, heapTotal: 40e6 }), uptimeS: () => 5, nowMs: () => nowMs },
    });
    const first = sampler.sample();
    cpuUs += 250_000;
    nowMs += 1_000;
    const second = sampler.sample();
    assert.deepEqual([first.cpuPercent, second.cpuPercent], [10, 25]);
    assert.deepEqual(second, {
      calls: 2, actors: { call: 2, channel: 4 }, media: { readyWorkers: 2, workers: 2, sessions: 4, sessionsPerWorker: [3, 1] }, cpuPercent: 25,
      memory: { rssBytes: 80e6, heapUsedBytes: 30e6, heapTotalBytes: 40e6 }, uptimeS: 5,
    });
  });

  it('MUST sample the real process, with no media pool yet', () => {
    const load = createLoadSampler({ calls: () => 0, actors: () => ({}), media: () => undefined }).sample();
    assert.ok(load.memory.rssBytes > 0 && load.uptimeS >= 0 && load.cpuPercent >= 0);
    assert.deepEqual(load.media, { readyWorkers: 0, workers: 0, sessions: 0, sessionsPerWorker: [] });
  });
});

describe('nodeHealth', () => {
  const media = { readyWorkers: 2, workers: 2, sessions: 0, sessionsPerWorker: [0, 0] };
  it('MUST be ok when Redis answered the lease lately, PostgreSQL answers and every media worker runs', () => {
    assert.deepEqual(nodeHealth({ leaseSilentMs: 200, leaseTtlMs: 1_500, storeReachable: true, load: { media } }), { ok: true, problems: [] });
  });

  it('MUST name each problem', () => {
    const health = nodeHealth({ leaseSilentMs: 1_000, leaseTtlMs: 1_500, storeReachable: false, load: { media: { ...media, readyWorkers: 1 } } });
    assert.deepEqual(health, { ok: false, problems: ['Redis has not answered the lease for 1000 ms', 'PostgreSQL does not answer', '1 of 2 media workers running'] });
  });
});
