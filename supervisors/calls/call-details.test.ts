/**
 * The call details of the live calls view over a call's snapshot, its media state and a media pool
 * double: each channel gets its call's media worker, its own leg's codec (A for the caller, B for
 * the callee) and the packet loss of what its phone sent; a pool that does not answer in time, or a
 * call without a media session, leaves those facts unknown.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { call } from '../../actors/index.ts';
import type { LegStats, MediaPool } from '../../media-workers/index.ts';
import { createCallDetails, packetLossPercent, type CallDetailsOptions } from './call-details.ts';

const legStats = (packets: number, lostEstimate: number): LegStats => ({ received: { packets, bytes: packets * 172, lostEstimate, jitterMs: 0 }, sentPackets: packets, sentBytes: 0, droppedPackets: 0 });

const answered: call.CallSnapshot = {
  ...call.newCall('c1', { channelId: 'c1', name: 'Alice', number: '1001', context: 'default' }, '1002', { callerAnswerSdp: '', calleeOfferSdp: '' }, 0),
  state: 'established',
  answeredChannelId: 'c1-leg',
  answeredAtMs: 1_000,
  callee: { userId: 2, userUuid: 'bob', name: 'Bob', number: '1002', context: 'internal' },
  legs: [{ channelId: 'c1-leg', target: {} as never, status: 'answered', createdAtMs: 0 }],
};

type Pool = CallDetailsOptions['pool'];
const answeringPool = (stats: readonly [LegStats, LegStats]): Pool => ({
  request: (() => Promise.resolve({ type: 'session.snapshot', snapshot: {} as never, stats })) as unknown as MediaPool['request'],
  workerOf: () => 1,
});

const details = (pool: Pool, withMedia = true, statsTimeoutMs = 1_000) => createCallDetails({
  nodeName: 'alpha', snapshots: () => [answered], pool, statsTimeoutMs,
  mediaOf: () => (withMedia ? { codecs: { A: 'PCMU', B: 'PCMA' } } : undefined),
});

describe('packetLossPercent', () => {
  it('MUST be the lost share of the packets expected, in percent with two decimals', () => {
    assert.deepEqual([packetLossPercent(legStats(95, 5)), packetLossPercent(legStats(2, 1))], [5, 33.33]);
  });

  it('MUST be null before any packet arrived, or without counters', () => {
    assert.deepEqual([packetLossPercent(legStats(0, 0)), packetLossPercent(undefined)], [null, null]);
  });
});

describe('createCallDetails', () => {
  it("MUST give the caller's channel leg A's codec and loss, and the callee's leg B's", async () => {
    const found = await details(answeringPool([legStats(95, 5), legStats(100, 0)])).detailsOf(['c1', 'c1-leg']);
    assert.deepEqual([found.get('c1'), found.get('c1-leg')], [
      { mediaWorker: 1, codec: 'PCMU', packetLossPercent: 5, context: 'default' },
      { mediaWorker: 1, codec: 'PCMA', packetLossPercent: 0, context: 'internal' },
    ]);
  });

  it('MUST ask the pool once per media session, for the channels named only', async () => {
    let requests = 0;
    const pool = answeringPool([legStats(1, 0), legStats(1, 0)]);
    const counting: Pool = { ...pool, request: ((command: never) => (requests += 1, pool.request(command))) as unknown as MediaPool['request'] };
    const found = await details(counting).detailsOf(['c1', 'c1-leg', 'elsewhere']);
    assert.deepEqual([requests, [...found.keys()]], [1, ['c1', 'c1-leg']]);
  });

  it('MUST leave the loss unknown when the worker does not answer in time', async () => {
    const silent: Pool = { request: (() => new Promise(() => undefined)) as unknown as MediaPool['request'], workerOf: () => 0 };
    const found = await details(silent, true, 10).detailsOf(['c1']);
    assert.deepEqual(found.get('c1'), { mediaWorker: 0, codec: 'PCMU', packetLossPercent: null, context: 'default' });
  });

  it('MUST give no worker and no codec to a call without a media session', async () => {
    const found = await details(answeringPool([legStats(0, 0), legStats(0, 0)]), false).detailsOf(['c1']);
    assert.deepEqual([found.get('c1')?.mediaWorker, found.get('c1')?.codec], [null, null]);
  });
});
