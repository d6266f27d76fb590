import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseBenchFlags } from './bench-flags.ts';

describe('the flags of bench/calls', () => {
  it('MUST run all three parts when none is named', () => {
    const result = parseBenchFlags([]);
    assert.deepEqual(result.type === 'ok' ? result.flags.parts : result, ['signalling', 'relay', 'memory']);
  });

  it('MUST read a list of rates', () => {
    const result = parseBenchFlags(['--part', 'signalling', '--rates', '50, 75']);
    assert.deepEqual(result.type === 'ok' ? result.flags.rates : result, [50, 75]);
  });

  it('MUST refuse a rate that is not a positive whole number, with the flag named', () => {
    const result = parseBenchFlags(['--rates', '100,fast']);
    assert.match(result.type === 'error' ? result.message : '', /--rates/);
  });

  it('MUST refuse an unknown part and an unknown flag', () => {
    assert.equal(parseBenchFlags(['--part', 'video']).type, 'error');
    assert.equal(parseBenchFlags(['--faster']).type, 'error');
  });
});
