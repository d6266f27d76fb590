/** Ring strategies of queues (seed CC-02): which members ring for a call, as Asterisk's Queue(). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chooseMembers, cursorAfter, type QueueStrategy, type RingCandidate, type StrategyContext } from './index.ts';

const member = (id: string, position: number, extra: Partial<RingCandidate<string>> = {}): RingCandidate<string> => ({ id, position, penalty: 0, callsCompleted: 0, ...extra });
const context = (extra: Partial<StrategyContext> = {}): StrategyContext => ({ nowMs: 1_000_000, queueCursor: 0, callCursor: 0, memberCount: 3, random: () => 0.5, ...extra });
const choose = (strategy: QueueStrategy, candidates: RingCandidate<string>[], extra: Partial<StrategyContext> = {}) => chooseMembers(strategy, candidates, context(extra));

const abc = [member('a', 0), member('b', 1), member('c', 2)];

describe('queue ring strategies', () => {
  it('ringall MUST ring every member of the lowest penalty at once', () => {
    assert.deepEqual(choose('ringall', abc), ['a', 'b', 'c']);
    assert.deepEqual(choose('ringall', [member('a', 0, { penalty: 1 }), member('b', 1), member('c', 2)]), ['b', 'c']);
  });

  it('linear MUST ring one member at a time in the list order from the call\'s cursor, wrapping', () => {
    const rung: string[] = [];
    let cursor = 0;
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const [next] = choose('linear', abc, { callCursor: cursor });
      rung.push(next ?? '-');
      cursor = cursorAfter(abc.find((candidate) => candidate.id === next)?.position ?? 0);
    }
    assert.deepEqual(rung, ['a', 'b', 'c', 'a']);
  });

  it('linear MUST skip a member that cannot ring and take the next in order', () => {
    assert.deepEqual(choose('linear', [member('a', 0), member('c', 2)], { callCursor: 1 }), ['c']);
  });

  it('rrmemory MUST ring the member after the last one rung by the queue, whatever the call', () => {
    assert.deepEqual(choose('rrmemory', abc, { queueCursor: 2, callCursor: 0 }), ['c']);
    assert.deepEqual(choose('rrmemory', abc, { queueCursor: 3 }), ['a']);
  });

  it('fewestcalls MUST ring the member with the fewest completed calls', () => {
    assert.deepEqual(choose('fewestcalls', [member('a', 0, { callsCompleted: 4 }), member('b', 1, { callsCompleted: 1 }), member('c', 2, { callsCompleted: 2 })]), ['b']);
  });

  it('leastrecent MUST ring a member never called first, then the one whose last call ended longest ago', () => {
    const now = 1_000_000;
    assert.deepEqual(choose('leastrecent', [member('a', 0, { lastCallEndedAtMs: now - 5_000 }), member('b', 1), member('c', 2, { lastCallEndedAtMs: now - 60_000 })], { nowMs: now }), ['b']);
    assert.deepEqual(choose('leastrecent', [member('a', 0, { lastCallEndedAtMs: now - 5_000 }), member('c', 2, { lastCallEndedAtMs: now - 60_000 })], { nowMs: now }), ['c']);
  });

  it('MUST ring a higher penalty only when no lower penalty member can ring', () => {
    assert.deepEqual(choose('fewestcalls', [member('a', 0, { penalty: 2 }), member('b', 1, { penalty: 1, callsCompleted: 9 })]), ['b']);
    assert.deepEqual(choose('fewestcalls', [member('a', 0, { penalty: 2 })]), ['a']);
  });

  it('MUST ignore penalties when the queue has no more members than penaltyMembersLimit', () => {
    assert.deepEqual(choose('linear', [member('a', 0, { penalty: 5 }), member('b', 1)], { memberCount: 2, penaltyMembersLimit: 2 }), ['a']);
  });

  it('random MUST draw among the lowest penalty; wrandom MUST let every member ring, high penalties less often', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const counts = new Map<string, number>();
    const members = [member('a', 0), member('b', 1, { penalty: 3 })];
    for (let draw = 0; draw < 2000; draw += 1) {
      const [random1] = chooseMembers('random', members, context({ random }));
      assert.equal(random1, 'a');
      const [picked] = chooseMembers('wrandom', members, context({ random }));
      counts.set(picked ?? '-', (counts.get(picked ?? '-') ?? 0) + 1);
    }
    assert.ok((counts.get('a') ?? 0) > (counts.get('b') ?? 0) && (counts.get('b') ?? 0) > 0, JSON.stringify([...counts]));
  });

  it('MUST ring nobody without candidates', () => {
    for (const strategy of ['ringall', 'linear', 'leastrecent', 'fewestcalls', 'rrmemory', 'random', 'wrandom'] as const) assert.deepEqual(choose(strategy, []), []);
  });
});
