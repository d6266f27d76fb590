/** Agents (seed CC-01): logins, pauses, reservations of ACD calls, wrap-up, and their queue_log rows. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { actorAddress, NO_TIMERS, type KernelMessage } from '../kernel/index.ts';
import { agentMachine, canTakeOffer, loggedOutAgent, type AgentMessage, type AgentSnapshot } from './index.ts';

const self = actorAddress('agent', '3001');
const env = (now = 1_000_000) => ({ now, self, from: undefined, timers: NO_TIMERS });

function step(snapshot: AgentSnapshot, message: AgentMessage | KernelMessage, now = 1_000_000) {
  const result = agentMachine.transition(snapshot, message, env(now));
  assert.equal(result.type, 'handled', result.type === 'handled' ? '' : result.reason);
  return result as Extract<typeof result, { type: 'handled' }>;
}
const run = (snapshot: AgentSnapshot, ...messages: (AgentMessage | KernelMessage)[]) => messages.reduce((current, message) => step(current, message).snapshot, snapshot);
const replyOf = (effects: readonly { type: string; reply?: unknown }[]) => effects.find((effect) => effect.type === 'reply')?.reply;
const rowsOf = (effects: readonly { type: string; entries?: readonly { event: string }[] }[]) => effects.flatMap((effect) => (effect.type === 'agent.queue_log' ? (effect.entries ?? []).map((entry) => entry.event) : []));
const published = (effects: readonly { type: string; event?: { type: string } }[]) => effects.flatMap((effect) => (effect.type === 'agent.publish' && effect.event !== undefined ? [effect.event.type] : []));

const fresh = (wrapupSeconds = 0) => loggedOutAgent({ agentId: 1, number: '3001', tenantUuid: 't', wrapupSeconds, queues: ['q1', 'q2'] });
const login: AgentMessage = { type: 'agent.login', extension: '1002', context: 'pcm-dev', callId: '1341401600.25' };
const offer = (offerId: string, queue = 'q1', callId = `call-${offerId}`): AgentMessage => ({ type: 'agent.offer', offerId, queue, callId });

describe('agent login and logout', () => {
  it('MUST log in from a phone: AGENTCALLBACKLOGIN with exten@context, agent_status_update logged_in, and become available', () => {
    const result = step(fresh(), login);
    assert.equal(result.snapshot.state, 'idle');
    assert.deepEqual(rowsOf(result.effects), ['AGENTCALLBACKLOGIN']);
    assert.deepEqual(published(result.effects), ['agent.status', 'agent.available']);
    assert.deepEqual(replyOf(result.effects), { type: 'agent.logged_in' });
  });

  it('MUST refuse a second login, and a logout of a logged-out agent', () => {
    assert.deepEqual(replyOf(step(run(fresh(), login), login).effects), { type: 'agent.refused', reason: 'already_logged_in' });
    assert.deepEqual(replyOf(step(fresh(), { type: 'agent.logout' }).effects), { type: 'agent.refused', reason: 'not_logged_in' });
  });

  it('MUST log off with AGENTCALLBACKLOGOFF (seconds logged in), UNPAUSEALL, then UNPAUSE per queue, clearing the pause', () => {
    const paused = run(fresh(), login, { type: 'agent.pause', reason: 'lunch' });
    const result = step(paused, { type: 'agent.logout' }, 1_043_000);
    assert.deepEqual(rowsOf(result.effects), ['AGENTCALLBACKLOGOFF', 'UNPAUSEALL', 'UNPAUSE', 'UNPAUSE']);
    const logoff = result.effects.find((effect) => effect.type === 'agent.queue_log');
    assert.deepEqual(logoff?.type === 'agent.queue_log' ? logoff.entries[0] : undefined, { event: 'AGENTCALLBACKLOGOFF', agent: 'Agent/3001', extension: '1002', context: 'pcm-dev', loggedInSeconds: 43, reason: 'CommandLogoff' });
    assert.equal(result.snapshot.paused, undefined);
    assert.equal(result.snapshot.state, 'loggedOut');
  });
});

describe('ACD offers are reservations', () => {
  it('MUST reserve an idle agent for one call and refuse every other offer until it is released', () => {
    const reserved = step(run(fresh(), login), offer('o1', 'q1'));
    assert.deepEqual(replyOf(reserved.effects), { type: 'agent.reserved', offerId: 'o1' });
    assert.deepEqual(replyOf(step(reserved.snapshot, offer('o2', 'q2')).effects), { type: 'agent.offer_refused', offerId: 'o2', reason: 'reserved' });
    const released = step(reserved.snapshot, { type: 'agent.offer_withdrawn', offerId: 'o1' });
    assert.deepEqual(published(released.effects), ['agent.available']);
    assert.deepEqual(replyOf(step(released.snapshot, offer('o2', 'q2')).effects), { type: 'agent.reserved', offerId: 'o2' });
  });

  it('MUST refuse offers to a paused agent, an agent on another call, and a logged-out agent', () => {
    const idle = run(fresh(), login);
    assert.deepEqual(replyOf(step(run(idle, { type: 'agent.pause', reason: '' }), offer('o')).effects), { type: 'agent.offer_refused', offerId: 'o', reason: 'paused' });
    assert.deepEqual(replyOf(step(run(idle, { type: 'agent.other_call', callId: 'x', active: true }), offer('o')).effects), { type: 'agent.offer_refused', offerId: 'o', reason: 'busy' });
    assert.deepEqual(replyOf(step(fresh(), offer('o')).effects), { type: 'agent.offer_refused', offerId: 'o', reason: 'logged_out' });
  });

  it('MUST go on the call when it answers, then wrap up for wrapupSeconds before taking offers again', () => {
    const onCall = run(fresh(10), login, offer('o1'), { type: 'agent.offer_answered', offerId: 'o1' });
    assert.equal(onCall.state, 'onCall');
    const ended = step(onCall, { type: 'agent.acd_call_ended', callId: 'call-o1', byAgent: false });
    assert.equal(ended.snapshot.state, 'wrapup');
    assert.deepEqual(ended.effects, [{ type: 'timer.start', name: 'wrapup', delayMs: 10_000 }]);
    assert.deepEqual(replyOf(step(ended.snapshot, offer('o2')).effects), { type: 'agent.offer_refused', offerId: 'o2', reason: 'wrapup' });
    const back = step(ended.snapshot, { type: 'sys.timer.fired', name: 'wrapup' });
    assert.equal(canTakeOffer(back.snapshot), true);
    assert.deepEqual(published(back.effects), ['agent.available']);
  });

  it("MUST wrap up for the offering queue's wrap-up time when the offer carries one (Asterisk's wrapuptime)", () => {
    const onCall = run(fresh(10), login, { type: 'agent.offer', offerId: 'o1', queue: 'q1', callId: 'call-o1', wrapupSeconds: 3 }, { type: 'agent.offer_answered', offerId: 'o1' });
    const ended = step(onCall, { type: 'agent.acd_call_ended', callId: 'call-o1', byAgent: true });
    assert.deepEqual(ended.effects, [{ type: 'timer.start', name: 'wrapup', delayMs: 3_000 }]);
  });
  it('MUST ignore answers and withdrawals of an offer it does not hold', () => {
    const reserved = run(fresh(), login, offer('o1'));
    assert.equal(agentMachine.transition(reserved, { type: 'agent.offer_answered', offerId: 'other' }, env()).type, 'ignored');
    assert.equal(agentMachine.transition(reserved, { type: 'agent.offer_withdrawn', offerId: 'other' }, env()).type, 'ignored');
  });
});

describe('pauses', () => {
  it('MUST write PAUSEALL then PAUSE per queue with the reason, and the opposite rows on unpause', () => {
    const idle = run(fresh(), login);
    const paused = step(idle, { type: 'agent.pause', reason: 'lunch' });
    assert.deepEqual(rowsOf(paused.effects), ['PAUSEALL', 'PAUSE', 'PAUSE']);
    assert.deepEqual(published(paused.effects), ['agent.paused']);
    const unpaused = step(paused.snapshot, { type: 'agent.unpause' });
    assert.deepEqual(rowsOf(unpaused.effects), ['UNPAUSEALL', 'UNPAUSE', 'UNPAUSE']);
    assert.deepEqual(published(unpaused.effects), ['agent.unpaused', 'agent.available']);
  });

  it('MUST write no pause rows for an agent in no queue (seed: pause time counts only for agents in a queue)', () => {
    const alone = run(loggedOutAgent({ agentId: 2, number: '3002', tenantUuid: 't' }), login);
    assert.deepEqual(rowsOf(step(alone, { type: 'agent.pause', reason: 'x' }).effects), []);
  });

  it('MUST stay paused after an ACD call that began before the pause', () => {
    const result = run(fresh(), login, offer('o1'), { type: 'agent.offer_answered', offerId: 'o1' }, { type: 'agent.pause', reason: 'x' }, { type: 'agent.acd_call_ended', callId: 'call-o1', byAgent: true });
    assert.equal(result.state, 'idle');
    assert.equal(canTakeOffer(result), false);
  });

  it('MUST keep an agent who logged out during an ACD call busy with it after a new login, until the call ends', () => {
    const relogged = run(fresh(), login, offer('o1'), { type: 'agent.offer_answered', offerId: 'o1' }, { type: 'agent.logout' }, login);
    assert.deepEqual(replyOf(step(relogged, offer('o2')).effects), { type: 'agent.offer_refused', offerId: 'o2', reason: 'busy' });
    const freed = step(relogged, { type: 'agent.acd_call_ended', callId: 'call-o1', byAgent: true });
    assert.equal(canTakeOffer(freed.snapshot), true);
  });
});
