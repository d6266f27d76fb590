/**
 * Whether a call may enter a queue (seed CC-04, CC-05), checked once, before it enters.
 *
 * @remarks
 * In order:
 * 1. Diversions (CC-05), unless no call is waiting (the empty-queue exemption: then the call always
 *    enters whatever the thresholds): `wait_time_threshold` against the estimated waiting time,
 *    then `wait_ratio_threshold` against `(waiting + 1) / logged-in members` (the call being
 *    checked counts; members count whatever their state; strictly greater diverts, as the seed's
 *    0.5 example shows; no logged-in member is an infinite ratio). Both compare with `>`.
 * 2. `joinempty` (CC-04 `fail_destination`, queue_log `JOINEMPTY`): the call is refused when no
 *    member can take calls, where "cannot" is what the option lists (Asterisk's
 *    `parse_empty_options`: `paused`, `penalty`, `inuse`, `ringing`, `invalid`, `wrapup`,
 *    `unavailable`, `unknown`, or the shorthands `loose`, `strict`, `yes` (no condition: join
 *    even an empty queue), `no`). A queue without members is empty whenever any condition is set.
 * 3. `maxlen` (CC-04 `congestion_destination`, queue_log `FULL`): refused when that many calls wait.
 * The estimated waiting time is the exponential smoothing of the hold time of answered calls,
 * `(3 × previous + new) / 4` as Asterisk, updated on answers only. Pure.
 */

/** A member state that can make a queue count as empty. */
export type EmptyCondition = 'paused' | 'penalty' | 'inuse' | 'ringing' | 'invalid' | 'wrapup' | 'unavailable' | 'unknown';

/** What `joinempty` / `leavewhenempty` look at. */
export type EmptyConditions = ReadonlySet<EmptyCondition>;

const LOOSE: readonly EmptyCondition[] = ['penalty', 'invalid'];
const STRICT: readonly EmptyCondition[] = ['penalty', 'invalid', 'paused', 'unavailable'];
/** `joinempty = no` / `leavewhenempty = yes`. */
const DEFAULT_SET: readonly EmptyCondition[] = ['penalty', 'invalid', 'paused'];
const NAMED: ReadonlySet<string> = new Set(['paused', 'penalty', 'inuse', 'ringing', 'invalid', 'wrapup', 'unavailable', 'unknown']);
const TRUE_WORDS = new Set(['yes', 'true', 'y', 't', '1', 'on']);
const FALSE_WORDS = new Set(['no', 'false', 'n', 'f', '0', 'off']);

/** The outcome of {@link parseEmptyConditions}. */
export type ParsedEmptyConditions = { readonly type: 'ok'; readonly conditions: EmptyConditions } | { readonly type: 'error'; readonly reason: string };

/** Reads a `joinempty` (or, with `option: 'leavewhenempty'`, a `leavewhenempty`) value; an unknown word is an error. */
export function parseEmptyConditions(text: string, option: 'joinempty' | 'leavewhenempty'): ParsedEmptyConditions {
  let conditions = new Set<EmptyCondition>();
  for (const raw of text.split(',')) {
    const word = raw.trim().toLowerCase();
    if (word === '') continue;
    if (NAMED.has(word)) conditions.add(word as EmptyCondition);
    else if (word === 'loose') conditions = new Set(LOOSE);
    else if (word === 'strict') conditions = new Set(STRICT);
    else if ((FALSE_WORDS.has(word) && option === 'joinempty') || (TRUE_WORDS.has(word) && option === 'leavewhenempty')) conditions = new Set(DEFAULT_SET);
    else if (FALSE_WORDS.has(word) || TRUE_WORDS.has(word)) conditions = new Set();
    else return { type: 'error', reason: `${option}: unknown condition ${JSON.stringify(raw.trim())}` };
  }
  return { type: 'ok', conditions };
}

/** A member as the empty check sees it. */
export interface MemberAvailability {
  readonly state: 'available' | 'inuse' | 'ringing' | 'unavailable' | 'invalid' | 'unknown';
  readonly paused: boolean;
  readonly inWrapup: boolean;
  /** Outside the call's penalty bounds. */
  readonly penaltyOutOfRange: boolean;
}

/** Whether no member can take calls under `conditions` (a queue without members is empty when any is set). */
export function queueIsEmpty(members: readonly MemberAvailability[], conditions: EmptyConditions): boolean {
  if (conditions.size === 0) return false;
  return !members.some(
    (member) =>
      !(conditions.has('penalty') && member.penaltyOutOfRange) &&
      !(conditions.has('paused') && member.paused) &&
      !(conditions.has('wrapup') && member.inWrapup) &&
      !(member.state !== 'available' && conditions.has(member.state)),
  );
}

/** The queue's settings the admission reads. */
export interface AdmissionSettings {
  /** Seconds; no diversion on waiting time when absent. */
  readonly waitTimeThreshold?: number;
  /** Waiting calls per logged-in member; no diversion on the ratio when absent. */
  readonly waitRatioThreshold?: number;
  readonly joinEmpty: EmptyConditions;
  /** Most waiting calls; 0 for no limit. */
  readonly maxLength: number;
}

/** The queue as the call arrives. */
export interface QueueLoad {
  readonly waitingCalls: number;
  /** The estimated waiting time, seconds (0 before any answer). */
  readonly estimatedWaitSeconds: number;
  /** Members logged in (users always; agents logged in), whatever their state. */
  readonly loggedInMembers: number;
  readonly members: readonly MemberAvailability[];
}

/** Where the call goes: into the queue, or out by a diversion or a refusal (with its stat status). */
export type Admission =
  | { readonly type: 'enter' }
  | { readonly type: 'divert'; readonly status: 'divert_waittime' | 'divert_ca_ratio' }
  | { readonly type: 'refuse'; readonly status: 'joinempty' | 'full' };

/** Decides whether the call enters. */
export function admitCall(settings: AdmissionSettings, load: QueueLoad): Admission {
  if (load.waitingCalls > 0) {
    if (settings.waitTimeThreshold !== undefined && load.estimatedWaitSeconds > settings.waitTimeThreshold) return { type: 'divert', status: 'divert_waittime' };
    if (settings.waitRatioThreshold !== undefined) {
      const ratio = load.loggedInMembers === 0 ? Number.POSITIVE_INFINITY : (load.waitingCalls + 1) / load.loggedInMembers;
      if (ratio > settings.waitRatioThreshold) return { type: 'divert', status: 'divert_ca_ratio' };
    }
  }
  if (queueIsEmpty(load.members, settings.joinEmpty)) return { type: 'refuse', status: 'joinempty' };
  if (settings.maxLength > 0 && load.waitingCalls >= settings.maxLength) return { type: 'refuse', status: 'full' };
  return { type: 'enter' };
}

/** The estimated waiting time after a member answered a call that waited `holdSeconds`. */
export function nextWaitEstimate(previousSeconds: number, holdSeconds: number): number {
  return (3 * previousSeconds + holdSeconds) / 4;
}
