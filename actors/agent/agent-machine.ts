/**
 * The agent machine (seed CC-01): logins, pauses, the reservation of ACD calls and wrap-up.
 *
 * @remarks
 * Pure (`transition(snapshot, message, env)`). The offer of a queue is answered at once by this
 * machine: reserved when the agent is idle, unpaused and on no other call, refused otherwise, so two
 * queues offering the same agent at the same moment are served one after the other by the mailbox
 * and the second is refused (`reserved`). Each change publishes what the seed's events say and
 * writes queue_log rows: `AGENTCALLBACKLOGIN`, and at log-off `AGENTCALLBACKLOGOFF`, `UNPAUSEALL` and
 * one `UNPAUSE` per queue (log-off clears the pause), `PAUSEALL`/`PAUSE` and their opposites only for
 * an agent in at least one queue (seed L1918). Logging out withdraws nothing by itself: the queue
 * that reserved the agent learns it from the refused or ended call. Wrap-up is a kernel timer
 * named `wrapup`.
 */
import { assertTransition, handled, ignored, rejected, type KernelEffect, type KernelMessage, type MachineEnv, type Transition } from '../kernel/index.ts';
import { agentInterface, type QueueLogEvent } from '../queue/index.ts';
import { AGENT_ALLOWED, type AgentState } from './agent-state.ts';
import type { AgentEffect, AgentMessage, AgentReply, OfferRefusal } from './agent-messages.ts';
import type { AgentSnapshot } from './agent-snapshot.ts';

type Env = MachineEnv<Record<never, never>>;
type Effect = AgentEffect | KernelEffect;
type Result = Transition<AgentSnapshot, Effect>;

export const WRAPUP_TIMER = 'wrapup';

function move(snapshot: AgentSnapshot, to: AgentState, changes: Partial<AgentSnapshot> = {}): AgentSnapshot {
  assertTransition('agent', AGENT_ALLOWED, snapshot.state, to);
  return { ...snapshot, ...changes, state: to };
}

function without<K extends keyof AgentSnapshot>(snapshot: AgentSnapshot, ...keys: K[]): AgentSnapshot {
  const copy: Record<string, unknown> = { ...snapshot };
  for (const key of keys) delete copy[key];
  return copy as unknown as AgentSnapshot;
}

const reply = (answer: AgentReply): KernelEffect => ({ type: 'reply', reply: answer });
const log = (...entries: QueueLogEvent[]): AgentEffect => ({ type: 'agent.queue_log', entries });
const publish = (event: Extract<AgentEffect, { type: 'agent.publish' }>['event']): AgentEffect => ({ type: 'agent.publish', event });

/** Whether the agent can take an offer now. */
export function canTakeOffer(snapshot: AgentSnapshot): boolean {
  return snapshot.state === 'idle' && snapshot.paused === undefined && snapshot.nonAcdCalls.length === 0;
}

function refusal(snapshot: AgentSnapshot): OfferRefusal {
  if (snapshot.state === 'loggedOut') return 'logged_out';
  if (snapshot.state === 'offered' || snapshot.state === 'onCall') return 'reserved';
  if (snapshot.state === 'wrapup') return 'wrapup';
  return snapshot.paused !== undefined ? 'paused' : 'busy';
}

/** `agent.available` when the change made the agent able to take an offer. */
function availability(before: AgentSnapshot, after: AgentSnapshot): Effect[] {
  return !canTakeOffer(before) && canTakeOffer(after) ? [publish({ type: 'agent.available' })] : [];
}

function pauseRows(snapshot: AgentSnapshot, paused: boolean, reason?: string): Effect[] {
  if (snapshot.queues.length === 0) return [];
  const agent = agentInterface(snapshot.number);
  const withReason = reason === undefined ? {} : { reason };
  return [log({ event: paused ? 'PAUSEALL' : 'UNPAUSEALL', agent, ...withReason }, ...snapshot.queues.map((queue) => ({ event: paused ? ('PAUSE' as const) : ('UNPAUSE' as const), queue, agent, ...withReason })))];
}

function logout(snapshot: AgentSnapshot, reason: string, env: Env): Result {
  const { login } = snapshot;
  if (snapshot.state === 'loggedOut' || login === undefined) return handled(snapshot, [reply({ type: 'agent.refused', reason: 'not_logged_in' })]);
  const agent = agentInterface(snapshot.number);
  // A call the agent is on goes on: it keeps the phone busy, so the agent is offered nothing until it ends, even after a new login.
  const stillOn = snapshot.state === 'onCall' && snapshot.acdCall !== undefined ? [snapshot.acdCall.callId] : [];
  const next = move(without(snapshot, 'login', 'paused', 'acdCall'), 'loggedOut', { nonAcdCalls: [...snapshot.nonAcdCalls, ...stillOn] });
  const logoff: QueueLogEvent = { event: 'AGENTCALLBACKLOGOFF', agent, extension: login.extension, context: login.context, loggedInSeconds: Math.max(0, Math.round((env.now - login.atMs) / 1000)), reason };
  const unpause = snapshot.queues.length === 0 ? [] : [{ event: 'UNPAUSEALL' as const, agent }, ...snapshot.queues.map((queue) => ({ event: 'UNPAUSE' as const, queue, agent }))];
  return handled(next, [{ type: 'timer.cancel', name: WRAPUP_TIMER }, log(logoff, ...unpause), publish({ type: 'agent.status', status: 'logged_out' }), reply({ type: 'agent.logged_out' })]);
}

function endWrapup(snapshot: AgentSnapshot): Result {
  if (snapshot.state !== 'wrapup') return ignored(`wrap-up timer in ${snapshot.state}`);
  const next = move(snapshot, 'idle');
  return handled(next, availability(snapshot, next));
}

function onMessage(snapshot: AgentSnapshot, message: AgentMessage, env: Env): Result {
  switch (message.type) {
    case 'agent.login': {
      if (snapshot.state !== 'loggedOut') return handled(snapshot, [reply({ type: 'agent.refused', reason: 'already_logged_in' })]);
      const next = move(snapshot, 'idle', { login: { extension: message.extension, context: message.context, atMs: env.now } });
      return handled(next, [
        log({ event: 'AGENTCALLBACKLOGIN', callId: message.callId ?? null, agent: agentInterface(snapshot.number), extension: message.extension, context: message.context }),
        publish({ type: 'agent.status', status: 'logged_in' }),
        ...availability(snapshot, next),
        reply({ type: 'agent.logged_in' }),
      ]);
    }
    case 'agent.logout':
      return logout(snapshot, message.reason ?? 'CommandLogoff', env);
    case 'agent.pause': {
      if (snapshot.state === 'loggedOut') return rejected('pause while logged out');
      if (snapshot.paused !== undefined) return ignored('already paused');
      return handled({ ...snapshot, paused: { reason: message.reason, sinceMs: env.now } }, [...pauseRows(snapshot, true, message.reason), publish({ type: 'agent.paused', reason: message.reason })]);
    }
    case 'agent.unpause': {
      if (snapshot.paused === undefined) return ignored('not paused');
      const next = without(snapshot, 'paused');
      return handled(next, [...pauseRows(snapshot, false), publish({ type: 'agent.unpaused' }), ...availability(snapshot, next)]);
    }
    case 'agent.offer':
      if (!canTakeOffer(snapshot)) return handled(snapshot, [reply({ type: 'agent.offer_refused', offerId: message.offerId, reason: refusal(snapshot) })]);
      return handled(move(snapshot, 'offered', { acdCall: { offerId: message.offerId, queue: message.queue, callId: message.callId, ...(message.wrapupSeconds === undefined ? {} : { wrapupSeconds: message.wrapupSeconds }) } }), [reply({ type: 'agent.reserved', offerId: message.offerId })]);
    case 'agent.offer_answered': {
      const { acdCall } = snapshot;
      if (snapshot.state !== 'offered' || acdCall?.offerId !== message.offerId) return ignored(`answer of offer ${message.offerId} in ${snapshot.state}`);
      return handled(move(snapshot, 'onCall', { acdCall: { ...acdCall, answeredAtMs: env.now } }));
    }
    case 'agent.offer_withdrawn': {
      if (snapshot.state !== 'offered' || snapshot.acdCall?.offerId !== message.offerId) return ignored(`withdrawal of offer ${message.offerId} in ${snapshot.state}`);
      const next = move(without(snapshot, 'acdCall'), 'idle');
      return handled(next, availability(snapshot, next));
    }
    case 'agent.acd_call_ended': {
      if (snapshot.nonAcdCalls.includes(message.callId)) {
        const next = { ...snapshot, nonAcdCalls: snapshot.nonAcdCalls.filter((callId) => callId !== message.callId) };
        return handled(next, availability(snapshot, next));
      }
      if (snapshot.state !== 'onCall' || snapshot.acdCall?.callId !== message.callId) return ignored(`end of ACD call ${message.callId} in ${snapshot.state}`);
      const rest = without(snapshot, 'acdCall');
      const wrapupSeconds = snapshot.acdCall.wrapupSeconds ?? snapshot.wrapupSeconds;
      if (wrapupSeconds <= 0) {
        const next = move(rest, 'idle');
        return handled(next, availability(snapshot, next));
      }
      return handled(move(rest, 'wrapup'), [{ type: 'timer.start', name: WRAPUP_TIMER, delayMs: wrapupSeconds * 1000 }]);
    }
    case 'agent.other_call': {
      const others = snapshot.nonAcdCalls.filter((callId) => callId !== message.callId);
      const next = { ...snapshot, nonAcdCalls: message.active ? [...others, message.callId] : others };
      return handled(next, availability(snapshot, next));
    }
    case 'agent.queues':
      return handled({ ...snapshot, queues: [...message.queues] });
  }
}

/** The agent machine. */
export const agentMachine = {
  transition(snapshot: AgentSnapshot, message: AgentMessage | KernelMessage, env: Env): Result {
    if (message.type === 'sys.timer.fired') return message.name === WRAPUP_TIMER ? endWrapup(snapshot) : ignored(`timer ${message.name}`);
    return onMessage(snapshot, message, env);
  },
};
