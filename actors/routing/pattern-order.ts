/**
 * The order in which Asterisk sorts the extensions of a context, and the best match it implies.
 *
 * @remarks
 * Asterisk keeps a context's extensions sorted "most specific first" and routes a dialed string to
 * the first one that matches. The rule (Asterisk `main/pbx.c`, `ext_cmp` and
 * `ext_cmp_pattern_pos`; the wiki page "Pattern Matching",
 * https://docs.asterisk.org/Configuration/Dialplan/Pattern-Matching/):
 *
 * 1. Every literal extension sorts before every pattern; two literals compare character by
 *    character (a prefix first: `100` before `1000`).
 * 2. Two patterns compare position by position. Each position scores
 *    `members × 256 + lowest member` for a class (a literal character is a class of one, so it
 *    beats any larger class; `N` (8) before `Z` (9) before `X` (10); `[12]` before `X`, but `X`
 *    before `[1-2a-z]`), then `.` (one or more), then `!` (zero or more), then the end of the
 *    pattern, which sorts last of all.
 * 3. Two classes with the same score order by their members: the one holding the lowest character
 *    the other lacks comes first (`[234]` before `[345]`, "ASCII order").
 *
 * Two patterns that compare equal hold the same classes at every position, so they match the same
 * strings; {@link bestMatch} then needs a tie-breaker to stay independent of list order.
 *
 * Note the Asterisk quirk kept here: since the end of a pattern sorts after `!`, `_1!` sorts before
 * `_1` and wins for the dialed `1`.
 */
import type { ExtensionPattern, PatternElement } from './extension-pattern.ts';
import { matchPattern } from './extension-pattern.ts';

const CLASS_SIZE_WEIGHT = 0x100;
const ONE_OR_MORE_SCORE = 0x18000;
const ZERO_OR_MORE_SCORE = 0x28000;
const END_OF_PATTERN_SCORE = 0x30000;

function positionScore(element: PatternElement | undefined): number {
  if (element === undefined) return END_OF_PATTERN_SCORE;
  if (element.type === 'one-or-more') return ONE_OR_MORE_SCORE;
  if (element.type === 'zero-or-more') return ZERO_OR_MORE_SCORE;
  return element.members.length * CLASS_SIZE_WEIGHT + (element.members[0] ?? 0);
}

/** Same-score classes: the one holding the lowest character the other lacks sorts first. */
function compareMembers(left: readonly number[], right: readonly number[]): number {
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index += 1) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return Math.sign(left.length - right.length);
}

function comparePosition(left: PatternElement | undefined, right: PatternElement | undefined): number {
  const scoreDifference = positionScore(left) - positionScore(right);
  if (scoreDifference !== 0) return Math.sign(scoreDifference);
  if (left?.type === 'class' && right?.type === 'class') return compareMembers(left.members, right.members);
  return 0;
}

function compareElements(left: readonly PatternElement[], right: readonly PatternElement[]): number {
  const length = Math.max(left.length, right.length);
  for (let index = 0; index < length; index += 1) {
    const order = comparePosition(left[index], right[index]);
    if (order !== 0) return order;
  }
  return 0;
}

function compareLiterals(left: string, right: string): number {
  if (left === right) return 0;
  return left < right ? -1 : 1;
}

/**
 * Compares two compiled extensions in Asterisk's sort order: negative when `left` is more specific
 * (sorts first), positive when `right` is, zero when they are equivalent.
 *
 * @remarks
 * The rule and its Asterisk reference are in the module summary. The order is total over compiled
 * extensions and consistent: zero means the two match exactly the same dialed strings.
 */
export function comparePatterns(left: ExtensionPattern, right: ExtensionPattern): number {
  if (left.type === 'literal') return right.type === 'literal' ? compareLiterals(left.normalized, right.normalized) : -1;
  if (right.type === 'literal') return 1;
  return compareElements(left.elements, right.elements);
}

/** Something that carries a compiled extension, such as a dialplan extension. */
export interface PatternCandidate {
  readonly pattern: ExtensionPattern;
}

/**
 * Picks, among `candidates`, the one Asterisk would route `dialed` to: the first matching
 * candidate in {@link comparePatterns} order.
 *
 * @remarks
 * Equivalent patterns (`_X` and `_[0-9]`) compare equal; `tieBreak` orders them so that the result
 * does not depend on the order of `candidates` (the routing table breaks ties by extension id).
 * Without it, the earliest listed wins. Returns `undefined` when nothing matches.
 */
export function bestMatch<Candidate extends PatternCandidate>(
  candidates: readonly Candidate[],
  dialed: string,
  tieBreak: (left: Candidate, right: Candidate) => number = () => 0,
): Candidate | undefined {
  let best: Candidate | undefined;
  for (const candidate of candidates) {
    if (!matchPattern(candidate.pattern, dialed)) continue;
    if (best === undefined) {
      best = candidate;
      continue;
    }
    const order = comparePatterns(candidate.pattern, best.pattern) || tieBreak(candidate, best);
    if (order < 0) best = candidate;
  }
  return best;
}
