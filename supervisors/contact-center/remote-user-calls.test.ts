import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRemoteUserCalls, STALE_AFTER_MS } from './remote-user-calls.ts';

describe('the calls users are on at other nodes', () => {
  it('adds the reports of every node, each report replacing that node\'s previous one', () => {
    const table = createRemoteUserCalls();
    table.report('node-b', [[7, 1]], 1_000);
    table.report('node-c', [[7, 2], [8, 1]], 1_000);
    assert.equal(table.count(7, 1_100), 3);
    table.report('node-b', [], 1_200);
    assert.equal(table.count(7, 1_300), 2);
    assert.equal(table.count(9, 1_300), 0);
  });

  it('forgets the report of a node that stopped reporting', () => {
    const table = createRemoteUserCalls();
    table.report('node-b', [[7, 1]], 1_000);
    assert.equal(table.count(7, 1_000 + STALE_AFTER_MS), 1);
    assert.equal(table.count(7, 1_001 + STALE_AFTER_MS), 0);
  });
});
