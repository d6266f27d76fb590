/**
 * Which members a queue rings for a call, by its ring strategy (seed CC-02), as Asterisk's
 * `Queue()` chooses them: every available member gets a metric, the lowest rings.
 *
 * @remarks
 * - `ringall` rings every member with the lowest metric at once; the other strategies ring one.
 * - The penalty comes first: a member's metric is `penalty × 1,000,000 + the strategy's metric`,
 *   so a higher-penalty member rings only when no lower-penalty member can (Asterisk's
 *   `usepenalty`; with no more members than `penaltyMembersLimit`, penalties are ignored).
 * - `linear` rings in the queue's member order, from the call's own cursor (each call starts with
 *   the first member and moves on after each attempt); `rrmemory` does the same from the queue's
 *   cursor, shared by all calls, so the member after the last one rung is next.
 * - `leastrecent` rings the member whose last call from this queue ended longest ago (never
 *   called first); `fewestcalls` the one who completed the fewest calls from this queue.
 * - `random` draws among the lowest penalty; `wrandom` draws over all with the penalty as weight
 *   (a metric drawn in `[0, (1 + penalty) × 1000)`), so high penalties ring less often but do ring.
 * Ties keep the queue's member order. Pure: randomness comes from `random` (values in [0, 1)).
 */

/** The ring strategies of a queue. */
export type QueueStrategy = 'ringall' | 'linear' | 'leastrecent' | 'fewestcalls' | 'rrmemory' | 'random' | 'wrandom';

/** Every strategy, for validation. */
export const QUEUE_STRATEGIES: readonly QueueStrategy[] = ['ringall', 'linear', 'leastrecent', 'fewestcalls', 'rrmemory', 'random', 'wrandom'];

/** A member that can ring now (logged in, not paused, not busy, not reserved by another offer). */
export interface RingCandidate<Id> {
  readonly id: Id;
  /** Its place in the queue's member list, from 0. */
  readonly position: number;
  readonly penalty: number;
  /** Calls it completed from this queue. */
  readonly callsCompleted: number;
  /** When its last call from this queue ended; never called when absent. */
  readonly lastCallEndedAtMs?: number;
}

/** What the choice depends on besides the candidates. */
export interface StrategyContext {
  readonly nowMs: number;
  /** `rrmemory`: the queue's cursor, the position of the member to try first. */
  readonly queueCursor: number;
  /** `linear`: the call's cursor, the position of the member to try first. */
  readonly callCursor: number;
  /** Penalties count only with more members than this (Asterisk's `penaltymemberslimit`); 0 by default. */
  readonly penaltyMembersLimit?: number;
  /** The queue's whole member count, for `penaltyMembersLimit`. */
  readonly memberCount: number;
  /** Uniform in [0, 1). */
  readonly random: () => number;
}

const PENALTY_WEIGHT = 1_000_000;
/** Added to the positions before a cursor, so they come after the ones from it (members per queue stay far below it). */
const WRAP = 100_000;
/** Range of the random strategies' draws. */
const DRAW = 1000;

function cursorMetric(position: number, cursor: number): number {
  return position < cursor ? WRAP + position : position;
}

function strategyMetric<Id>(strategy: QueueStrategy, candidate: RingCandidate<Id>, context: StrategyContext): number {
  switch (strategy) {
    case 'ringall':
      return 0;
    case 'linear':
      return cursorMetric(candidate.position, context.callCursor);
    case 'rrmemory':
      return cursorMetric(candidate.position, context.queueCursor);
    case 'random':
      return Math.floor(context.random() * DRAW);
    case 'wrandom':
      return Math.floor(context.random() * (1 + Math.max(0, candidate.penalty)) * DRAW);
    case 'fewestcalls':
      return candidate.callsCompleted;
    case 'leastrecent':
      // Never called first; then the longest since the last call. Seconds, capped below the penalty weight.
      return candidate.lastCallEndedAtMs === undefined ? 0 : Math.max(1, PENALTY_WEIGHT - 1 - Math.floor((context.nowMs - candidate.lastCallEndedAtMs) / 1000));
  }
}

/** The members to ring now: all the best for `ringall`, the best one otherwise; none without candidates. */
export function chooseMembers<Id>(strategy: QueueStrategy, candidates: readonly RingCandidate<Id>[], context: StrategyContext): readonly Id[] {
  const usePenalty = strategy !== 'wrandom' && context.memberCount > (context.penaltyMembersLimit ?? 0);
  const ranked = [...candidates]
    .sort((left, right) => left.position - right.position)
    .map((candidate) => ({ candidate, metric: strategyMetric(strategy, candidate, context) + (usePenalty ? Math.max(0, candidate.penalty) * PENALTY_WEIGHT : 0) }));
  if (ranked.length === 0) return [];
  const best = Math.min(...ranked.map((entry) => entry.metric));
  const winners = ranked.filter((entry) => entry.metric === best).map((entry) => entry.candidate.id);
  return strategy === 'ringall' ? winners : winners.slice(0, 1);
}

/** The cursor after ringing the member at `position`: the next position (`linear` per call, `rrmemory` per queue). */
export function cursorAfter(position: number): number {
  return position + 1;
}
