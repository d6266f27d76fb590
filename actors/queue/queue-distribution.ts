/**
 * How a queue offers its waiting calls to its members (seed CC-02, CC-03, CC-07/08).
 *
 * @remarks
 * Calls are served in order of arrival, each to the members its strategy chooses among those that
 * can ring now (logged in, available, unpaused, not already offered another call of this queue) —
 * every waiting call gets its own attempt when enough members are free (Asterisk's `autofill`).
 * A call with skill rules only reaches the members of the rule that applies to it, tried against
 * the logged-in members whatever their state (D-096): while that rule's members are busy the call
 * waits, and it is looked at again every second so a rule whose `WT` condition lapses gives way to
 * the next. An attempt first asks each chosen member for a reservation (`queue.offer`); a member
 * that grants it rings (`queue.ring`), one that refuses is left out until it reports itself
 * available again. Every attempt ends by an answer, by its member timeout (`member.<offerId>`),
 * or when none of its members is left. Pure.
 */
import type { KernelEffect, MachineEnv } from '../kernel/index.ts';
import type { QueueEffect } from './queue-messages.ts';
import type { QueueAttempt, QueueMember, QueueSnapshot, WaitingCall } from './queue-snapshot.ts';
import { applySkillRules } from './skill-rule-evaluation.ts';
import { chooseMembers, cursorAfter, type RingCandidate } from './queue-strategy.ts';

export type QueueEnv = MachineEnv<Record<never, never>>;
export type Effect = QueueEffect | KernelEffect;
export interface Step {
  readonly snapshot: QueueSnapshot;
  readonly effects: readonly Effect[];
}

export const memberTimer = (offerId: string): string => `member.${offerId}`;
export const retryTimer = (callId: string): string => `retry.${callId}`;
export const queueTimer = (callId: string): string => `timeout.${callId}`;
/** Re-examines calls waiting on skill rules every second. */
export const RULES_TIMER = 'rules';

/** One draw of the queue's generator (mulberry32): a value in [0, 1) and the next state. */
export function draw(state: number): { readonly value: number; readonly state: number } {
  const next = (state + 0x6d2b79f5) >>> 0;
  let mixed = next;
  mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
  mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
  return { value: ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296, state: next };
}

/** Members held by an attempt of this queue. */
export function offeredMembers(snapshot: QueueSnapshot): Set<string> {
  return new Set(snapshot.waiting.flatMap((call) => (call.attempt === undefined ? [] : [...call.attempt.pending, ...call.attempt.ringing])));
}

export function replaceCall(snapshot: QueueSnapshot, call: WaitingCall): QueueSnapshot {
  return { ...snapshot, waiting: snapshot.waiting.map((current) => (current.callId === call.callId ? call : current)) };
}

export function updateMember(snapshot: QueueSnapshot, memberId: string, change: Partial<QueueMember>): QueueSnapshot {
  return { ...snapshot, members: snapshot.members.map((member) => (member.memberId === memberId ? { ...member, ...change } : member)) };
}

export function withoutAttempt(call: WaitingCall): WaitingCall {
  const { attempt: _attempt, ...rest } = call;
  return rest;
}

function candidate(member: QueueMember): RingCandidate<string> {
  return { id: member.memberId, position: member.position, penalty: member.penalty, callsCompleted: member.callsCompleted, ...(member.lastCallEndedAtMs === undefined ? {} : { lastCallEndedAtMs: member.lastCallEndedAtMs }) };
}

/**
 * The members a call's skill rules allow now; all (undefined) when it has none; none when no rule
 * applies. A call already distributed stays on the members its rule selected while one of them
 * can take it.
 */
function allowedBySkills(snapshot: QueueSnapshot, call: WaitingCall, now: number): Set<string> | undefined {
  if (call.skillRules === undefined || call.skillRules.length === 0) return undefined;
  const sticky = call.skillRuleMembers ?? [];
  const canTake = (memberId: string): boolean => snapshot.members.some((member) => member.memberId === memberId && member.loggedIn && member.available && !member.paused);
  if (sticky.some(canTake)) return new Set(sticky);
  const loggedIn = snapshot.members.filter((member) => member.loggedIn).map((member) => ({ id: member.memberId, skills: new Map(Object.entries(member.skills)) }));
  const applied = applySkillRules(call.skillRules, { dynamic: { WT: Math.floor((now - call.enteredAtMs) / 1000) }, metaVariables: call.metaVariables }, loggedIn);
  return new Set(applied?.agents ?? []);
}

/** Starts an attempt for every waiting call that can have one now. */
export function distribute(snapshot: QueueSnapshot, env: QueueEnv): Step {
  let next = snapshot;
  const effects: Effect[] = [];
  const offered = offeredMembers(snapshot);
  // The members that can ring now, shrinking as calls are offered to them: once none is left, the
  // remaining calls only need to be looked at for the skill-rule timer.
  let free = snapshot.members.filter((member) => member.loggedIn && member.available && !member.paused && !offered.has(member.memberId));
  let waitsOnRules = false;
  for (const call of snapshot.waiting) {
    if (call.attempt !== undefined || call.timedOut === true || (call.retryAtMs !== undefined && call.retryAtMs > env.now)) continue;
    if (call.skillRules !== undefined && call.skillRules.length > 0) waitsOnRules = true;
    if (free.length === 0) continue;
    const allowed = allowedBySkills(next, call, env.now);
    const eligible = allowed === undefined ? free : free.filter((member) => allowed.has(member.memberId));
    let randomState = next.randomState;
    const random = (): number => {
      const drawn = draw(randomState);
      randomState = drawn.state;
      return drawn.value;
    };
    const chosen = chooseMembers(next.settings.strategy, eligible.map(candidate), {
      nowMs: env.now,
      queueCursor: next.rrCursor,
      callCursor: call.linearCursor,
      memberCount: next.members.length,
      penaltyMembersLimit: next.settings.penaltyMembersLimit,
      random,
    });
    next = { ...next, randomState };
    if (chosen.length === 0) continue;
    const offerId = `${next.queueId}.${next.offerSequence}`;
    const attempt: QueueAttempt = { offerId, startedAtMs: env.now, pending: chosen, ringing: [], ringingSinceMs: {} };
    next = replaceCall({ ...next, offerSequence: next.offerSequence + 1 }, { ...call, attempt, ...(allowed === undefined ? {} : { skillRuleMembers: [...allowed] }) });
    for (const memberId of chosen) {
      offered.add(memberId);
      effects.push({ type: 'queue.offer', offerId, memberId, callId: call.callId });
    }
    const taken = new Set(chosen);
    free = free.filter((member) => !taken.has(member.memberId));
    effects.push({ type: 'timer.start', name: memberTimer(offerId), delayMs: next.settings.memberTimeoutSeconds * 1000 });
  }
  if (waitsOnRules) effects.push({ type: 'timer.start', name: RULES_TIMER, delayMs: 1000 });
  return { snapshot: next, effects };
}

/** The cursors after an attempt that rang `memberIds`: the next position after the last one rung. */
export function advanceCursors(snapshot: QueueSnapshot, call: WaitingCall, memberIds: readonly string[]): { readonly snapshot: QueueSnapshot; readonly call: WaitingCall } {
  const positions = snapshot.members.filter((member) => memberIds.includes(member.memberId)).map((member) => member.position);
  if (positions.length === 0) return { snapshot, call };
  const after = cursorAfter(Math.max(...positions));
  return { snapshot: snapshot.settings.strategy === 'rrmemory' ? { ...snapshot, rrCursor: after } : snapshot, call: { ...call, linearCursor: after } };
}
