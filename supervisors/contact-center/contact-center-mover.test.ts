/**
 * The planned move's refusals (pure), the gate the owner holds new work behind while it hands
 * over, and the reading of the live nodes' entries.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createHandoverGate, planMigration } from './contact-center-mover.ts';
import { liveNodesOf } from './contact-center-nodes.ts';

const live = [{ nodeId: 'id-a', name: 'node-a' }, { nodeId: 'id-b', name: 'node-b' }];

describe('the planned move of the contact center', () => {
  it('MUST name the live node to move to', () => {
    assert.deepEqual(planMigration({ mode: 'cluster', live, target: 'node-b', ownerNodeId: 'id-a' }), { nodeId: 'id-b', name: 'node-b' });
  });

  it('MUST refuse a node that is not live, the owner itself, an HA role, a node on its own, and no owner', () => {
    const codes = [
      planMigration({ mode: 'cluster', live, target: 'node-z', ownerNodeId: 'id-a' }),
      planMigration({ mode: 'cluster', live, target: 'node-a', ownerNodeId: 'id-a' }),
      planMigration({ mode: 'ha', live, target: 'node-b', ownerNodeId: 'id-a' }),
      planMigration({ mode: 'standalone', live, target: 'node-b', ownerNodeId: 'id-a' }),
      planMigration({ mode: 'cluster', live, target: 'node-b', ownerNodeId: undefined }),
    ].map((plan) => ('code' in plan ? plan.code : 'move'));
    assert.deepEqual(codes, ['not_found', 'conflict', 'conflict', 'conflict', 'unavailable']);
    const ha = planMigration({ mode: 'ha', live, target: 'node-b', ownerNodeId: 'id-a' });
    assert.ok('reason' in ha && /HA master/.test(ha.reason), 'the reason names the HA master');
  });
});

describe('the handover gate', () => {
  it('MUST run work at once while open, and hold it, in order, until it opens again', async () => {
    const gate = createHandoverGate();
    const done: string[] = [];
    gate.defer(() => done.push('open'));
    gate.begin();
    assert.equal(gate.active(), true);
    gate.defer(() => done.push('first'));
    gate.defer(() => done.push('second'));
    let idle = false;
    void gate.idle().then(() => (idle = true));
    await Promise.resolve();
    assert.deepEqual([done, idle], [['open'], false]);
    gate.end();
    await gate.idle();
    assert.deepEqual([done, gate.active()], [['open', 'first', 'second'], false]);
  });
});

describe('the live nodes', () => {
  it('MUST keep the fresh readable entries, by name', () => {
    const entries = {
      'id-b': JSON.stringify({ name: 'node-b', atMs: 10_000 }),
      'id-a': JSON.stringify({ name: 'node-a', atMs: 9_000 }),
      'id-old': JSON.stringify({ name: 'node-old', atMs: 5_000 }),
      'id-bad': 'not json',
    };
    assert.deepEqual(liveNodesOf(entries, 10_500, 3_000), live);
  });
});
