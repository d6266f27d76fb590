/**
 * Ring strategies, properties: fewestcalls always rings a member with the fewest completed calls
 * (of the lowest penalty), ringall rings every member of the lowest penalty, and linear and
 * rrmemory ring the first member at or after their cursor, wrapping.
 */
import '../support/property-seed.ts';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { queue } from '../../actors/index.ts';

const candidates = fc.uniqueArray(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 12 }).chain((positions) =>
  fc.tuple(...positions.map((position) => fc.record({ id: fc.constant(`m${position}`), position: fc.constant(position), penalty: fc.integer({ min: 0, max: 2 }), callsCompleted: fc.nat(20) }))),
);
const context = (cursor: number): queue.StrategyContext => ({ nowMs: 0, queueCursor: cursor, callCursor: cursor, memberCount: 50, random: () => 0.5 });

describe('ring strategies (properties)', () => {
  it('fewestcalls MUST ring a member with the fewest completed calls among the lowest penalty', () => {
    fc.assert(fc.property(candidates, (members) => {
      const [chosen] = queue.chooseMembers('fewestcalls', members, context(0));
      const lowest = Math.min(...members.map((member) => member.penalty));
      const eligible = members.filter((member) => member.penalty === lowest);
      const fewest = Math.min(...eligible.map((member) => member.callsCompleted));
      assert.equal(members.find((member) => member.id === chosen)?.callsCompleted, fewest);
      assert.equal(members.find((member) => member.id === chosen)?.penalty, lowest);
    }));
  });

  it('ringall MUST ring exactly the members of the lowest penalty', () => {
    fc.assert(fc.property(candidates, (members) => {
      const lowest = Math.min(...members.map((member) => member.penalty));
      assert.deepEqual([...queue.chooseMembers('ringall', members, context(0))].sort(), members.filter((member) => member.penalty === lowest).map((member) => member.id).sort());
    }));
  });

  it('linear and rrmemory MUST ring the first member (of the lowest penalty) at or after the cursor, wrapping to the first', () => {
    fc.assert(fc.property(candidates, fc.integer({ min: 0, max: 35 }), fc.constantFrom<queue.QueueStrategy>('linear', 'rrmemory'), (members, cursor, strategy) => {
      const lowest = Math.min(...members.map((member) => member.penalty));
      const ordered = members.filter((member) => member.penalty === lowest).sort((left, right) => left.position - right.position);
      const expected = ordered.find((member) => member.position >= cursor) ?? ordered[0];
      assert.deepEqual(queue.chooseMembers(strategy, members, context(cursor)), [expected?.id]);
    }));
  });
});
