/** Queues (seed CC-02..CC-05, CC-08): a call's way through a queue, as the queue actor decides it. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { actorAddress, NO_TIMERS, type KernelMessage } from '../kernel/index.ts';
import { compileSkillRule, newQueue, queueMachine, type QueueEffect, type QueueMemberConfig, type QueueMessage, type QueueSettings, type QueueSnapshot, type SkillRule } from './index.ts';

const self = actorAddress('queue', '1');
type AnyEffect = { readonly type: string } & Record<string, unknown>;

function step(snapshot: QueueSnapshot, message: QueueMessage | KernelMessage, now: number) {
  const result = queueMachine.transition(snapshot, message, { now, self, from: undefined, timers: NO_TIMERS });
  assert.equal(result.type, 'handled', result.type === 'handled' ? '' : result.reason);
  return result as { snapshot: QueueSnapshot; effects: readonly AnyEffect[] };
}

const agentMember = (number: string, position: number, extra: Partial<QueueMemberConfig> = {}): QueueMemberConfig => ({ memberId: `agent:${number}`, kind: 'agent', name: `Agent/${number}`, position, penalty: 0, skills: {}, ...extra });
const of = <T extends QueueEffect['type']>(effects: readonly AnyEffect[], type: T) => effects.filter((effect) => effect.type === type) as unknown as Extract<QueueEffect, { type: T }>[];
const rows = (effects: readonly AnyEffect[]) => of(effects, 'queue.log').flatMap((effect) => effect.entries.map((entry) => entry.event));
const replyOf = (effects: readonly AnyEffect[]) => effects.find((effect) => effect.type === 'reply')?.['reply'];

/** A queue whose agents are all logged in and available. */
function queue(settings: Partial<QueueSettings>, members: QueueMemberConfig[]): QueueSnapshot {
  let snapshot = newQueue({ queueId: 1, name: 'q1', tenantUuid: 't', settings, members });
  for (const member of members) snapshot = step(snapshot, { type: 'queue.member_state', memberId: member.memberId, loggedIn: true, available: true }, 0).snapshot;
  return snapshot;
}

/** Grants every offer of `effects` and returns the snapshot with those members ringing. */
function grantAll(snapshot: QueueSnapshot, effects: readonly AnyEffect[], now: number): { snapshot: QueueSnapshot; rung: string[] } {
  const rung: string[] = [];
  for (const offer of of(effects, 'queue.offer')) {
    const granted = step(snapshot, { type: 'queue.reservation', offerId: offer.offerId, memberId: offer.memberId, granted: true }, now);
    snapshot = granted.snapshot;
    rung.push(...of(granted.effects, 'queue.ring').flatMap((ring) => ring.memberIds));
  }
  return { snapshot, rung };
}

const enter = (callId: string, extra: Partial<Extract<QueueMessage, { type: 'queue.enter' }>> = {}): QueueMessage => ({ type: 'queue.enter', callId, callerIdNumber: '1000', ...extra });

describe('a call through a ringall queue', () => {
  const start = queue({ strategy: 'ringall', memberTimeoutSeconds: 15, retrySeconds: 5 }, [agentMember('3001', 0), agentMember('3002', 1)]);

  it('MUST log ENTERQUEUE, reserve then ring every available member, and on an answer CONNECT it and release the others', () => {
    const entered = step(start, enter('c1'), 1_000);
    assert.deepEqual(replyOf(entered.effects), { type: 'queue.entered', position: 1 });
    assert.deepEqual(rows(entered.effects), ['ENTERQUEUE']);
    const { snapshot: ringing, rung } = grantAll(entered.snapshot, entered.effects, 1_000);
    assert.deepEqual(rung, ['agent:3001', 'agent:3002']);
    const offerId = of(entered.effects, 'queue.offer')[0]?.offerId ?? '';
    const answered = step(ringing, { type: 'queue.answered', callId: 'c1', offerId, memberId: 'agent:3002' }, 4_000);
    assert.deepEqual(rows(answered.effects), ['CONNECT']);
    assert.deepEqual(of(answered.effects, 'queue.stop_ringing').map((effect) => effect.memberIds), [['agent:3001']]);
    assert.deepEqual(of(answered.effects, 'queue.release').map((effect) => [effect.memberId, effect.outcome]), [['agent:3001', 'withdrawn'], ['agent:3002', 'answered']]);
    const connect = of(answered.effects, 'queue.log')[0]?.entries[0];
    assert.deepEqual(connect?.event === 'CONNECT' ? [connect.agent, connect.holdSeconds, connect.ringSeconds] : [], ['Agent/3002', 3, 3]);
    assert.deepEqual(answered.snapshot.waiting, []);
    assert.equal(answered.snapshot.waitEstimateSeconds, 0.75);
    const ended = step(answered.snapshot, { type: 'queue.connected_ended', callId: 'c1', by: 'caller' }, 16_000);
    assert.deepEqual(rows(ended.effects), ['COMPLETECALLER']);
    assert.equal(ended.snapshot.members.find((member) => member.memberId === 'agent:3002')?.callsCompleted, 1);
  });

  it('MUST log RINGNOANSWER when nobody answers within the member timeout, pause retrySeconds, then ring again', () => {
    const entered = step(start, enter('c1'), 1_000);
    const { snapshot: ringing } = grantAll(entered.snapshot, entered.effects, 1_000);
    const offerId = of(entered.effects, 'queue.offer')[0]?.offerId ?? '';
    const timedOut = step(ringing, { type: 'sys.timer.fired', name: `member.${offerId}` }, 16_000);
    assert.deepEqual(rows(timedOut.effects), ['RINGNOANSWER', 'RINGNOANSWER']);
    assert.equal(of(timedOut.effects, 'queue.offer').length, 0, 'no new offer during the retry pause');
    assert.ok(timedOut.effects.some((effect) => effect.type === 'timer.start' && effect['name'] === 'retry.c1' && effect['delayMs'] === 5_000));
    const members = timedOut.snapshot.members.map((member) => ({ type: 'queue.member_state' as const, memberId: member.memberId, available: true }));
    const back = members.reduce((snapshot, message) => step(snapshot, message, 16_500).snapshot, timedOut.snapshot);
    const retried = step(back, { type: 'sys.timer.fired', name: 'retry.c1' }, 21_000);
    assert.equal(of(retried.effects, 'queue.offer').length, 2);
  });

  it('MUST write ABANDON and release the members when the caller hangs up while waiting', () => {
    const entered = step(start, enter('c1'), 1_000);
    const { snapshot: ringing } = grantAll(entered.snapshot, entered.effects, 1_000);
    const abandoned = step(ringing, { type: 'queue.abandon', callId: 'c1' }, 7_000);
    assert.deepEqual(rows(abandoned.effects), ['ABANDON']);
    assert.equal(of(abandoned.effects, 'queue.release').length, 2);
    const row = of(abandoned.effects, 'queue.log')[0]?.entries[0];
    assert.deepEqual(row?.event === 'ABANDON' ? [row.position, row.originalPosition, row.waitSeconds] : [], [1, 1, 6]);
  });

  it('MUST release at once a reservation granted for an offer that is over', () => {
    const entered = step(start, enter('c1'), 1_000);
    const offer = of(entered.effects, 'queue.offer')[0];
    const abandoned = step(entered.snapshot, { type: 'queue.abandon', callId: 'c1' }, 1_001);
    const late = step(abandoned.snapshot, { type: 'queue.reservation', offerId: offer?.offerId ?? '', memberId: offer?.memberId ?? '', granted: true }, 1_002);
    assert.deepEqual(of(late.effects, 'queue.release').map((effect) => effect.outcome), ['withdrawn']);
  });

  it('MUST try the other members when a reservation is refused (the agent took a call of another queue)', () => {
    const single = queue({ strategy: 'linear' }, [agentMember('3001', 0), agentMember('3002', 1)]);
    const entered = step(single, enter('c1'), 1_000);
    const [first] = of(entered.effects, 'queue.offer');
    assert.equal(first?.memberId, 'agent:3001');
    const refused = step(entered.snapshot, { type: 'queue.reservation', offerId: first?.offerId ?? '', memberId: 'agent:3001', granted: false }, 1_001);
    assert.deepEqual(of(refused.effects, 'queue.offer').map((offer) => offer.memberId), ['agent:3002']);
  });
});

describe('queue time (seed CC-03)', () => {
  const members = [agentMember('3001', 0)];

  it('with timeoutpriority dialplan, MUST leave at the queue time even while a member rings', () => {
    const start = queue({ queueTimeoutSeconds: 20, memberTimeoutSeconds: 15, timeoutPriority: 'dialplan' }, members);
    const entered = step(start, enter('c1'), 0);
    const { snapshot } = grantAll(entered.snapshot, entered.effects, 0);
    const out = step(snapshot, { type: 'sys.timer.fired', name: 'timeout.c1' }, 20_000);
    assert.deepEqual(rows(out.effects), ['EXITWITHTIMEOUT']);
    assert.deepEqual(of(out.effects, 'queue.exit'), [{ type: 'queue.exit', callId: 'c1', status: 'timeout' }]);
    assert.equal(of(out.effects, 'queue.stop_ringing').length, 1);
  });

  it('with timeoutpriority configuration, MUST let the attempt in progress finish, then leave', () => {
    const start = queue({ queueTimeoutSeconds: 20, memberTimeoutSeconds: 15, timeoutPriority: 'configuration' }, members);
    const first = step(start, enter('c1'), 0);
    const { snapshot } = grantAll(first.snapshot, first.effects, 0);
    const offer = of(first.effects, 'queue.offer')[0]?.offerId ?? '';
    const unanswered = step(snapshot, { type: 'sys.timer.fired', name: `member.${offer}` }, 15_000);
    const back = step(unanswered.snapshot, { type: 'queue.member_state', memberId: 'agent:3001', available: true }, 15_001);
    const second = step(back.snapshot, { type: 'sys.timer.fired', name: 'retry.c1' }, 20_000 - 1);
    const granted = grantAll(second.snapshot, second.effects, 19_999);
    const atTimeout = step(granted.snapshot, { type: 'sys.timer.fired', name: 'timeout.c1' }, 20_000);
    assert.deepEqual(of(atTimeout.effects, 'queue.exit'), []);
    const offer2 = of(second.effects, 'queue.offer')[0]?.offerId ?? '';
    const end = step(atTimeout.snapshot, { type: 'sys.timer.fired', name: `member.${offer2}` }, 35_000);
    assert.deepEqual(rows(end.effects), ['RINGNOANSWER', 'EXITWITHTIMEOUT']);
    assert.deepEqual(of(end.effects, 'queue.exit').map((exit) => exit.status), ['timeout']);
  });
});

describe('entering (seed CC-04, CC-05)', () => {
  it('MUST divert on the wait ratio and log DIVERT_CA_RATIO, the empty queue being exempt', () => {
    let snapshot = queue({ waitRatioThreshold: 1 }, [agentMember('3001', 0)]);
    snapshot = step(snapshot, { type: 'queue.member_state', memberId: 'agent:3001', available: false }, 0).snapshot;
    const first = step(snapshot, enter('c1'), 1);
    assert.deepEqual(replyOf(first.effects), { type: 'queue.entered', position: 1 });
    const second = step(first.snapshot, enter('c2'), 2);
    assert.deepEqual(replyOf(second.effects), { type: 'queue.not_entered', status: 'divert_ca_ratio' });
    assert.deepEqual(rows(second.effects), ['DIVERT_CA_RATIO']);
  });

  it('MUST make every waiting call leave (EXITEMPTY) when leavewhenempty finds no member left', () => {
    let snapshot = queue({ leaveWhenEmpty: ['unavailable', 'penalty', 'paused', 'invalid'] }, [agentMember('3001', 0)]);
    snapshot = step(snapshot, { type: 'queue.member_state', memberId: 'agent:3001', available: false }, 0).snapshot;
    snapshot = step(snapshot, enter('c1'), 1).snapshot;
    const out = step(snapshot, { type: 'queue.member_state', memberId: 'agent:3001', loggedIn: false }, 5_000);
    assert.deepEqual(rows(out.effects), ['EXITEMPTY']);
    assert.deepEqual(of(out.effects, 'queue.exit').map((exit) => exit.status), ['leaveempty']);
  });
});

describe('strategies over attempts', () => {
  it('linear MUST ring each member in turn for the same call', () => {
    let snapshot = queue({ strategy: 'linear', retrySeconds: 0 }, [agentMember('1', 0), agentMember('2', 1), agentMember('3', 2)]);
    let effects = step(snapshot, enter('c1'), 0);
    const order: string[] = [];
    snapshot = effects.snapshot;
    let offers = of(effects.effects, 'queue.offer');
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const offer = offers[0];
      order.push(offer?.memberId ?? '-');
      snapshot = grantAll(snapshot, effects.effects, attempt * 20_000).snapshot;
      const timedOut = step(snapshot, { type: 'sys.timer.fired', name: `member.${offer?.offerId}` }, attempt * 20_000 + 15_000);
      snapshot = step(timedOut.snapshot, { type: 'queue.member_state', memberId: offer?.memberId ?? '', available: true }, attempt * 20_000 + 15_001).snapshot;
      effects = { snapshot, effects: [...timedOut.effects, ...step(snapshot, { type: 'sys.timer.fired', name: 'rules' }, attempt * 20_000 + 15_002).effects] };
      const redistributed = step(snapshot, { type: 'sys.timer.fired', name: 'rules' }, attempt * 20_000 + 15_002);
      snapshot = redistributed.snapshot;
      offers = [...of(timedOut.effects, 'queue.offer'), ...of(redistributed.effects, 'queue.offer')];
      effects = { snapshot, effects: [...timedOut.effects, ...redistributed.effects] };
    }
    assert.deepEqual(order, ['agent:1', 'agent:2', 'agent:3', 'agent:1']);
  });

  it('rrmemory MUST give the next call to the member after the one who answered last', () => {
    let snapshot = queue({ strategy: 'rrmemory' }, [agentMember('1', 0), agentMember('2', 1), agentMember('3', 2)]);
    const first = step(snapshot, enter('c1'), 0);
    const offer = of(first.effects, 'queue.offer')[0];
    snapshot = grantAll(first.snapshot, first.effects, 0).snapshot;
    snapshot = step(snapshot, { type: 'queue.answered', callId: 'c1', offerId: offer?.offerId ?? '', memberId: 'agent:1' }, 1_000).snapshot;
    const second = step(snapshot, enter('c2'), 2_000);
    assert.deepEqual(of(second.effects, 'queue.offer').map((next) => next.memberId), ['agent:2']);
  });
});

describe("skill rules in a queue (seed scenarios 1 and 2: `WT < 60, english > 50` then `english > 0`)", () => {
  const rules = ['WT < 60, english > 50', 'english > 0'].map((text) => (compileSkillRule(text) as { rule: SkillRule }).rule);
  const members = [agentMember('A', 0, { skills: { english: 75 } }), agentMember('B', 1, { skills: { english: 25 } })];

  it('scenario 2: with A logged out, the call MUST be offered to B at once', () => {
    let snapshot = queue({ strategy: 'ringall' }, members);
    snapshot = step(snapshot, { type: 'queue.member_state', memberId: 'agent:A', loggedIn: false }, 0).snapshot;
    const entered = step(snapshot, enter('c1', { skillRules: rules }), 1);
    assert.deepEqual(of(entered.effects, 'queue.offer').map((offer) => offer.memberId), ['agent:B']);
  });

  it('scenario 1: the first call MUST ring A only; the second MUST wait and reach B only after 60 s', () => {
    const snapshot = queue({ strategy: 'ringall' }, members);
    const first = step(snapshot, enter('c1', { skillRules: rules }), 0);
    assert.deepEqual(of(first.effects, 'queue.offer').map((offer) => offer.memberId), ['agent:A']);
    const ringingA = grantAll(first.snapshot, first.effects, 0).snapshot;
    const second = step(ringingA, enter('c2', { skillRules: rules }), 1_000);
    assert.deepEqual(of(second.effects, 'queue.offer'), []);
    const at59 = step(second.snapshot, { type: 'sys.timer.fired', name: 'rules' }, 60_000);
    assert.deepEqual(of(at59.effects, 'queue.offer'), [], 'WT 59 s: still waiting for A');
    const at61 = step(at59.snapshot, { type: 'sys.timer.fired', name: 'rules' }, 61_000);
    assert.deepEqual(of(at61.effects, 'queue.offer').map((offer) => [offer.callId, offer.memberId]), [['c2', 'agent:B']]);
  });

  it('scenario 1: while A stays available and does not answer, the first call MUST never reach B, even after 60 s', () => {
    let snapshot = queue({ strategy: 'ringall', memberTimeoutSeconds: 15, retrySeconds: 5 }, members);
    let result = step(snapshot, enter('c1', { skillRules: rules }), 0);
    const offered: string[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      const offers = of(result.effects, 'queue.offer');
      offered.push(...offers.map((offer) => offer.memberId));
      snapshot = grantAll(result.snapshot, result.effects, attempt * 20_000).snapshot;
      const timedOut = step(snapshot, { type: 'sys.timer.fired', name: `member.${offers[0]?.offerId}` }, attempt * 20_000 + 15_000);
      const back = step(timedOut.snapshot, { type: 'queue.member_state', memberId: 'agent:A', available: true }, attempt * 20_000 + 15_001);
      result = step(back.snapshot, { type: 'sys.timer.fired', name: 'retry.c1' }, attempt * 20_000 + 20_000);
    }
    assert.deepEqual([...new Set(offered)], ['agent:A']);
  });
});

describe('configuration changes', () => {
  it('MUST apply new settings to the calls already waiting: a raised maxlen lets the next call in', () => {
    const full = step(queue({ maxLength: 1 }, [agentMember('3001', 0)]), enter('c1'), 0).snapshot;
    assert.deepEqual(replyOf(step(full, enter('c2'), 0).effects), { type: 'queue.not_entered', status: 'full' });
    const raised = step(full, { type: 'queue.settings', settings: { ...full.settings, maxLength: 2 } }, 0).snapshot;
    assert.deepEqual(replyOf(step(raised, enter('c2'), 0).effects), { type: 'queue.entered', position: 2 });
  });
});
