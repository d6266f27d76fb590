import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ActorEscalatedError } from '../errors.ts';
import { createActorSystem, type ActorSystem } from './actor-system.ts';
import type { ChildSpec, RestartPolicy, SupervisorOptions } from './child-spec.ts';
import type { ActorSnapshot } from './snapshot.ts';
import { createSimulatedClock, type SimulatedClock } from './simulated-clock.ts';
import { pingAddress, pingSpec } from './testing/ping-actor.ts';
import type { PingMessage, PingSnapshot } from './testing/ping-machine.ts';
import { waitFor } from './testing/wait-for.ts';

let clock: SimulatedClock;
let system: ActorSystem;
let log: string[];

beforeEach(async () => {
  clock = createSimulatedClock(0);
  system = await createActorSystem({ nodeName: 'n1', clock });
  log = [];
});

afterEach(() => system.shutdown());

function pingChild(id: string, restart: RestartPolicy, onDeactivate?: () => Promise<void>): ChildSpec {
  return {
    id,
    restart,
    shutdownMs: 1_000,
    start: async () => {
      log.push(`start ${id}`);
      return system.spawn(
        pingSpec(id, {
          hooks: {
            onDeactivate: (reason) => {
              log.push(`stop ${id} ${reason}`);
              return onDeactivate?.();
            },
          },
        }),
      );
    },
  };
}

function options(strategy: SupervisorOptions['strategy'], extra: Partial<SupervisorOptions> = {}): SupervisorOptions {
  return { name: 'test', strategy, maxRestarts: 5, withinMs: 1_000, ...extra };
}

function incarnationOf(id: string): number | undefined {
  return system.lookup(pingAddress(id))?.activation.incarnation;
}

async function crash(id: string): Promise<void> {
  const before = incarnationOf(id);
  system.lookup<PingMessage>(pingAddress(id))?.send({ type: 'ping.crash' });
  await waitFor(() => incarnationOf(id) !== before);
  await system.settled();
}

describe('restart policies', () => {
  it('a temporary child that crashed MUST NOT be restarted', async () => {
    const supervisor = await system.startSupervisor(options('oneForOne'), [pingChild('call', 'temporary')]);
    await crash('call');
    assert.deepEqual([incarnationOf('call'), supervisor.children().length], [undefined, 0]);
  });

  it('a temporary child that crashed MUST be handed to onChildCrashed with its last snapshot and the error', async () => {
    const crashed: { id: string; snapshot: ActorSnapshot | undefined; error: unknown }[] = [];
    const onChildCrashed = (spec: ChildSpec, snapshot: ActorSnapshot | undefined, error: unknown): void => void crashed.push({ id: spec.id, snapshot, error });
    await system.startSupervisor(options('oneForOne', { onChildCrashed }), [pingChild('call', 'temporary')]);
    system.lookup<PingMessage>(pingAddress('call'))?.send({ type: 'counter.add', amount: 5 });
    await crash('call');
    assert.deepEqual(crashed.map(({ id, snapshot }) => ({ id, count: (snapshot?.data as PingSnapshot | undefined)?.count })), [{ id: 'call', count: 5 }]);
    assert.equal((crashed[0]?.error as Error).message, 'ping crash requested');
  });

  it('a permanent child that crashed MUST be restarted as a new activation', async () => {
    await system.startSupervisor(options('oneForOne'), [pingChild('transport', 'permanent')]);
    const before = incarnationOf('transport') ?? 0;
    await crash('transport');
    assert.equal((incarnationOf('transport') ?? 0) > before, true);
  });

  it('a permanent child that stopped normally MUST be restarted', async () => {
    await system.startSupervisor(options('oneForOne'), [pingChild('transport', 'permanent')]);
    await system.lookup(pingAddress('transport'))?.stop('requested');
    await system.settled();
    assert.deepEqual(log, ['start transport', 'stop transport requested', 'start transport']);
  });

  it('a transient child that stopped normally MUST NOT be restarted', async () => {
    await system.startSupervisor(options('oneForOne'), [pingChild('agent', 'transient')]);
    system.lookup<PingMessage>(pingAddress('agent'))?.send({ type: 'ping.stop', reason: 'logged out' });
    await system.settled();
    assert.equal(incarnationOf('agent'), undefined);
  });

  it('a transient child that crashed MUST be restarted', async () => {
    await system.startSupervisor(options('oneForOne'), [pingChild('agent', 'transient')]);
    await crash('agent');
    assert.notEqual(incarnationOf('agent'), undefined);
  });

  it("a permanent child that left with 'migrating' MUST NOT be restarted", async () => {
    await system.startSupervisor(options('oneForOne'), [pingChild('queue', 'permanent')]);
    await system.lookup(pingAddress('queue'))?.stop('migrating');
    await system.settled();
    assert.equal(incarnationOf('queue'), undefined);
  });
});

describe('restart intensity', () => {
  it('MUST give up and exit crashed with ActorEscalatedError past maxRestarts within withinMs', async () => {
    const supervisor = await system.startSupervisor(options('oneForOne', { maxRestarts: 2 }), [pingChild('flaky', 'permanent')]);
    await crash('flaky');
    await crash('flaky');
    system.lookup<PingMessage>(pingAddress('flaky'))?.send({ type: 'ping.crash' });
    const exit = await supervisor.exited;
    assert.equal(exit.type === 'crashed' && exit.error instanceof ActorEscalatedError, true);
  });

  it('MUST stop its remaining children when it gives up', async () => {
    const supervisor = await system.startSupervisor(options('oneForOne', { maxRestarts: 0 }), [pingChild('steady', 'permanent'), pingChild('flaky', 'permanent')]);
    system.lookup<PingMessage>(pingAddress('flaky'))?.send({ type: 'ping.crash' });
    await supervisor.exited;
    assert.equal(incarnationOf('steady'), undefined);
  });

  it('MUST NOT count restarts older than withinMs', async () => {
    const supervisor = await system.startSupervisor(options('oneForOne', { maxRestarts: 1 }), [pingChild('flaky', 'permanent')]);
    await crash('flaky');
    clock.advanceBy(1_001);
    await crash('flaky');
    assert.deepEqual(supervisor.children().map((child) => child.id), ['flaky']);
  });

  it('a child supervisor that gave up MUST count as a crashed child of its parent (escalation)', async () => {
    const inner = options('oneForOne', { name: 'inner', maxRestarts: 0 });
    const parent = await system.startSupervisor(options('oneForOne', { name: 'outer' }), [
      { id: 'inner', restart: 'permanent', shutdownMs: Number.POSITIVE_INFINITY, start: () => system.startSupervisor(inner, [pingChild('leaf', 'permanent')]) },
    ]);
    await crash('leaf');
    assert.deepEqual([log, parent.children().map((child) => child.id)], [['start leaf', 'stop leaf crashed', 'start leaf'], ['inner']]);
  });
});

describe('root supervisor', () => {
  it('MUST report its own failure to onRootFailure with ActorEscalatedError', async () => {
    const failures: unknown[] = [];
    const node = await createActorSystem({ nodeName: 'n2', clock, root: { strategy: 'oneForOne', maxRestarts: 0, withinMs: 1_000 }, onRootFailure: (error) => void failures.push(error) });
    try {
      await node.root.startChild({ id: 'flaky', restart: 'permanent', shutdownMs: 100, start: () => node.spawn(pingSpec('root-flaky')) });
      node.lookup<PingMessage>(pingAddress('root-flaky'))?.send({ type: 'ping.crash' });
      await node.root.exited;
      await node.settled();
      assert.equal(failures[0] instanceof ActorEscalatedError, true);
    } finally {
      await node.shutdown();
    }
  });
});

describe('strategies', () => {
  const three = (): ChildSpec[] => [pingChild('a', 'permanent'), pingChild('b', 'permanent'), pingChild('c', 'permanent')];

  it('oneForOne MUST restart only the crashed child', async () => {
    await system.startSupervisor(options('oneForOne'), three());
    log.length = 0;
    await crash('b');
    assert.deepEqual(log, ['stop b crashed', 'start b']);
  });

  it('oneForAll MUST stop the others in reverse start order, then start all in start order', async () => {
    await system.startSupervisor(options('oneForAll'), three());
    log.length = 0;
    await crash('b');
    assert.deepEqual(log, ['stop b crashed', 'stop c shutdown', 'stop a shutdown', 'start a', 'start b', 'start c']);
  });

  it('restForOne MUST stop and restart the children started after the crashed one, and leave earlier ones alone', async () => {
    await system.startSupervisor(options('restForOne'), three());
    log.length = 0;
    await crash('b');
    assert.deepEqual(log, ['stop b crashed', 'stop c shutdown', 'start b', 'start c']);
  });

  it('oneForAll MUST NOT start again a temporary sibling it stopped', async () => {
    const supervisor = await system.startSupervisor(options('oneForAll'), [pingChild('a', 'temporary'), pingChild('b', 'permanent')]);
    await crash('b');
    assert.deepEqual(supervisor.children().map((child) => child.id), ['b']);
  });
});

describe('shutdown', () => {
  it('MUST stop the children of the tree in reverse start order', async () => {
    for (const id of ['a', 'b', 'c']) await system.root.startChild(pingChild(id, 'permanent'));
    log.length = 0;
    await system.shutdown();
    assert.deepEqual(log, ['stop c shutdown', 'stop b shutdown', 'stop a shutdown']);
  });

  it('MUST kill a child that does not stop within its shutdownMs, then go on', async () => {
    const hung = pingChild('hung', 'permanent', () => new Promise(() => undefined));
    await system.root.startChild(pingChild('first', 'permanent'));
    const started = await system.root.startChild(hung);
    const stopping = system.shutdown();
    await waitFor(() => log.includes('stop hung shutdown'));
    clock.advanceBy(1_000);
    await stopping;
    assert.deepEqual(started.type === 'started' ? await started.child.exited : undefined, { type: 'stopped', reason: 'shutdown', forced: true });
    assert.deepEqual(log.slice(-2), ['stop hung shutdown', 'stop first shutdown']);
  });
});

describe('dynamic children', () => {
  it("MUST refuse a second child with the same id as an error value", async () => {
    const supervisor = await system.startSupervisor(options('oneForOne'), [pingChild('a', 'temporary')]);
    assert.deepEqual(await supervisor.startChild(pingChild('a', 'temporary')), { type: 'error', code: 'duplicate-child-id' });
  });

  it('MUST stop the children already started, then reject, when an initial child fails to start', async () => {
    const failing: ChildSpec = { id: 'broken', restart: 'permanent', shutdownMs: 100, start: () => Promise.reject(new Error('port in use')) };
    await assert.rejects(system.startSupervisor(options('oneForOne'), [pingChild('a', 'permanent'), failing]), /port in use/);
    assert.deepEqual(log, ['start a', 'stop a shutdown']);
  });

  it('MUST stop and forget a child on terminateChild', async () => {
    const supervisor = await system.startSupervisor(options('oneForOne'), [pingChild('a', 'permanent')]);
    await supervisor.terminateChild('a');
    await system.settled();
    assert.deepEqual([log, supervisor.children().length], [['start a', 'stop a requested'], 0]);
  });
});
