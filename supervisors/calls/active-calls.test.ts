import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createActiveCalls } from './active-calls.ts';

describe('active calls per user', () => {
  it('MUST count a call once per user, however often it is added', () => {
    const active = createActiveCalls();
    active.add(1, 'c1');
    active.add(1, 'c1');
    active.add(1, 'c2');
    assert.equal(active.count(1), 2);
  });

  it('MUST forget a call for every user it counted for when it ends', () => {
    const active = createActiveCalls();
    active.add(1, 'c1');
    active.add(2, 'c1');
    active.end('c1');
    assert.deepEqual([active.count(1), active.count(2)], [0, 0]);
  });
});
