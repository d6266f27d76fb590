/**
 * The queue machine (seed CC-02..CC-05): calls enter (or are diverted or refused), wait, are
 * offered to members, are answered, abandoned, or leave on the queue's timeout or when it empties.
 *
 * @remarks
 * Pure (`transition(snapshot, message, env)`); the distribution is in `queue-distribution.ts`.
 * Timers: `member.<offerId>` ends an attempt nobody answered (`RINGNOANSWER` for each member that
 * rang), after which the call pauses `retrySeconds` (`retry.<callId>`) before its next attempt;
 * `timeout.<callId>` is the queue time: with `timeoutPriority: dialplan` it ends the call's stay at
 * once, with `configuration` it lets the attempt in progress finish first (seed CC-03). A granted
 * reservation that no longer matches an attempt (the call left meanwhile) is released at once, so
 * no agent stays held by a call that is gone.
 */
import { handled, ignored, type KernelMessage, type Transition } from '../kernel/index.ts';
import { admitCall, nextWaitEstimate, queueIsEmpty, type MemberAvailability } from './queue-admission.ts';
import { advanceCursors, distribute, memberTimer, offeredMembers, queueTimer, replaceCall, retryTimer, RULES_TIMER, updateMember, withoutAttempt, type Effect, type QueueEnv, type Step } from './queue-distribution.ts';
import type { QueueLogEvent } from './queue-log.ts';
import type { QueueEnterReply, QueueMessage } from './queue-messages.ts';
import type { QueueSnapshot, WaitingCall } from './queue-snapshot.ts';

type Result = Transition<QueueSnapshot, Effect>;

const log = (...entries: QueueLogEvent[]): Effect => ({ type: 'queue.log', entries });
const seconds = (fromMs: number, toMs: number): number => Math.max(0, Math.round((toMs - fromMs) / 1000));

function availability(snapshot: QueueSnapshot): MemberAvailability[] {
  return snapshot.members
    .filter((member) => member.loggedIn)
    .map((member) => ({ state: member.available ? 'available' : 'inuse', paused: member.paused, inWrapup: false, penaltyOutOfRange: false }));
}

function then(step: Step, more: (snapshot: QueueSnapshot) => Step): Step {
  const after = more(step.snapshot);
  return { snapshot: after.snapshot, effects: [...step.effects, ...after.effects] };
}

/** Withdraws a call's attempt: its ringing members stop ringing, every member's reservation is released. */
function withdrawAttempt(snapshot: QueueSnapshot, call: WaitingCall): Step {
  const { attempt } = call;
  if (attempt === undefined) return { snapshot, effects: [] };
  const effects: Effect[] = [{ type: 'timer.cancel', name: memberTimer(attempt.offerId) }];
  if (attempt.ringing.length > 0) effects.push({ type: 'queue.stop_ringing', callId: call.callId, offerId: attempt.offerId, memberIds: attempt.ringing });
  for (const memberId of [...attempt.ringing, ...attempt.pending]) effects.push({ type: 'queue.release', offerId: attempt.offerId, memberId, outcome: 'withdrawn' });
  return { snapshot: replaceCall(snapshot, withoutAttempt(call)), effects };
}

/** Takes a call out of the waiting list, with its timers. */
function removeCall(snapshot: QueueSnapshot, callId: string): Step {
  return {
    snapshot: { ...snapshot, waiting: snapshot.waiting.filter((call) => call.callId !== callId) },
    effects: [{ type: 'timer.cancel', name: retryTimer(callId) }, { type: 'timer.cancel', name: queueTimer(callId) }],
  };
}

function positionOf(snapshot: QueueSnapshot, callId: string): number {
  return snapshot.waiting.findIndex((call) => call.callId === callId) + 1;
}

/** The call leaves without an answer: its row, its exit, and the next distribution. */
function leave(snapshot: QueueSnapshot, call: WaitingCall, event: 'ABANDON' | 'EXITWITHTIMEOUT' | 'EXITEMPTY', env: QueueEnv): Step {
  const row: QueueLogEvent = { event, callId: call.callId, queue: snapshot.name, position: positionOf(snapshot, call.callId), originalPosition: call.originalPosition, waitSeconds: seconds(call.enteredAtMs, env.now) };
  const exit: Effect[] = event === 'ABANDON' ? [] : [{ type: 'queue.exit', callId: call.callId, status: event === 'EXITWITHTIMEOUT' ? 'timeout' : 'leaveempty' }];
  const withdrawn = withdrawAttempt(snapshot, call);
  const removed = then(withdrawn, (current) => removeCall(current, call.callId));
  return then({ snapshot: removed.snapshot, effects: [...removed.effects, log(row), ...exit] }, (current) => distribute(current, env));
}

/** leavewhenempty: when no member can take calls any more, every waiting call leaves. */
function leaveWhenEmpty(snapshot: QueueSnapshot, env: QueueEnv): Step {
  const conditions = new Set(snapshot.settings.leaveWhenEmpty);
  if (snapshot.waiting.length === 0 || !queueIsEmpty(availability(snapshot), conditions)) return { snapshot, effects: [] };
  let step: Step = { snapshot, effects: [] };
  for (const call of snapshot.waiting) {
    const current = step.snapshot.waiting.find((waiting) => waiting.callId === call.callId);
    if (current !== undefined) step = then(step, (state) => leave(state, current, 'EXITEMPTY', env));
  }
  return step;
}

function enter(snapshot: QueueSnapshot, message: Extract<QueueMessage, { type: 'queue.enter' }>, env: QueueEnv): Result {
  if (snapshot.waiting.some((call) => call.callId === message.callId)) return ignored(`call ${message.callId} already waits`);
  const { settings } = snapshot;
  const admission = admitCall(
    { ...(settings.waitTimeThreshold === undefined ? {} : { waitTimeThreshold: settings.waitTimeThreshold }), ...(settings.waitRatioThreshold === undefined ? {} : { waitRatioThreshold: settings.waitRatioThreshold }), joinEmpty: new Set(settings.joinEmpty), maxLength: settings.maxLength },
    { waitingCalls: snapshot.waiting.length, estimatedWaitSeconds: snapshot.waitEstimateSeconds, loggedInMembers: snapshot.members.filter((member) => member.loggedIn).length, members: availability(snapshot) },
  );
  if (admission.type !== 'enter') {
    const event = { divert_waittime: 'DIVERT_HOLDTIME', divert_ca_ratio: 'DIVERT_CA_RATIO', joinempty: 'JOINEMPTY', full: 'FULL' } as const;
    const reply: QueueEnterReply = { type: 'queue.not_entered', status: admission.status };
    return handled(snapshot, [log({ event: event[admission.status], callId: message.callId, queue: snapshot.name }), { type: 'reply', reply }]);
  }
  const position = snapshot.waiting.length + 1;
  const call: WaitingCall = {
    callId: message.callId,
    enteredAtMs: env.now,
    originalPosition: position,
    callerIdNumber: message.callerIdNumber,
    ...(message.skillRules === undefined ? {} : { skillRules: message.skillRules }),
    metaVariables: message.metaVariables ?? {},
    linearCursor: 0,
  };
  const entered: Effect[] = [
    log({ event: 'ENTERQUEUE', callId: call.callId, queue: snapshot.name, callerIdNumber: call.callerIdNumber, position }),
    ...(settings.queueTimeoutSeconds > 0 ? [{ type: 'timer.start' as const, name: queueTimer(call.callId), delayMs: settings.queueTimeoutSeconds * 1000 }] : []),
    { type: 'reply', reply: { type: 'queue.entered', position } satisfies QueueEnterReply },
  ];
  const step = distribute({ ...snapshot, waiting: [...snapshot.waiting, call] }, env);
  return handled(step.snapshot, [...entered, ...step.effects]);
}

function callOfOffer(snapshot: QueueSnapshot, offerId: string): WaitingCall | undefined {
  return snapshot.waiting.find((call) => call.attempt?.offerId === offerId);
}

function onReservation(snapshot: QueueSnapshot, message: Extract<QueueMessage, { type: 'queue.reservation' }>, env: QueueEnv): Result {
  const call = callOfOffer(snapshot, message.offerId);
  const attempt = call?.attempt;
  if (call === undefined || attempt === undefined || !attempt.pending.includes(message.memberId)) {
    // A reservation for an offer that is over: give the member back at once.
    return message.granted ? handled(snapshot, [{ type: 'queue.release', offerId: message.offerId, memberId: message.memberId, outcome: 'withdrawn' }]) : ignored(`refusal of a finished offer ${message.offerId}`);
  }
  const pending = attempt.pending.filter((memberId) => memberId !== message.memberId);
  const unavailable = updateMember(snapshot, message.memberId, { available: false });
  if (message.granted) {
    const next = replaceCall(unavailable, { ...call, attempt: { ...attempt, pending, ringing: [...attempt.ringing, message.memberId], ringingSinceMs: { ...attempt.ringingSinceMs, [message.memberId]: env.now } } });
    return handled(next, [{ type: 'queue.ring', callId: call.callId, offerId: attempt.offerId, memberIds: [message.memberId] }]);
  }
  if (pending.length > 0 || attempt.ringing.length > 0) return handled(replaceCall(unavailable, { ...call, attempt: { ...attempt, pending } }));
  // Nobody left in this attempt: try other members at once (the refusal is not a ring timeout).
  const cleared = replaceCall(unavailable, withoutAttempt(call));
  const step = distribute(cleared, env);
  return handled(step.snapshot, [{ type: 'timer.cancel', name: memberTimer(attempt.offerId) }, ...step.effects]);
}

/** An attempt ended unanswered: pause before the next one, or leave if the queue time is over. */
function attemptUnanswered(snapshot: QueueSnapshot, call: WaitingCall, env: QueueEnv, rows: readonly QueueLogEvent[]): Result {
  const { attempt } = call;
  if (attempt === undefined) return ignored('no attempt');
  const withdrawn = withdrawAttempt(snapshot, call);
  const advanced = advanceCursors(withdrawn.snapshot, withoutAttempt(call), [...attempt.ringing, ...attempt.pending]);
  const effects: Effect[] = [...(rows.length === 0 ? [] : [log(...rows)]), ...withdrawn.effects];
  if (call.timedOut === true) {
    const step = leave(replaceCall(advanced.snapshot, advanced.call), advanced.call, 'EXITWITHTIMEOUT', env);
    return handled(step.snapshot, [...effects, ...step.effects]);
  }
  const retrySeconds = snapshot.settings.retrySeconds;
  const waiting: WaitingCall = retrySeconds > 0 ? { ...advanced.call, retryAtMs: env.now + retrySeconds * 1000 } : advanced.call;
  const step = distribute(replaceCall(advanced.snapshot, waiting), env);
  return handled(step.snapshot, [...effects, ...(retrySeconds > 0 ? [{ type: 'timer.start' as const, name: retryTimer(call.callId), delayMs: retrySeconds * 1000 }] : []), ...step.effects]);
}

function onMemberTimeout(snapshot: QueueSnapshot, offerId: string, env: QueueEnv): Result {
  const call = callOfOffer(snapshot, offerId);
  if (call?.attempt === undefined) return ignored(`member timeout of a finished offer ${offerId}`);
  const { attempt } = call;
  const rows: QueueLogEvent[] = attempt.ringing.map((memberId) => ({
    event: 'RINGNOANSWER',
    callId: call.callId,
    queue: snapshot.name,
    agent: snapshot.members.find((member) => member.memberId === memberId)?.name ?? memberId,
    ringMs: Math.max(0, env.now - (attempt.ringingSinceMs[memberId] ?? attempt.startedAtMs)),
  }));
  return attemptUnanswered(snapshot, call, env, rows);
}

function onAnswered(snapshot: QueueSnapshot, message: Extract<QueueMessage, { type: 'queue.answered' }>, env: QueueEnv): Result {
  const call = snapshot.waiting.find((waiting) => waiting.callId === message.callId);
  const attempt = call?.attempt;
  if (call === undefined || attempt?.offerId !== message.offerId || !attempt.ringing.includes(message.memberId)) return ignored(`answer of ${message.memberId} outside offer ${message.offerId}`);
  const member = snapshot.members.find((candidate) => candidate.memberId === message.memberId);
  const holdSeconds = seconds(call.enteredAtMs, env.now);
  const others = attempt.ringing.filter((memberId) => memberId !== message.memberId);
  const effects: Effect[] = [
    { type: 'timer.cancel', name: memberTimer(attempt.offerId) },
    ...(others.length > 0 ? [{ type: 'queue.stop_ringing' as const, callId: call.callId, offerId: attempt.offerId, memberIds: others }] : []),
    ...[...others, ...attempt.pending].map((memberId): Effect => ({ type: 'queue.release', offerId: attempt.offerId, memberId, outcome: 'withdrawn' })),
    { type: 'queue.release', offerId: attempt.offerId, memberId: message.memberId, outcome: 'answered' },
    log({ event: 'CONNECT', callId: call.callId, queue: snapshot.name, agent: member?.name ?? message.memberId, holdSeconds, memberChannelId: attempt.offerId, ringSeconds: seconds(attempt.ringingSinceMs[message.memberId] ?? attempt.startedAtMs, env.now) }),
  ];
  const advanced = advanceCursors(snapshot, call, [message.memberId]);
  const removed = removeCall(advanced.snapshot, call.callId);
  const connected = {
    ...removed.snapshot,
    waitEstimateSeconds: nextWaitEstimate(snapshot.waitEstimateSeconds, holdSeconds),
    connected: [...removed.snapshot.connected, { callId: call.callId, memberId: message.memberId, memberName: member?.name ?? message.memberId, holdSeconds, originalPosition: call.originalPosition, answeredAtMs: env.now }],
  };
  const step = distribute(connected, env);
  return handled(step.snapshot, [...effects, ...removed.effects, ...step.effects]);
}

function onRingFailed(snapshot: QueueSnapshot, message: Extract<QueueMessage, { type: 'queue.ring_failed' }>, env: QueueEnv): Result {
  const call = snapshot.waiting.find((waiting) => waiting.callId === message.callId);
  const attempt = call?.attempt;
  if (call === undefined || attempt?.offerId !== message.offerId || !attempt.ringing.includes(message.memberId)) return ignored(`failure of ${message.memberId} outside offer ${message.offerId}`);
  const release: Effect = { type: 'queue.release', offerId: attempt.offerId, memberId: message.memberId, outcome: 'withdrawn' };
  const ringing = attempt.ringing.filter((memberId) => memberId !== message.memberId);
  if (ringing.length > 0 || attempt.pending.length > 0) return handled(replaceCall(snapshot, { ...call, attempt: { ...attempt, ringing } }), [release]);
  const result = attemptUnanswered(replaceCall(snapshot, { ...call, attempt: { ...attempt, ringing: [] } }), { ...call, attempt: { ...attempt, ringing: [] } }, env, []);
  return result.type === 'handled' ? handled(result.snapshot, [release, ...result.effects]) : result;
}

function onQueueTimeout(snapshot: QueueSnapshot, callId: string, env: QueueEnv): Result {
  const call = snapshot.waiting.find((waiting) => waiting.callId === callId);
  if (call === undefined) return ignored(`queue timeout of a call gone ${callId}`);
  if (call.attempt !== undefined && snapshot.settings.timeoutPriority === 'configuration') return handled(replaceCall(snapshot, { ...call, timedOut: true }));
  const step = leave(snapshot, call, 'EXITWITHTIMEOUT', env);
  return handled(step.snapshot, step.effects);
}

function onMemberState(snapshot: QueueSnapshot, message: Extract<QueueMessage, { type: 'queue.member_state' }>, env: QueueEnv): Result {
  const member = snapshot.members.find((candidate) => candidate.memberId === message.memberId);
  if (member === undefined) return ignored(`state of a non-member ${message.memberId}`);
  let step: Step = {
    snapshot: updateMember(snapshot, message.memberId, {
      ...(message.loggedIn === undefined ? {} : { loggedIn: message.loggedIn }),
      ...(message.available === undefined ? {} : { available: message.available }),
      ...(message.paused === undefined ? {} : { paused: message.paused }),
    }),
    effects: [],
  };
  if (message.loggedIn === false) step = then(step, (current) => dropPending(current, message.memberId, env));
  step = then(step, (current) => leaveWhenEmpty(current, env));
  step = then(step, (current) => distribute(current, env));
  return handled(step.snapshot, step.effects);
}

/** A member who logged out is no longer waited for in an attempt's reservations. */
function dropPending(snapshot: QueueSnapshot, memberId: string, env: QueueEnv): Step {
  const call = snapshot.waiting.find((waiting) => waiting.attempt?.pending.includes(memberId) === true);
  if (call?.attempt === undefined) return { snapshot, effects: [] };
  const attempt = { ...call.attempt, pending: call.attempt.pending.filter((pending) => pending !== memberId) };
  const release: Effect = { type: 'queue.release', offerId: attempt.offerId, memberId, outcome: 'withdrawn' };
  if (attempt.pending.length > 0 || attempt.ringing.length > 0) return { snapshot: replaceCall(snapshot, { ...call, attempt }), effects: [release] };
  const step = distribute(replaceCall(snapshot, withoutAttempt(call)), env);
  return { snapshot: step.snapshot, effects: [release, { type: 'timer.cancel', name: memberTimer(attempt.offerId) }, ...step.effects] };
}

function onMembers(snapshot: QueueSnapshot, message: Extract<QueueMessage, { type: 'queue.members' }>, env: QueueEnv): Result {
  const known = new Map(snapshot.members.map((member) => [member.memberId, member]));
  const members = message.members.map((config) => {
    const current = known.get(config.memberId);
    return current === undefined ? { ...config, loggedIn: config.kind === 'user', available: config.kind === 'user', paused: false, callsCompleted: 0 } : { ...current, ...config };
  });
  let step: Step = { snapshot: { ...snapshot, members }, effects: [] };
  const offered = offeredMembers(snapshot);
  for (const memberId of offered) if (!members.some((member) => member.memberId === memberId)) step = then(step, (current) => dropPending(current, memberId, env));
  step = then(step, (current) => leaveWhenEmpty(current, env));
  step = then(step, (current) => distribute(current, env));
  return handled(step.snapshot, step.effects);
}

function onConnectedEnded(snapshot: QueueSnapshot, message: Extract<QueueMessage, { type: 'queue.connected_ended' }>, env: QueueEnv): Result {
  const connected = snapshot.connected.find((call) => call.callId === message.callId);
  if (connected === undefined) return ignored(`end of a call not connected here ${message.callId}`);
  const member = snapshot.members.find((candidate) => candidate.memberId === connected.memberId);
  const next: QueueSnapshot = {
    ...(member === undefined ? snapshot : updateMember(snapshot, member.memberId, { callsCompleted: member.callsCompleted + 1, lastCallEndedAtMs: env.now })),
    connected: snapshot.connected.filter((call) => call.callId !== message.callId),
  };
  const event = message.by === 'agent' ? 'COMPLETEAGENT' : 'COMPLETECALLER';
  return handled(next, [log({ event, callId: connected.callId, queue: snapshot.name, agent: connected.memberName, holdSeconds: connected.holdSeconds, talkSeconds: seconds(connected.answeredAtMs, env.now), originalPosition: connected.originalPosition })]);
}

function onTimer(snapshot: QueueSnapshot, name: string, env: QueueEnv): Result {
  if (name.startsWith('member.')) return onMemberTimeout(snapshot, name.slice('member.'.length), env);
  if (name.startsWith('timeout.')) return onQueueTimeout(snapshot, name.slice('timeout.'.length), env);
  if (name.startsWith('retry.') || name === RULES_TIMER) {
    const callId = name.startsWith('retry.') ? name.slice('retry.'.length) : undefined;
    const cleared = callId === undefined ? snapshot : { ...snapshot, waiting: snapshot.waiting.map((call) => (call.callId === callId ? (({ retryAtMs: _retry, ...rest }) => rest)(call) : call)) };
    const step = distribute(cleared, env);
    return handled(step.snapshot, step.effects);
  }
  return ignored(`timer ${name}`);
}

/** The queue machine. */
export const queueMachine = {
  transition(snapshot: QueueSnapshot, message: QueueMessage | KernelMessage, env: QueueEnv): Result {
    switch (message.type) {
      case 'sys.timer.fired':
        return onTimer(snapshot, message.name, env);
      case 'queue.enter':
        return enter(snapshot, message, env);
      case 'queue.abandon': {
        const call = snapshot.waiting.find((waiting) => waiting.callId === message.callId);
        if (call === undefined) return ignored(`abandon of a call not waiting ${message.callId}`);
        const step = leave(snapshot, call, 'ABANDON', env);
        return handled(step.snapshot, step.effects);
      }
      case 'queue.member_state':
        return onMemberState(snapshot, message, env);
      case 'queue.members':
        return onMembers(snapshot, message, env);
      case 'queue.settings': {
        const step = distribute({ ...snapshot, settings: message.settings }, env);
        return handled(step.snapshot, step.effects);
      }
      case 'queue.reservation':
        return onReservation(snapshot, message, env);
      case 'queue.answered':
        return onAnswered(snapshot, message, env);
      case 'queue.ring_failed':
        return onRingFailed(snapshot, message, env);
      case 'queue.connected_ended':
        return onConnectedEnded(snapshot, message, env);
    }
  },
};
