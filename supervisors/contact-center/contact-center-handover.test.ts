/**
 * The planned move of the contact center between three linked nodes on one in-process bus, with
 * a lease shared by hand the way Redis shares it (held by one node, promised to another): the
 * move asked of a third node reaches the owner, which hands over to the target; a call entering
 * while the owner hands over waits and then enters on the new owner, its updates reaching its
 * node; a node that has not heard of the new owner yet still reaches it through the former one.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { ActorAddress, ActorSystem, call } from '../../actors/index.ts';
import type { AgentdPort } from '../../api/index.ts';
import { waitUntil } from '../../test/support/wait-until.ts';
import { createEventBus, type EventBus } from '../bus/event-bus.ts';
import type { NodeLogger } from '../logging/create-logger.ts';
import type { ContactCenter } from './contact-center.ts';
import type { ContactCenterLease, LeaseState } from './contact-center-lease.ts';
import { createContactCenterLink, type ContactCenterLink } from './contact-center-link.ts';
import { createLocalNodeDirectory, type NodeDirectory } from './contact-center-nodes.ts';

const quietLogger: NodeLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => quietLogger, flush: () => undefined } as unknown as NodeLogger;
const NAMES: Readonly<Record<string, string>> = { 'id-a': 'node-a', 'id-b': 'node-b', 'id-c': 'node-c' };
const directory: NodeDirectory = { ...createLocalNodeDirectory({ nodeId: 'id-a', name: 'node-a' }), live: async () => Object.entries(NAMES).map(([nodeId, name]) => ({ nodeId, name })) };

/** The lease as Redis keeps it: a holder, an epoch, a promise. */
function sharedLease() {
  const world = { holder: 'id-a' as string | undefined, epoch: 1, promised: undefined as string | undefined };
  const leaseOf = (nodeId: string): ContactCenterLease & { set(state: LeaseState): void } => {
    let current: LeaseState = world.holder === nodeId ? { type: 'owner', epoch: world.epoch } : { type: 'follower', ownerNodeId: world.holder };
    const listeners = new Set<(state: LeaseState) => void>();
    const lease = {
      state: () => current,
      onChange(listener: (state: LeaseState) => void) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      close: () => Promise.resolve(),
      set(state: LeaseState) {
        current = state;
        for (const listener of [...listeners]) listener(state);
      },
      async handOver(target: string) {
        if (world.holder !== nodeId) return false;
        world.holder = undefined;
        world.promised = target;
        lease.set({ type: 'follower', ownerNodeId: undefined });
        return true;
      },
      async refresh() {
        if (world.holder === undefined && (world.promised === undefined || world.promised === nodeId)) {
          world.holder = nodeId;
          world.epoch += 1;
          world.promised = undefined;
          return lease.set({ type: 'owner', epoch: world.epoch });
        }
        if (world.holder !== nodeId) lease.set({ type: 'follower', ownerNodeId: world.holder });
      },
    };
    return lease;
  };
  return { world, leaseOf };
}

interface FakeCenter extends ContactCenter { readonly asked: string[]; toCall?: (callId: string, message: call.CallMessage) => void }
function fakeCenter(onClose: () => void): FakeCenter {
  const asked: string[] = [];
  const record = (name: string) => (...args: readonly unknown[]) => void asked.push(`${name} ${String(args[0])}`);
  return {
    asked,
    calls: { enter: record('enter'), abandon: record('abandon'), memberAnswered: record('memberAnswered'), memberFailed: record('memberFailed'), callEnded: record('callEnded') },
    agentd: { agents: async () => [] } as unknown as AgentdPort,
    reload: () => Promise.resolve(),
    logFlushed: () => Promise.resolve(),
    summary: () => ({ queues: 2, agents: 3, waitingCalls: asked.filter((line) => line.startsWith('enter')).length }),
    evacuate: () => Promise.resolve(),
    reconcileCalls: () => undefined,
    async close() {
      asked.push('close');
      onClose();
    },
  };
}

interface Node { readonly link: ContactCenterLink; readonly centers: FakeCenter[]; readonly told: { readonly to: ActorAddress; readonly message: unknown }[] }
const links: ContactCenterLink[] = [];
afterEach(async () => {
  for (const link of links.splice(0)) await link.close();
});

async function node(bus: EventBus, nodeId: string, lease: ContactCenterLease, options: { readonly calls?: readonly string[]; readonly onClose?: () => void } = {}): Promise<Node> {
  const centers: FakeCenter[] = [];
  const told: Node['told'] = [];
  const system = {
    nodeName: NAMES[nodeId],
    send: (to: ActorAddress, message: unknown) => void told.push({ to, message }),
    lookup: (address: ActorAddress) => (address.kind === 'call' && options.calls?.includes(address.id) === true ? {} : undefined),
  } as unknown as ActorSystem;
  const link = await createContactCenterLink({
    system, bus, nodeId, lease, logger: quietLogger, localUserCalls: () => [], replicated: true, presenceGraceMs: 60_000,
    placement: { mode: 'cluster', name: NAMES[nodeId] ?? nodeId, nodes: directory },
    start: async (hooks) => {
      const center = fakeCenter(options.onClose ?? (() => undefined));
      center.toCall = hooks.toCall;
      centers.push(center);
      return center;
    },
  });
  links.push(link);
  return { link, centers, told };
}

const entry: call.QueueEntry = {
  queue: { queueId: 7, tenantUuid: 't', name: 'support', label: 'Support', musicOnHold: { mohClass: 'default', order: 'sequential' }, fallbacks: {}, diversions: {} },
  caller: { name: 'Caller', number: '0155555555' },
};

describe('the planned move of the contact center over the link', () => {
  it('MUST hand over to the target, the entries made meanwhile waiting for the new owner, and a stale node reaching it through the former one', async () => {
    const bus = createEventBus(() => undefined);
    const { world, leaseOf } = sharedLease();
    let b: Node | undefined;
    // The owner stops its contact center: a caller on node-b enters meanwhile (node-b still names node-a).
    const a = await node(bus, 'id-a', leaseOf('id-a'), { onClose: () => b?.link.calls.enter('call-2', entry) });
    b = await node(bus, 'id-b', leaseOf('id-b'), { calls: ['call-1', 'call-2', 'call-3'] });
    const c = await node(bus, 'id-c', leaseOf('id-c'));
    b.link.calls.enter('call-1', entry);
    assert.deepEqual(a.centers[0]?.asked, ['enter call-1']);

    const moved = await b.link.mover.migrate('node-c');
    assert.equal(moved.type, 'moved', JSON.stringify(moved));
    assert.deepEqual(moved.type === 'moved' ? [moved.from, moved.to, moved.queues, moved.agents] : [], ['node-a', 'node-c', 2, 3]);
    assert.deepEqual([world.holder, a.link.center(), a.centers[0]?.asked], ['id-c', undefined, ['enter call-1', 'close']]);
    const target = c.centers[0];
    assert.ok(target !== undefined, 'node-c runs the contact center');
    assert.ok(await waitUntil(() => target.asked.includes('enter call-2')), `the entry made during the move reached the new owner: ${JSON.stringify(target.asked)}`);
    target.toCall?.('call-2', { type: 'call.queue_update', queueId: 7, update: { type: 'entered', position: 1 } });
    assert.ok(b.told.some(({ to, message }) => to.id === 'call-2' && (message as { update?: { type?: string } }).update?.type === 'entered'), 'its update reached its node');

    // node-b has not looked at the lease since: its next entry goes to node-a, which passes it on.
    assert.deepEqual(b.link.center(), undefined);
    b.link.calls.enter('call-3', entry);
    assert.ok(await waitUntil(() => target.asked.includes('enter call-3')), JSON.stringify(target.asked));
    assert.equal(a.centers.length, 1, 'the former owner started nothing again');
  });

  it('MUST refuse a move to the node running it, and to a node that is not live', async () => {
    const bus = createEventBus(() => undefined);
    const { leaseOf } = sharedLease();
    const a = await node(bus, 'id-a', leaseOf('id-a'));
    const outcomes = [await a.link.mover.migrate('node-a'), await a.link.mover.migrate('node-z')];
    assert.deepEqual(outcomes.map((outcome) => (outcome.type === 'refused' ? outcome.code : outcome.type)), ['conflict', 'not_found']);
    assert.equal(a.link.center(), a.centers[0], 'the contact center still runs');
    assert.deepEqual(await a.link.mover.status(), { mode: 'cluster', node: 'node-a', ownerNode: 'node-a', nodes: [{ name: 'node-a', owner: true }, { name: 'node-b', owner: false }, { name: 'node-c', owner: false }] });
  });
});
