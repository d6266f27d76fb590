import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callsFigures, crossedMedia, directionFigures, measureGapAcross, median, pairCalls, relayedByTwo, type CallMedia } from './call-media-figures.ts';
import type { MeterEndpoint } from './rtp-meter.ts';

function endpoint(index: number, arrivals: readonly number[], receivedFrom: readonly (readonly [number, number])[] = []): MeterEndpoint {
  return { index, port: 40_000 + 2 * index, target: undefined, sent: 0, receivedFrom: new Map(receivedFrom), arrivals, untagged: 0, sources: new Map() };
}

/** Arrivals every 20 ms from `fromMs` to `toMs` (inclusive), skipping `[gapFromMs, gapToMs)`. */
function every20(fromMs: number, toMs: number, gapFromMs = Infinity, gapToMs = Infinity): number[] {
  const arrivals: number[] = [];
  for (let time = fromMs; time <= toMs; time += 20) if (time < gapFromMs || time >= gapToMs) arrivals.push(time);
  return arrivals;
}

function call(index: number, callerArrivals: readonly number[], calleeArrivals: readonly number[]): CallMedia {
  return { index, caller: endpoint(index, callerArrivals), callee: endpoint(100 + index, calleeArrivals) };
}

describe('directionFigures', () => {
  it('MUST count the arrivals within the window and give the largest time between two of them', () => {
    assert.deepEqual(directionFigures([0, 20, 40, 100, 120, 500], 10, 130), { received: 4, largestGapMs: 60 });
  });

  it('MUST give no gap (Infinity) with fewer than two arrivals', () => {
    assert.equal(directionFigures([5], 0, 10).largestGapMs, Infinity);
  });
});

describe('pairCalls and crossedMedia', () => {
  it('MUST pair each caller with the endpoint it heard most, and flag an endpoint that heard two others', () => {
    const endpoints = [endpoint(0, [], [[2, 50], [3, 1]]), endpoint(1, [], [[3, 50]]), endpoint(2, []), endpoint(3, [])];
    assert.deepEqual(pairCalls(endpoints.slice(0, 2), endpoints).map((pair) => pair.callee?.index), [2, 3]);
    assert.deepEqual(crossedMedia(endpoints).map((crossed) => crossed.index), [0]);
  });
});

describe('callsFigures', () => {
  it('MUST total each direction and give the median and maximum of the calls\' largest gaps', () => {
    const calls = [call(0, every20(0, 1000), every20(0, 1000)), call(1, every20(0, 1000, 400, 500), every20(0, 1000)), call(2, every20(0, 1000), every20(0, 1000, 200, 400))];
    const figures = callsFigures(calls, 0, 1000);
    assert.deepEqual(figures.largestGapMs, { median: 120, max: 220 });
    assert.deepEqual(figures.received, { callerToCallee: 51 + 51 + 41, calleeToCaller: 51 + 46 + 51 });
  });
});

describe('measureGapAcross', () => {
  it('MUST give the outage spanning the instant, per call, as median and maximum', () => {
    const calls = [call(0, every20(0, 3000, 1000, 1500), every20(0, 3000, 1000, 1300)), call(1, every20(0, 3000, 1000, 1900), every20(0, 3000))];
    assert.deepEqual(measureGapAcross(calls, 1010), { medianMs: (520 + 920) / 2, maxMs: 920, neverResumed: [] });
  });

  it('MUST name the calls with no packet after the instant in either direction', () => {
    const calls = [call(0, every20(0, 3000), every20(0, 3000)), call(1, every20(0, 3000), every20(0, 1000))];
    assert.deepEqual(measureGapAcross(calls, 1500).neverResumed, [1]);
  });
});

describe('relayedByTwo', () => {
  it('MUST flag an endpoint fed by two addresses at overlapping times, not one whose feeds follow each other', () => {
    const fed = (index: number, spans: readonly (readonly [string, number, number])[]): MeterEndpoint => ({
      ...endpoint(index, []), sources: new Map(spans.map(([address, firstMs, lastMs]) => [address, { firstMs, lastMs, count: 10 }])),
    });
    const endpoints = [fed(0, [['10.1.0.11', 0, 1000], ['10.1.0.12', 1500, 3000]]), fed(1, [['10.1.0.11', 0, 2000], ['10.1.0.12', 1500, 3000]])];
    assert.deepEqual(relayedByTwo(endpoints).map((found) => found.index), [1]);
  });
});

describe('median', () => {
  it('MUST take the middle value, or the mean of the middle two', () => {
    assert.deepEqual([median([3, 1, 2]), median([4, 1, 3, 2]), median([])], [2, 2.5, 0]);
  });
});
