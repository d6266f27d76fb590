/**
 * What draining a node does, decided from the cluster as the node sees it, and when a drained node
 * may still take the master lease.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HaNodeView } from '../../api/index.ts';
import { mayTakeLease, planDrain } from './drain-plan.ts';

const master = (name: string, epoch = 4): HaNodeView => ({ name, role: 'master', epoch, calls: 3 });
const slave = (name: string, drained = false): HaNodeView => ({ name, role: 'slave', calls: 0, drained });
const AS_MASTER = { type: 'master', epoch: 4, sinceMs: 0 } as const;
const AS_SLAVE = { type: 'slave', masterNodeName: 'alpha' } as const;

describe('planDrain', () => {
  it('MUST hand a master over to the live slaves that are not drained', () => {
    const plan = planDrain({ self: 'alpha', role: AS_MASTER, target: undefined, nodes: [master('alpha'), slave('beta'), slave('gamma', true)], draining: false });
    assert.deepEqual(plan, { type: 'hand-over', epoch: 4, to: ['beta'] });
  });

  it('MUST refuse to drain a master when no undrained slave is live, and while it is being drained', () => {
    const alone = planDrain({ self: 'alpha', role: AS_MASTER, target: 'alpha', nodes: [master('alpha'), slave('gamma', true)], draining: false });
    const twice = planDrain({ self: 'alpha', role: AS_MASTER, target: undefined, nodes: [master('alpha'), slave('beta')], draining: true });
    assert.deepEqual([alone.type, twice.type], ['refuse', 'refuse']);
    assert.match(alone.type === 'refuse' ? alone.reason : '', /no live slave that is not drained/);
  });

  it('MUST only mark a slave, this node or another', () => {
    assert.deepEqual(planDrain({ self: 'beta', role: AS_SLAVE, target: undefined, nodes: [], draining: false }), { type: 'mark', node: 'beta' });
    assert.deepEqual(planDrain({ self: 'alpha', role: AS_MASTER, target: 'beta', nodes: [master('alpha'), slave('beta')], draining: false }), { type: 'mark', node: 'beta' });
  });

  it('MUST refuse a standalone node and another node that is the master, and not find a node that is not live', () => {
    const standalone = planDrain({ self: 'solo', role: { type: 'standalone' }, target: undefined, nodes: [], draining: false });
    const remoteMaster = planDrain({ self: 'beta', role: AS_SLAVE, target: 'alpha', nodes: [master('alpha'), slave('beta')], draining: false });
    const gone = planDrain({ self: 'alpha', role: AS_MASTER, target: 'omega', nodes: [master('alpha')], draining: false });
    assert.deepEqual([standalone.type, remoteMaster.type, gone.type], ['refuse', 'refuse', 'not-found']);
    assert.match(standalone.type === 'refuse' ? standalone.reason : '', /standalone: no other node can take its calls/);
  });
});

describe('mayTakeLease', () => {
  it('MUST let a node that is not drained take the lease', () => {
    assert.deepEqual(mayTakeLease('alpha', new Set(), [slave('beta')]), { take: true, despiteDrain: false });
  });

  it('MUST keep a drained node from the lease while another live undrained node can take it', () => {
    assert.deepEqual(mayTakeLease('alpha', new Set(['alpha']), [slave('alpha'), slave('beta')]), { take: false, despiteDrain: false });
  });

  it('MUST let a drained node take the lease when every other live node is drained or gone, saying so', () => {
    assert.deepEqual(mayTakeLease('alpha', new Set(['alpha', 'beta']), [slave('alpha'), slave('beta')]), { take: true, despiteDrain: true });
    assert.deepEqual(mayTakeLease('alpha', new Set(['alpha']), [slave('alpha')]), { take: true, despiteDrain: true });
  });
});
