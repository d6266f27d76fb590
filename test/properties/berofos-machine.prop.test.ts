/**
 * Berofos, properties: two nodes wired to ports B and D of one switch, whatever the order of role
 * changes, lost or late answers, network cuts and power cuts, end with the lines on the last
 * master once the switch answers, then stay there (no flapping); a slave never writes the relays.
 */
import '../support/property-seed.ts';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { actorAddress, berofos, NO_TIMERS, type KernelMessage } from '../../actors/index.ts';

type NodeName = 'X' | 'Y';
const WIRING: Record<NodeName, 'B' | 'D'> = { X: 'B', Y: 'D' };
const timings: berofos.BerofosTimings = { retryBaseMs: 100, retryMaxMs: 1_000, verifyEveryMs: 2_000, attemptTimeoutMs: 3_000 };

interface NodeModel {
  readonly name: NodeName;
  snapshot: berofos.BerofosSnapshot;
  readonly timers: Map<string, number>;
  readonly pending: { readonly attempt: number; readonly relayMode?: 0 | 1 }[];
}

interface World {
  now: number;
  readonly nodes: Record<NodeName, NodeModel>;
  readonly device: { reachable: boolean; powered: boolean; mode: 0 | 1; switches: number };
}

type Command =
  | { readonly type: 'leader'; readonly who: NodeName | 'none' }
  | { readonly type: 'network'; readonly reachable: boolean }
  | { readonly type: 'power'; readonly powered: boolean }
  | { readonly type: 'deliver'; readonly node: NodeName }
  | { readonly type: 'lose'; readonly node: NodeName }
  | { readonly type: 'timer'; readonly node: NodeName };

const node = fc.constantFrom<NodeName>('X', 'Y');
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.constantFrom<NodeName | 'none'>('X', 'Y', 'none').map((who): Command => ({ type: 'leader', who })),
  fc.boolean().map((reachable): Command => ({ type: 'network', reachable })),
  fc.boolean().map((powered): Command => ({ type: 'power', powered })),
  node.map((name): Command => ({ type: 'deliver', node: name })),
  node.map((name): Command => ({ type: 'lose', node: name })),
  node.map((name): Command => ({ type: 'timer', node: name })),
);

function send(world: World, model: NodeModel, message: berofos.BerofosMessage | KernelMessage): void {
  const result = berofos.berofosMachine.transition(model.snapshot, message, { now: world.now, self: actorAddress('berofos', 'fos1'), from: undefined, timers: NO_TIMERS, timings });
  if (result.type !== 'handled') return;
  model.snapshot = result.snapshot;
  for (const effect of result.effects) {
    if (effect.type === 'timer.start') model.timers.set(effect.name, 'atMs' in effect ? effect.atMs : world.now + effect.delayMs);
    else if (effect.type === 'timer.cancel') model.timers.delete(effect.name);
    else if (effect.type === 'berofos.sync') {
      assert.ok(effect.relayMode === undefined || model.snapshot.role !== 'slave', `slave ${model.name} asked to write the relays`);
      model.pending.push(effect.relayMode === undefined ? { attempt: effect.attempt } : { attempt: effect.attempt, relayMode: effect.relayMode });
    }
  }
}

/** The switch answers the oldest round of `model` (one read, then the write if it differs). */
function deliver(world: World, model: NodeModel): void {
  const round = model.pending.shift();
  if (round === undefined) return;
  const { device } = world;
  if (!device.reachable || !device.powered) {
    send(world, model, { type: 'berofos.sync_failed', attempt: round.attempt, failure: { code: 'PBX_ERR_BEROFOS_UNREACHABLE', message: 'no answer' } });
    return;
  }
  const before = device.mode;
  const writes = round.relayMode !== undefined && round.relayMode !== before;
  if (writes && round.relayMode !== undefined) {
    device.mode = round.relayMode;
    device.switches += 1;
  }
  send(world, model, { type: 'berofos.synced', attempt: round.attempt, before, after: device.mode, written: writes ? ['mode'] : [] });
}

function fireNextTimer(world: World, model: NodeModel): void {
  const [name, deadline] = [...model.timers].sort((left, right) => left[1] - right[1])[0] ?? [];
  if (name === undefined || deadline === undefined) return;
  world.now = Math.max(world.now, deadline);
  model.timers.delete(name);
  send(world, model, { type: 'sys.timer.fired', name });
}

function run(world: World, next: Command): void {
  world.now += 10;
  switch (next.type) {
    case 'leader':
      for (const model of Object.values(world.nodes)) send(world, model, { type: 'berofos.role_changed', role: next.who === model.name ? 'master' : 'slave' });
      return;
    case 'network':
      world.device.reachable = next.reachable;
      return;
    case 'power':
      if (next.powered && !world.device.powered) world.device.mode = 1; // modedef = 1 at power-on
      world.device.powered = next.powered;
      return;
    case 'deliver':
      return deliver(world, world.nodes[next.node]);
    case 'lose':
      // A result that never comes (a runner lost in a migration): the attempt timer covers it.
      world.nodes[next.node].pending.shift();
      return;
    case 'timer':
      return fireNextTimer(world, world.nodes[next.node]);
  }
}

/** Lets both nodes run with the switch answering: every round answered, then the earliest timer. */
function settle(world: World, steps: number): void {
  for (let step = 0; step < steps; step += 1) {
    for (const model of Object.values(world.nodes)) while (model.pending.length > 0) deliver(world, model);
    const earliest = Object.values(world.nodes)
      .flatMap((model) => [...model.timers.values()].map((deadline) => ({ model, deadline })))
      .sort((left, right) => left.deadline - right.deadline)[0];
    if (earliest !== undefined) fireNextTimer(world, earliest.model);
  }
}

function newWorld(): World {
  const model = (name: NodeName): NodeModel => ({ name, snapshot: berofos.newBerofos({ name: 'fos1', nodePort: WIRING[name] }), timers: new Map(), pending: [] });
  return { now: 1_000_000, nodes: { X: model('X'), Y: model('Y') }, device: { reachable: true, powered: true, mode: 1, switches: 0 } };
}

describe('berofos (properties)', () => {
  it('MUST end with the lines on the last master once the switch answers, and then never switch them again', () => {
    fc.assert(
      fc.property(node, fc.array(command, { maxLength: 60 }), fc.constantFrom<NodeName | 'none'>('X', 'Y', 'none'), (firstMaster, commands, lastLeader) => {
        const world = newWorld();
        for (const next of [{ type: 'leader', who: firstMaster } as const, ...commands, { type: 'leader', who: lastLeader } as const]) run(world, next);
        world.device.reachable = true;
        if (!world.device.powered) run(world, { type: 'power', powered: true });
        settle(world, 40);
        // With no master (between two leases) nobody drives: the relays stay where they are.
        if (lastLeader !== 'none') assert.equal(world.device.mode, berofos.ownRelayMode({ nodePort: WIRING[lastLeader] }), `lines on ${lastLeader}'s port`);
        const switches = world.device.switches;
        settle(world, 40);
        assert.equal(world.device.switches, switches, 'no switch once settled');
      }),
      { numRuns: 300 },
    );
  });
});
