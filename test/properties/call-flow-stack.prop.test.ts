/**
 * Property over the real node: random call flows between phones on real sockets (a caller, and
 * one or two registered phones of the callee), with answers, busy and declined phones, silent
 * phones and the ring timeout, CANCEL, hold by re-INVITE, BYE from either side, and the call actor
 * crashing while it rings or talks. Whatever happens, each call ends with every phone's dialog
 * gone, no call or channel actor, no media session and no RTP port left, exactly one call log
 * with consistent times, and one `call_created` and one `call_ended` per channel.
 *
 * @remarks
 * The crash is a message the call machine does not know, which the kernel treats as the defect
 * it is: the actor crashes and the calls supervisor ends the call from its last snapshot.
 */
import '../support/property-seed.ts';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { actorAddress, type call } from '../../actors/index.ts';
import { listCallLogs } from '../../store/index.ts';
import type { BusEvent } from '../../supervisors/index.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { phoneSdp, startStackPhone, type StackPhone } from '../support/stack-phone.ts';

type CalleePlan = { readonly ringMs: number | null; readonly outcome: 'answer' | 'busy' | 'decline' | 'silent'; readonly afterMs: number };
interface Plan {
  readonly callees: readonly CalleePlan[];
  readonly cancelAfterMs: number | null;
  readonly hold: boolean;
  readonly hangup: 'caller' | 'callee';
  readonly crash: 'none' | 'ringing' | 'talking';
}

const calleePlan: fc.Arbitrary<CalleePlan> = fc.record({
  ringMs: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }),
  outcome: fc.oneof(
    { weight: 6, arbitrary: fc.constant('answer' as const) },
    { weight: 2, arbitrary: fc.constant('busy' as const) },
    { weight: 2, arbitrary: fc.constant('decline' as const) },
    { weight: 1, arbitrary: fc.constant('silent' as const) },
  ),
  afterMs: fc.integer({ min: 0, max: 120 }),
});
const plan: fc.Arbitrary<Plan> = fc.record({
  callees: fc.array(calleePlan, { minLength: 1, maxLength: 2 }),
  cancelAfterMs: fc.option(fc.integer({ min: 0, max: 150 }), { freq: 4, nil: null }),
  hold: fc.boolean(),
  hangup: fc.constantFrom('caller' as const, 'callee' as const),
  crash: fc.constantFrom('none' as const, 'none' as const, 'ringing' as const, 'talking' as const),
});

let testNode: TestNode;
let caller: StackPhone;
const callees: StackPhone[] = [];
const events: BusEvent[] = [];

before(async () => {
  testNode = await startTestNode();
  // The shortest ring time the seed allows, so a silent phone times out within the test.
  await testNode.node.store.database.query(`UPDATE users SET ring_seconds = 5`);
  caller = await startStackPhone('caller');
  callees.push(await startStackPhone('callee-a'), await startStackPhone('callee-b'));
  testNode.node.bus.subscribe(['call_created', 'call_updated', 'call_ended'], (event) => events.push(event));
});
after(async () => {
  await Promise.all([caller.close(), ...callees.map((phone) => phone.close())]);
  await testNode.close();
});

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function waitFor(condition: () => boolean | Promise<boolean>, what: () => string, limitMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > limitMs) throw new Error(`not met within ${limitMs} ms: ${what()}`);
    await delay(20);
  }
}

function behave(phone: StackPhone, callee: CalleePlan): void {
  phone.onIncoming(({ session, listen }) => {
    listen((event) => {
      if (event.type === 'reinvite.received') session.answerReInvite(event.requestId, { type: 'accept', sdp: phoneSdp(phone.port + 10_000, 'sendrecv', 2) });
    });
    const finish = () => {
      if (callee.outcome === 'answer') session.accept({ sdp: phoneSdp(phone.port + 10_000) });
      else if (callee.outcome === 'busy') session.reject(486);
      else if (callee.outcome === 'decline') session.reject(603);
    };
    if (callee.ringMs === null) setTimeout(finish, callee.afterMs);
    else setTimeout(() => {
      session.provisional(180);
      setTimeout(finish, callee.afterMs);
    }, callee.ringMs);
  });
}

function crashCall(): void {
  const created = events.find((event) => event.name === 'call_created' && (event.data as call.CallModel).is_caller && !endedChannels().has((event.data as call.CallModel).call_id));
  const callId = (created?.data as call.CallModel | undefined)?.conversation_id;
  if (callId !== undefined) testNode.node.system.send(actorAddress('call', callId), { type: 'test.unknown_message', channelId: callId });
}
const endedChannels = () => new Set(events.filter((event) => event.name === 'call_ended').map((event) => (event.data as call.CallModel).call_id));

async function runCall(scenario: Plan): Promise<void> {
  const { node } = testNode;
  if (process.env['PARLEY_TRACE_PROPERTY'] !== undefined) process.stderr.write(`plan ${JSON.stringify(scenario)}\n`);
  for (const [index, phone] of callees.entries()) {
    const callee = scenario.callees[index];
    if (callee === undefined) await phone.register(node, testNode.sipPort, '1002', testNode.passwords['1002'], 0);
    else {
      behave(phone, callee);
      assert.equal(await phone.register(node, testNode.sipPort, '1002', testNode.passwords['1002']), 200);
    }
  }
  const logsBefore = (await listCallLogs(node.store.database, { limit: 1 })).total;
  events.length = 0;
  const outgoing = caller.call(testNode.sipPort, '1002', '1001', testNode.passwords['1001']);
  const finalOrAnswer = () => outgoing.events.some((event) => event.type === 'answered' || event.type === 'failed' || event.type === 'terminated');
  // The call exists once the authenticated INVITE is in: crash and CANCEL are timed from there.
  await waitFor(() => outgoing.attempts() === 2 || finalOrAnswer(), () => `caller saw ${outgoing.events.map((event) => event.type).join(' ')}`);
  if (scenario.crash === 'ringing') setTimeout(crashCall, 30);
  const cancelAfterMs = scenario.cancelAfterMs;
  if (cancelAfterMs !== null) setTimeout(() => outgoing.session()?.cancel(), cancelAfterMs);
  await waitFor(finalOrAnswer, () => `caller saw ${outgoing.events.map((event) => event.type).join(' ')}`);
  if (outgoing.events.some((event) => event.type === 'answered')) {
    if (scenario.hold) {
      outgoing.session()?.sendReInvite(phoneSdp(caller.port + 10_000, 'sendonly', 2));
      await waitFor(() => outgoing.events.some((event) => event.type.startsWith('reinvite.') || event.type === 'terminated'), () => 'no answer to hold');
    }
    if (scenario.crash === 'talking') crashCall();
    else if (scenario.hangup === 'caller') outgoing.session()?.sendBye();
    else {
      // A phone that answered too late (its 200 crossed the CANCEL) is acknowledged and hung up by
      // the node; the callee who hangs up is the one phone still talking.
      const talking = () => callees.flatMap((phone) => phone.incoming).filter((incoming) => incoming.events.some((event) => event.type === 'ack.received') && !incoming.events.some((event) => event.type === 'terminated'));
      await waitFor(() => talking().length <= 1, () => `phones still talking: ${talking().length}`);
      talking()[0]?.session.sendBye();
    }
  }
  const state = () => JSON.stringify({
    calls: node.calls.activeCallCount(), ports: node.calls.rtpPortsInUse(), actors: [node.system.actorCount('call'), node.system.actorCount('channel')],
    dialogs: [caller, ...callees].map((phone) => phone.stack.sessionCounts()), caller: outgoing.events.map((event) => event.type),
    phones: callees.map((phone) => phone.incoming.map((incoming) => incoming.events.map((event) => event.type).join(','))),
    events: events.map((event) => `${event.name}:${(event.data as call.CallModel).call_id}`),
  });
  await waitFor(
    () => node.calls.activeCallCount() === 0 && node.calls.rtpPortsInUse() === 0 && node.system.actorCount('call') === 0 && node.system.actorCount('channel') === 0
      && [caller, ...callees].every((phone) => phone.stack.sessionCounts().dialogs === 0 && phone.stack.sessionCounts().invites === 0),
    state,
  );
  await waitFor(async () => (await listCallLogs(node.store.database, { limit: 1 })).total > logsBefore, () => `no call log: ${state()}`);
  const logs = await listCallLogs(node.store.database, { limit: 5 });
  assert.equal(logs.total, logsBefore + 1, `call logs: ${logs.total - logsBefore} for one call`);
  const [log] = logs.items;
  assert.ok(log !== undefined && log.endedAtMs !== null && log.startedAtMs <= log.endedAtMs, JSON.stringify(log));
  if (log.answeredAtMs !== null) assert.ok(log.startedAtMs <= log.answeredAtMs && log.answeredAtMs <= log.endedAtMs, JSON.stringify(log));
  const byChannel = new Map<string, string[]>();
  for (const event of events) {
    const id = (event.data as call.CallModel).call_id;
    byChannel.set(id, [...(byChannel.get(id) ?? []), event.name]);
  }
  for (const [id, names] of byChannel) {
    assert.deepEqual([names[0], names.at(-1), names.filter((name) => name !== 'call_updated').length], ['call_created', 'call_ended', 2], `channel ${id}: ${names.join(' ')}`);
  }
}

describe('call flows over the real node, under random phone behaviour and call actor crashes', () => {
  it('every call MUST end with every dialog gone, no actor, media session or RTP port left, one consistent call log and one lifecycle per channel', async () => {
    await fc.assert(fc.asyncProperty(plan, runCall), { numRuns: 30, endOnFailure: true, includeErrorInReport: true });
  });
});
