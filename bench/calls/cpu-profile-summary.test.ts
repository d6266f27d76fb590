import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { topSelfTime, type CpuProfile } from './cpu-profile-summary.ts';

const frame = (functionName: string, lineNumber: number) => ({ functionName, url: 'file:///x/media-workers/relay.ts', lineNumber });
const profile: CpuProfile = {
  nodes: [{ id: 1, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } }, { id: 2, callFrame: frame('relay', 9) }, { id: 3, callFrame: frame('parse', 19) }],
  samples: [2, 2, 3, 1],
  timeDeltas: [1000, 1000, 1000, 1000],
};

describe('the CPU profile summary', () => {
  it('MUST rank functions by the time of the samples that landed in them', () => {
    const summary = topSelfTime(profile, 2);
    assert.deepEqual(summary.functions.map((entry) => [entry.name, entry.ms]), [['relay media-workers/relay.ts:10', 2], ['parse media-workers/relay.ts:20', 1]]);
  });

  it('MUST give each share of the busy time, idle samples left out', () => {
    assert.equal(topSelfTime(profile, 1).functions[0]?.percent.toFixed(1), '66.7');
  });
});
