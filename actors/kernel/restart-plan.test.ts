import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planRestart } from './restart-plan.ts';

const order = ['a', 'b', 'c', 'd'];

describe('planRestart', () => {
  it('oneForOne MUST restart only the failed child', () => {
    assert.deepEqual(planRestart('oneForOne', order, 'b'), { stop: [], start: ['b'] });
  });

  it('oneForAll MUST stop the others in reverse start order, then start all in start order', () => {
    assert.deepEqual(planRestart('oneForAll', order, 'b'), { stop: ['d', 'c', 'a'], start: ['a', 'b', 'c', 'd'] });
  });

  it('restForOne MUST stop the later children in reverse order, then start the failed one and them', () => {
    assert.deepEqual(planRestart('restForOne', order, 'b'), { stop: ['d', 'c'], start: ['b', 'c', 'd'] });
  });

  it('MUST plan nothing for an unknown child', () => {
    assert.deepEqual(planRestart('oneForAll', order, 'z'), { stop: [], start: [] });
  });
});
