import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ActorDuplicateError, ActorSystemStoppedError, InvalidEffectError, StateTransitionError } from '../errors.ts';
import { createActorSystem, type ActorSystem } from './actor-system.ts';
import { createSimulatedClock, type SimulatedClock } from './simulated-clock.ts';
import { createDeferred } from './testing/deferred.ts';
import { waitFor } from './testing/wait-for.ts';
import { createProbe, pingAddress, pingSpec } from './testing/ping-actor.ts';
import { createRecordingLogger, type RecordingLogger } from './testing/recording-logger.ts';
import { ACTOR_TRANSITION_CHANNEL, type TransitionEvent } from './transition-diagnostics.ts';
import type { EffectContext } from './effects.ts';
import type { PingMessage } from './testing/ping-machine.ts';

let clock: SimulatedClock;
let logger: RecordingLogger;
let system: ActorSystem;
let events: TransitionEvent[];

beforeEach(async () => {
  clock = createSimulatedClock(10_000);
  logger = createRecordingLogger();
  events = [];
  system = await createActorSystem({ nodeName: 'n1', clock, logger, onTransition: (event) => events.push(event) });
});

afterEach(() => system.shutdown());

describe('messages', () => {
  it('MUST hand messages to one actor in the order they were sent', async () => {
    const probe = createProbe();
    const ref = await system.spawn(pingSpec('p1', { probe }));
    for (let amount = 1; amount <= 50; amount += 1) ref.send({ type: 'counter.add', amount });
    await system.settled();
    assert.deepEqual(probe.recorded, Array.from({ length: 50 }, (_, index) => index + 1));
  });

  it("MUST NOT start a message before the previous message's effects have finished", async () => {
    const probe = createProbe();
    const gate = createDeferred();
    probe.hold = gate.promise;
    const ref = await system.spawn(pingSpec('p1', { probe }));
    ref.send({ type: 'counter.add', amount: 1 });
    ref.send({ type: 'counter.add', amount: 2 });
    await waitFor(() => probe.marks.length === 1);
    gate.resolve();
    await system.settled();
    assert.deepEqual(probe.marks, ['start 1', 'end 1', 'start 2', 'end 2']);
  });

  it('MUST deliver a send effect to the actor at the target address', async () => {
    const target = createProbe();
    await system.spawn(pingSpec('target', { probe: target }));
    const source = await system.spawn(pingSpec('source'));
    source.send({ type: 'ping.forward', to: pingAddress('target'), amount: 7 });
    await system.settled();
    assert.deepEqual(target.recorded, [7]);
  });

  it('MUST route system.send to the current activation of the address', async () => {
    const probe = createProbe();
    await system.spawn(pingSpec('p1', { probe }));
    system.send(pingAddress('p1'), { type: 'counter.add', amount: 3 });
    await system.settled();
    assert.deepEqual(probe.recorded, [3]);
  });

  it("MUST log a message to an unknown address as a dead letter with reason 'not-found'", async () => {
    system.send(pingAddress('nobody'), { type: 'counter.add', amount: 1 });
    const line = logger.lines.find((candidate) => candidate.message === 'dead letter');
    assert.deepEqual(line?.fields, { actor: 'ping', id: 'nobody', state: undefined, 'msg.type': 'counter.add', reason: 'not-found' });
  });

  it("MUST drop messages beyond the mailbox limit, answering asks with 'overloaded'", async () => {
    const probe = createProbe();
    const gate = createDeferred();
    probe.hold = gate.promise;
    const ref = await system.spawn(pingSpec('p1', { probe, mailboxLimit: 1 }));
    ref.send({ type: 'counter.add', amount: 1 });
    await waitFor(() => probe.marks.length === 1);
    ref.send({ type: 'counter.add', amount: 2 });
    const answer = ref.ask({ type: 'count.get' }, 1_000);
    assert.deepEqual(await answer, { type: 'unavailable', reason: 'overloaded' });
    gate.resolve();
  });
});

describe('effect context', () => {
  /** A ping spec whose probe port keeps the context of the first effect it ran. */
  function capturingSpec(id: string, captured: EffectContext<PingMessage>[]): ReturnType<typeof pingSpec> {
    const spec = pingSpec(id);
    return {
      ...spec,
      runners: {
        ...spec.runners,
        'probe.record': (_effect, context) => {
          if (captured.length === 0) captured.push(context);
        },
      },
    };
  }

  it('tell MUST deliver a later message to the same activation', async () => {
    const captured: EffectContext<PingMessage>[] = [];
    const ref = await system.spawn(capturingSpec('p1', captured));
    ref.send({ type: 'counter.add', amount: 1 });
    await system.settled();
    captured[0]?.tell({ type: 'counter.add', amount: 10 });
    await system.settled();
    assert.equal(ref.toSnapshot().data.count, 11);
  });

  it('tell MUST NOT reach a later incarnation at the same address', async () => {
    const captured: EffectContext<PingMessage>[] = [];
    const first = await system.spawn(capturingSpec('p1', captured));
    first.send({ type: 'counter.add', amount: 1 });
    await system.settled();
    await first.stop('requested');
    const second = await system.spawn(pingSpec('p1'));
    captured[0]?.tell({ type: 'counter.add', amount: 10 });
    await system.settled();
    assert.equal(second.toSnapshot().data.count, 0);
  });
});

describe('ask', () => {
  it("MUST resolve with the machine's reply effect", async () => {
    const ref = await system.spawn(pingSpec('p1'));
    ref.send({ type: 'counter.add', amount: 4 });
    assert.deepEqual(await ref.ask({ type: 'count.get' }, 100), { type: 'replied', reply: { count: 4 } });
  });

  it("MUST resolve { type: 'timeout' } when no answer comes within timeoutMs", async () => {
    const probe = createProbe();
    const gate = createDeferred();
    probe.hold = gate.promise;
    const ref = await system.spawn(pingSpec('p1', { probe }));
    const answer = ref.ask({ type: 'counter.add', amount: 1 }, 250);
    await waitFor(() => probe.marks.length === 1);
    clock.advanceBy(250);
    assert.deepEqual(await answer, { type: 'timeout', timeoutMs: 250 });
    gate.resolve();
  });

  it("MUST resolve 'accepted' for a message handled without a reply", async () => {
    const ref = await system.spawn(pingSpec('p1'));
    assert.deepEqual(await ref.ask({ type: 'counter.add', amount: 1 }, 100), { type: 'accepted' });
  });

  it("MUST resolve 'rejected' with the reason when the state refuses the message", async () => {
    const ref = await system.spawn(pingSpec('p1'));
    ref.send({ type: 'ping.start' });
    assert.deepEqual(await ref.ask({ type: 'ping.start' }, 100), { type: 'rejected', reason: 'already waiting for a pong' });
  });

  it("MUST resolve 'unavailable' once the actor has stopped", async () => {
    const ref = await system.spawn(pingSpec('p1'));
    await ref.stop('requested');
    assert.deepEqual(await ref.ask({ type: 'count.get' }, 100), { type: 'unavailable', reason: 'stopped' });
  });

  it("MUST resolve 'unavailable' with 'crashed' for the message that crashed the actor", async () => {
    const ref = await system.spawn(pingSpec('p1'));
    assert.deepEqual(await ref.ask({ type: 'ping.crash' }, 100), { type: 'unavailable', reason: 'crashed' });
  });
});

describe('unexpected messages', () => {
  it('MUST log an ignored message with actor, id, state and msg.type', async () => {
    const ref = await system.spawn(pingSpec('p1'));
    ref.send({ type: 'ping.pong' });
    await system.settled();
    const line = logger.lines.find((candidate) => candidate.message === 'message ignored by its state');
    assert.deepEqual(line?.fields, { actor: 'ping', id: 'p1', state: 'idle', 'msg.type': 'ping.pong', reason: 'no ping outstanding' });
  });

  it('MUST log a rejected message at warn level', async () => {
    const ref = await system.spawn(pingSpec('p1'));
    ref.send({ type: 'ping.close' });
    ref.send({ type: 'ping.start' });
    await system.settled();
    assert.equal(logger.lines.find((line) => line.message === 'message rejected by its state')?.level, 'warn');
  });
});

describe('crashes and stops', () => {
  it('MUST crash with the error and the last snapshot when an effect runner throws', async () => {
    const ref = await system.spawn(pingSpec('p1'));
    ref.send({ type: 'counter.add', amount: 2 });
    ref.send({ type: 'ping.fail' });
    const exit = await ref.exited;
    assert.equal(exit.type === 'crashed' && (exit.error as Error).message, 'probe port failure');
    assert.equal(exit.type === 'crashed' && exit.snapshot?.data['state'], 'idle');
  });

  it('MUST crash with StateTransitionError when the machine tries an illegal move', async () => {
    const ref = await system.spawn(pingSpec('p1'));
    ref.send({ type: 'ping.close' });
    ref.send({ type: 'ping.reopen' });
    const exit = await ref.exited;
    assert.equal(exit.type === 'crashed' && exit.error instanceof StateTransitionError, true);
  });

  it('MUST crash with InvalidEffectError for an effect with no runner', async () => {
    const spec = pingSpec('p1');
    const ref = await system.spawn({ ...spec, runners: { ...spec.runners, 'probe.record': undefined as never } });
    ref.send({ type: 'counter.add', amount: 1 });
    const exit = await ref.exited;
    assert.equal(exit.type === 'crashed' && exit.error instanceof InvalidEffectError, true);
  });

  it("MUST stop after a stop effect, with reason 'requested' and the effect's text", async () => {
    const ref = await system.spawn(pingSpec('p1'));
    ref.send({ type: 'ping.stop', reason: 'call ended' });
    assert.deepEqual(await ref.exited, { type: 'stopped', reason: 'requested', forced: false, detail: 'call ended' });
  });

  it('MUST remove a stopped actor from the directory', async () => {
    const ref = await system.spawn(pingSpec('p1'));
    await ref.stop('requested');
    assert.equal(system.lookup(pingAddress('p1')), undefined);
  });

  it('MUST count the active actors, in all and by kind', async () => {
    const before = [system.actorCount(), system.actorCount('ping')];
    const ref = await system.spawn(pingSpec('p1'));
    assert.deepEqual([system.actorCount() - (before[0] ?? 0), system.actorCount('ping') - (before[1] ?? 0), system.actorCount('no-such-kind')], [1, 1, 0]);
    await ref.stop('requested');
    assert.deepEqual([system.actorCount(), system.actorCount('ping')], before);
  });

  it('MUST count the active actors of each kind at once (the node\'s load)', async () => {
    const before = system.actorCounts()['ping'] ?? 0;
    const refs = [await system.spawn(pingSpec('p1')), await system.spawn(pingSpec('p2'))];
    assert.equal(system.actorCounts()['ping'], before + 2);
    for (const ref of refs) await ref.stop('requested');
    assert.equal(system.actorCounts()['ping'] ?? 0, before);
  });
});

describe('hooks', () => {
  it('MUST run onActivate before the first message', async () => {
    const order: string[] = [];
    const ref = await system.spawn(pingSpec('p1', { hooks: { onActivate: () => void order.push('activate'), onStableTransition: () => void order.push('stable') } }));
    ref.send({ type: 'counter.add', amount: 1 });
    await system.settled();
    assert.deepEqual(order, ['activate', 'stable']);
  });

  it('MUST call onStableTransition only after transitions that changed the snapshot', async () => {
    const stable: number[] = [];
    const ref = await system.spawn(pingSpec('p1', { hooks: { onStableTransition: (snapshot) => void stable.push(snapshot.data.count) } }));
    ref.send({ type: 'counter.add', amount: 1 });
    ref.send({ type: 'count.get' });
    ref.send({ type: 'ping.pong' });
    ref.send({ type: 'counter.add', amount: 2 });
    await system.settled();
    assert.deepEqual(stable, [1, 3]);
  });

  it("MUST call onDeactivate with the stop reason", async () => {
    const reasons: string[] = [];
    const ref = await system.spawn(pingSpec('p1', { hooks: { onDeactivate: (reason) => void reasons.push(reason) } }));
    await ref.stop('migrating');
    assert.deepEqual(reasons, ['migrating']);
  });

  it('MUST keep going when onStableTransition throws, logging the failure', async () => {
    const ref = await system.spawn(pingSpec('p1', { hooks: { onStableTransition: () => { throw new Error('redis down'); } } }));
    ref.send({ type: 'counter.add', amount: 1 });
    assert.deepEqual(await ref.ask({ type: 'count.get' }, 100), { type: 'replied', reply: { count: 1 } });
  });
});

describe('spawn', () => {
  it('MUST refuse a second activation at the same address', async () => {
    await system.spawn(pingSpec('p1'));
    await assert.rejects(system.spawn(pingSpec('p1')), ActorDuplicateError);
  });

  it('MUST give each activation a new incarnation on this node', async () => {
    const first = await system.spawn(pingSpec('p1'));
    await first.stop('requested');
    const second = await system.spawn(pingSpec('p1'));
    assert.deepEqual([second.activation.node, second.activation.incarnation > first.activation.incarnation], ['n1', true]);
  });

  it('MUST refuse to spawn after shutdown began', async () => {
    await system.shutdown();
    await assert.rejects(system.spawn(pingSpec('p1')), ActorSystemStoppedError);
  });

  it("MUST answer pending asks with 'unavailable' at shutdown", async () => {
    const probe = createProbe();
    probe.hold = new Promise(() => undefined);
    const ref = await system.spawn(pingSpec('p1', { probe }));
    const answer = ref.ask({ type: 'counter.add', amount: 1 }, 60_000);
    await waitFor(() => probe.marks.length === 1);
    const stopping = system.shutdown();
    await waitFor(() => clock.nextDeadline() === clock.now() + 5_000);
    clock.advanceBy(5_000);
    await stopping;
    assert.deepEqual(await answer, { type: 'unavailable', reason: 'stopped' });
  });
});

describe('diagnostics', () => {
  it(`MUST publish each transition on '${ACTOR_TRANSITION_CHANNEL}'`, async () => {
    const published: unknown[] = [];
    const listener = (message: unknown): void => void published.push(message);
    subscribe(ACTOR_TRANSITION_CHANNEL, listener);
    try {
      const ref = await system.spawn(pingSpec('p1'));
      ref.send({ type: 'ping.start' });
      await system.settled();
    } finally {
      unsubscribe(ACTOR_TRANSITION_CHANNEL, listener);
    }
    assert.deepEqual(
      published.map((event) => { const { messageType, from, to, outcome } = event as TransitionEvent; return { messageType, from, to, outcome }; }),
      [{ messageType: 'ping.start', from: 'idle', to: 'waiting', outcome: 'handled' }],
    );
  });

  it('MUST give the onTransition callback the timers after the transition', async () => {
    const ref = await system.spawn(pingSpec('p1', { pongTimeoutMs: 300 }));
    ref.send({ type: 'ping.start' });
    await system.settled();
    assert.deepEqual(events.map((event) => event.timers), [{ pongTimeout: 10_300 }]);
  });
});
