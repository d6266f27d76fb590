/**
 * The contact-center link between nodes, on one in-process bus standing for the cluster's: leases
 * set by hand, contact centers that record what they are asked, call actors that record what they
 * are told.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { ActorAddress, ActorSystem, call } from '../../actors/index.ts';
import { isServiceUnavailable, type AgentdPort } from '../../api/index.ts';
import { waitUntil } from '../../test/support/wait-until.ts';
import { createEventBus, type EventBus } from '../bus/event-bus.ts';
import type { NodeLogger } from '../logging/create-logger.ts';
import type { ContactCenter } from './contact-center.ts';
import type { ContactCenterLease, LeaseState } from './contact-center-lease.ts';
import { createContactCenterLink, type ContactCenterLink } from './contact-center-link.ts';

const quietLogger: NodeLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => quietLogger, flush: () => undefined } as unknown as NodeLogger;

interface HandLease extends ContactCenterLease { set(state: LeaseState): void }
function handLease(initial: LeaseState): HandLease {
  let current = initial;
  const listeners = new Set<(state: LeaseState) => void>();
  return {
    state: () => current,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => Promise.resolve(),
    set(state) {
      current = state;
      for (const listener of [...listeners]) listener(state);
    },
  };
}

type Hooks = Parameters<Parameters<typeof createContactCenterLink>[0]['start']>[0];
interface FakeCenter extends ContactCenter { readonly asked: string[]; hooks?: Hooks }
function fakeCenter(): FakeCenter {
  const asked: string[] = [];
  const record = (name: string) => (...args: readonly unknown[]) => void asked.push(`${name} ${JSON.stringify(args)}`);
  const agentd = {
    agents: async () => [],
    agent: async () => undefined,
    login: async () => ({ type: 'done' }),
    logoff: async () => ({ type: 'refused', code: 'not_logged_in', message: 'the agent is not logged in' }),
    pause: async () => ({ type: 'done' }), unpause: async () => ({ type: 'done' }),
    logoffAll: async () => undefined, relogAll: async () => undefined, queueStatistics: async () => [], waitingHistory: async () => [],
  } as AgentdPort;
  return {
    asked,
    calls: { enter: record('enter'), abandon: record('abandon'), memberAnswered: record('memberAnswered'), memberFailed: record('memberFailed'), callEnded: record('callEnded') },
    agentd,
    reload: () => Promise.resolve(),
    logFlushed: () => Promise.resolve(),
    summary: () => ({ queues: 0, agents: 0, waitingCalls: 0 }),
    evacuate: async () => void asked.push('evacuate'),
    reconcileCalls: (present, named) => void asked.push(`reconcileCalls ${JSON.stringify(named.map(([callId]) => [callId, present(callId)]))}`),
    close: async () => void asked.push('close'),
  };
}

interface Node { readonly link: ContactCenterLink; readonly lease: HandLease; readonly told: { readonly to: ActorAddress; readonly message: unknown }[]; readonly centers: FakeCenter[]; userCalls: [number, number][] }

const links: ContactCenterLink[] = [];
afterEach(async () => {
  for (const link of links.splice(0)) await link.close();
});

/** `calls`: the call actors the node runs (replicated links look calls up). */
async function node(bus: EventBus, nodeId: string, state: LeaseState, requestTimeoutMs = 1_000, replication?: { readonly calls: readonly string[] }): Promise<Node> {
  const told: Node['told'] = [];
  const centers: FakeCenter[] = [];
  const lease = handLease(state);
  const system = {
    send: (to: ActorAddress, message: unknown) => void told.push({ to, message }),
    lookup: (address: ActorAddress) => (address.kind === 'call' && replication?.calls.includes(address.id) === true ? {} : undefined),
  } as unknown as ActorSystem;
  const result: Partial<Node> & { userCalls: [number, number][] } = { userCalls: [] };
  const link = await createContactCenterLink({
    system, bus, nodeId, lease, logger: quietLogger, requestTimeoutMs, reportCheckMs: 20,
    localUserCalls: () => result.userCalls,
    ...(replication === undefined ? {} : { replicated: true, presenceGraceMs: 50 }),
    start: async (hooks) => {
      const center = fakeCenter();
      center.hooks = hooks;
      centers.push(center);
      return center;
    },
  });
  links.push(link);
  return Object.assign(result, { link, lease, told, centers }) as Node;
}

const entry: call.QueueEntry = {
  queue: { queueId: 7, tenantUuid: 't', name: 'support', label: 'Support', musicOnHold: { mohClass: 'default', order: 'sequential' }, fallbacks: {}, diversions: {} },
  caller: { name: 'Caller', number: '0155555555' },
};
const updatesOf = (target: Node, callId: string) => target.told.filter(({ to }) => to.kind === 'call' && to.id === callId).map(({ message }) => (message as Extract<call.CallMessage, { type: 'call.queue_update' }>).update);

describe('the contact-center link', () => {
  it('tries again to start the contact center when it failed to start on the owner (the store was down)', async () => {
    let attempts = 0;
    const link = await createContactCenterLink({
      system: { send: () => undefined } as unknown as ActorSystem, bus: createEventBus(() => undefined), nodeId: 'node-a', lease: handLease({ type: 'owner', epoch: 1 }),
      logger: quietLogger, startRetryMs: 20, localUserCalls: () => [],
      start: async () => {
        attempts += 1;
        if (attempts < 3) throw new Error('the store is down');
        return fakeCenter();
      },
    });
    links.push(link);
    assert.ok(await waitUntil(() => link.center() !== undefined, { timeoutMs: 2_000, intervalMs: 5 }), `started after ${attempts} attempts`);
    assert.equal(attempts, 3);
  });

  it('keeps an agentd verb asked while the contact center starts on this node waiting for it, instead of finding no one', async () => {
    const lease = handLease({ type: 'follower', ownerNodeId: undefined });
    let started: (center: ContactCenter) => void = () => undefined;
    const link = await createContactCenterLink({
      system: { send: () => undefined } as unknown as ActorSystem, bus: createEventBus(() => undefined), nodeId: 'node-a', lease, logger: quietLogger, localUserCalls: () => [],
      start: () => new Promise<ContactCenter>((resolve) => (started = resolve)),
    });
    links.push(link);
    lease.set({ type: 'owner', epoch: 2 });
    const answer = link.agentd.login({ by: 'number', number: '8001' }, ['t'], { extension: '1001', context: 'default' });
    await new Promise((resolve) => setImmediate(resolve));
    started(fakeCenter());
    assert.deepEqual(await answer, { type: 'done' });
  });

  it('runs the contact center on the owner and uses it there directly', async () => {
    const owner = await node(createEventBus(() => undefined), 'node-a', { type: 'owner', epoch: 1 });
    assert.equal(owner.centers.length, 1);
    owner.link.calls.enter('call-1', entry);
    assert.deepEqual(owner.centers[0]?.asked, [`enter ${JSON.stringify(['call-1', entry])}`]);
    assert.deepEqual(await owner.link.agentd.login({ by: 'number', number: '8001' }, ['t'], { extension: '1001', context: 'default' }), { type: 'done' });
  });

  it('sends a follower\'s call effects to the owner, and the owner\'s queue updates to the follower\'s call', async () => {
    const bus = createEventBus(() => undefined);
    const owner = await node(bus, 'node-a', { type: 'owner', epoch: 4 });
    const follower = await node(bus, 'node-b', { type: 'follower', ownerNodeId: 'node-a' });
    assert.equal(follower.centers.length, 0, 'a follower runs no contact center');
    follower.link.calls.enter('call-1', entry);
    follower.link.calls.memberAnswered('call-1', 7, 'offer-1', 'agent:3');
    const center = owner.centers[0];
    assert.ok(center !== undefined);
    assert.deepEqual(center.asked.map((line) => line.split(' ')[0]), ['enter', 'memberAnswered']);
    center.hooks?.toCall('call-1', { type: 'call.queue_update', queueId: 7, update: { type: 'entered', position: 1 } });
    assert.deepEqual(updatesOf(follower, 'call-1'), [{ type: 'entered', position: 1 }]);
    assert.deepEqual(updatesOf(owner, 'call-1'), [], 'the owner does not tell a call it does not run');
    center.hooks?.toCall('call-9', { type: 'call.queue_update', queueId: 7, update: { type: 'exit', status: 'timeout' } });
    assert.deepEqual(updatesOf(owner, 'call-9'), [{ type: 'exit', status: 'timeout' }], 'a call that entered on the owner is told there');
  });

  it('answers a follower\'s agentd verbs from the owner, an unknown agent as undefined', async () => {
    const bus = createEventBus(() => undefined);
    await node(bus, 'node-a', { type: 'owner', epoch: 1 });
    const follower = await node(bus, 'node-b', { type: 'follower', ownerNodeId: 'node-a' });
    assert.deepEqual(await follower.link.agentd.logoff({ by: 'id', id: 1 }, ['t']), { type: 'refused', code: 'not_logged_in', message: 'the agent is not logged in' });
    assert.equal(await follower.link.agentd.agent({ by: 'id', id: 1 }, ['t']), undefined);
    assert.deepEqual(await follower.link.agentd.queueStatistics(['t']), []);
  });

  it('fails an agentd verb as unavailable when the owner does not answer in time, or when no node owns the contact center', async () => {
    const bus = createEventBus(() => undefined);
    const follower = await node(bus, 'node-b', { type: 'follower', ownerNodeId: 'node-gone' }, 50);
    await assert.rejects(follower.link.agentd.agents(['t']), (error: unknown) => isServiceUnavailable(error));
    follower.lease.set({ type: 'follower', ownerNodeId: undefined });
    await follower.link.settled();
    await assert.rejects(follower.link.agentd.agents(['t']), (error: unknown) => isServiceUnavailable(error));
    follower.link.calls.enter('call-2', entry);
    assert.deepEqual(updatesOf(follower, 'call-2'), [{ type: 'not_entered', status: 'unavailable' }]);
  });

  it('tells a follower\'s calls waiting on an owner that went away to leave the queue', async () => {
    const bus = createEventBus(() => undefined);
    const follower = await node(bus, 'node-b', { type: 'follower', ownerNodeId: 'node-a' });
    follower.link.calls.enter('call-3', entry);
    follower.link.calls.enter('call-4', entry);
    follower.link.calls.memberAnswered('call-4', 7, 'offer-1', 'agent:3');
    follower.lease.set({ type: 'follower', ownerNodeId: 'node-c' });
    await follower.link.settled();
    assert.deepEqual(updatesOf(follower, 'call-3'), [{ type: 'exit', status: 'leaveempty' }]);
    assert.deepEqual(updatesOf(follower, 'call-4'), [], 'a call connected to its member stays');
  });

  it('stops the contact center of a node that loses the lease after telling its waiting calls to leave, and starts one on the node that gains it', async () => {
    const bus = createEventBus(() => undefined);
    const first = await node(bus, 'node-a', { type: 'owner', epoch: 1 });
    const second = await node(bus, 'node-b', { type: 'follower', ownerNodeId: 'node-a' });
    first.lease.set({ type: 'follower', ownerNodeId: 'node-b' });
    second.lease.set({ type: 'owner', epoch: 2 });
    await Promise.all([first.link.settled(), second.link.settled()]);
    assert.deepEqual(first.centers[0]?.asked, ['evacuate', 'close']);
    assert.equal(first.link.center(), undefined);
    assert.equal(second.centers.length, 1);
    assert.equal(second.link.center(), second.centers[0]);
  });

  it('drops a queue update of a former owner once a newer owner spoke', async () => {
    const bus = createEventBus(() => undefined);
    const current = await node(bus, 'node-c', { type: 'owner', epoch: 2 });
    const follower = await node(bus, 'node-b', { type: 'follower', ownerNodeId: 'node-c' });
    follower.link.calls.enter('call-5', entry);
    current.centers[0]?.hooks?.toCall('call-5', { type: 'call.queue_update', queueId: 7, update: { type: 'entered', position: 1 } });
    // What node-a sent while it still held the lease under epoch 1 arrives late.
    bus.publish({ name: 'contact_center.link', origin_uuid: 'node-a', data: { v: 1, to: 'node-b', from: 'node-a', epoch: 1, message: { type: 'call.queue_update', callId: 'call-5', queueId: 7, update: { type: 'exit', status: 'timeout' } } } });
    assert.deepEqual(updatesOf(follower, 'call-5'), [{ type: 'entered', position: 1 }]);
  });

  it('reports a follower\'s users on calls to the owner, which counts them as busy', async () => {
    const bus = createEventBus(() => undefined);
    const owner = await node(bus, 'node-a', { type: 'owner', epoch: 1 });
    const follower = await node(bus, 'node-b', { type: 'follower', ownerNodeId: 'node-a' });
    owner.userCalls = [[5, 1]];
    follower.userCalls = [[5, 2], [6, 1]];
    const hooks = owner.centers[0]?.hooks;
    assert.ok(await waitUntil(() => hooks?.activeCalls(5) === 3), 'its own call and the follower\'s two');
    assert.equal(hooks?.activeCalls(6), 1);
    follower.userCalls = [];
    assert.ok(await waitUntil(() => hooks?.activeCalls(6) === 0), 'the follower\'s call ended');
  });

  describe('with replicated actors', () => {
    it('keeps a follower\'s call waiting when the owner changes, names it to the new owner, whose contact center keeps it', async () => {
      const bus = createEventBus(() => undefined);
      await node(bus, 'node-a', { type: 'owner', epoch: 4 }, 1_000, { calls: [] });
      const follower = await node(bus, 'node-b', { type: 'follower', ownerNodeId: 'node-a' }, 1_000, { calls: ['call-1'] });
      const next = await node(bus, 'node-c', { type: 'follower', ownerNodeId: 'node-a' }, 1_000, { calls: [] });
      follower.link.calls.enter('call-1', entry);
      next.lease.set({ type: 'owner', epoch: 5 });
      follower.lease.set({ type: 'follower', ownerNodeId: 'node-c' });
      assert.ok(await waitUntil(() => next.centers[0]?.asked.some((line) => line.startsWith('reconcileCalls')) === true), JSON.stringify(next.centers[0]?.asked));
      assert.deepEqual([updatesOf(follower, 'call-1'), next.centers[0]?.asked], [[], ['reconcileCalls [["call-1",true]]']]);
    });

    it('sends the queue updates of a call whose node it does not know to the node running the call', async () => {
      const bus = createEventBus(() => undefined);
      const owner = await node(bus, 'node-a', { type: 'owner', epoch: 4 }, 1_000, { calls: [] });
      const runner = await node(bus, 'node-b', { type: 'follower', ownerNodeId: 'node-a' }, 1_000, { calls: ['call-1'] });
      const other = await node(bus, 'node-c', { type: 'follower', ownerNodeId: 'node-a' }, 1_000, { calls: [] });
      owner.centers[0]?.hooks?.toCall('call-1', { type: 'call.queue_update', queueId: 7, update: { type: 'stop_ringing', offerId: '7.1', memberIds: ['agent:3'] } });
      assert.deepEqual([updatesOf(runner, 'call-1').length, updatesOf(other, 'call-1').length, updatesOf(owner, 'call-1').length], [1, 0, 0]);
    });

    it('holds a follower\'s call effects while no node owns the contact center, for the next owner', async () => {
      const bus = createEventBus(() => undefined);
      const follower = await node(bus, 'node-b', { type: 'follower', ownerNodeId: undefined }, 1_000, { calls: ['call-1'] });
      const next = await node(bus, 'node-c', { type: 'follower', ownerNodeId: undefined }, 1_000, { calls: [] });
      follower.link.calls.memberAnswered('call-1', 7, '7.1', 'agent:3');
      next.lease.set({ type: 'owner', epoch: 5 });
      follower.lease.set({ type: 'follower', ownerNodeId: 'node-c' });
      assert.ok(await waitUntil(() => next.centers[0]?.asked.some((line) => line.startsWith('memberAnswered')) === true), JSON.stringify(next.centers[0]?.asked));
    });

    it('sends a call\'s effects recently sent to an owner that went away again to the new owner, its entry excepted', async () => {
      const bus = createEventBus(() => undefined);
      await node(bus, 'node-a', { type: 'follower', ownerNodeId: undefined }, 1_000, { calls: [] });
      const follower = await node(bus, 'node-b', { type: 'follower', ownerNodeId: 'node-a' }, 1_000, { calls: ['call-1'] });
      const next = await node(bus, 'node-c', { type: 'follower', ownerNodeId: 'node-a' }, 1_000, { calls: [] });
      follower.link.calls.enter('call-1', entry);
      follower.link.calls.memberAnswered('call-1', 7, '7.1', 'agent:3');
      next.lease.set({ type: 'owner', epoch: 5 });
      follower.lease.set({ type: 'follower', ownerNodeId: 'node-c' });
      assert.ok(await waitUntil(() => next.centers[0]?.asked.some((line) => line.startsWith('memberAnswered')) === true), JSON.stringify(next.centers[0]?.asked));
      assert.equal(next.centers[0]?.asked.some((line) => line.startsWith('enter')), false);
    });

    it('stops its contact center without telling the waiting calls to leave when it loses the lease', async () => {
      const owner = await node(createEventBus(() => undefined), 'node-a', { type: 'owner', epoch: 4 }, 1_000, { calls: [] });
      owner.lease.set({ type: 'follower', ownerNodeId: 'node-b' });
      await owner.link.settled();
      assert.deepEqual(owner.centers[0]?.asked, ['close']);
    });
  });
});
