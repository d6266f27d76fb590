/**
 * Calls between two phones through the node, driven by SIPp: the callee registers, then answers
 * with SIPp's own UAS; the caller authenticates its INVITE and hangs up. The node's records must
 * agree: one answered call log.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runSipp } from '../support/sipp.ts';
import { freeSipPort } from '../support/free-port.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { registerCallee } from '../support/sipp-parties.ts';
import { listCallLogs } from '../../store/index.ts';
import type { BusEvent } from '../../supervisors/index.ts';
import type { call as callKind } from '../../actors/index.ts';

let testNode: TestNode;
before(async () => {
  testNode = await startTestNode();
});
after(async () => {
  await testNode.close();
});

const registeredCallee = () => registerCallee(testNode);

async function call(scenario: string, dialed: string, password = testNode.passwords['1001']) {
  return runSipp({
    target: `127.0.0.1:${testNode.sipPort}`, localPort: await freeSipPort(), scenario,
    user: '1001', password, injection: [`${dialed};`], timeoutS: 30, traceMessages: true,
    // SIPp digests `sip:<remote>` unless told the Request-URI; parley checks the uri (RFC 2617 §3.2.2.5).
    extraArgs: ['-auth_uri', `${dialed}@127.0.0.1:${testNode.sipPort}`],
  });
}

const summary = (run: Awaited<ReturnType<typeof runSipp>>) =>
  (run.errors || '') + run.messages.split('\n').filter((line) => /^(INVITE|SIP\/2.0)/.test(line)).join(' | ');

describe('calls refused before ringing', () => {
  it('an INVITE with a wrong password MUST get 401, then 403', async () => {
    const run = await call('uac-call-wrong-password-expect-403.xml', '1002', 'not-the-password');
    assert.equal(run.exitCode, 0, summary(run));
  });

  it('a call to an unknown extension MUST get 404', async () => {
    const run = await call('uac-call-unknown-extension-expect-404.xml', '1999');
    assert.equal(run.exitCode, 0, summary(run));
  });

  it('a call to a user with no registered phone MUST get 480', async () => {
    const run = await call('uac-call-unavailable-expect-480.xml', '1002');
    assert.equal(run.exitCode, 0, summary(run));
  });
});

describe('a busy callee', () => {
  it('when the callee\'s phone answers 486, the caller MUST get 486', async () => {
    const calleePort = await registeredCallee();
    const callee = runSipp({ target: `127.0.0.1:${testNode.sipPort}`, localPort: calleePort, scenario: 'uas-answer-486.xml', calls: 1, timeoutS: 30 });
    const run = await call('uac-call-busy-expect-486.xml', '1002');
    assert.equal(run.exitCode, 0, summary(run));
    assert.equal((await callee).exitCode, 0);
    await unregisterCallee(calleePort);
  });
});

/** The call logs, once `count` of them are written (logs are written as calls end). */
async function waitForLogs(count: number) {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const logs = await listCallLogs(testNode.node.store.database, { limit: 50 });
    if (logs.items.length >= count) return logs.items;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return (await listCallLogs(testNode.node.store.database, { limit: 50 })).items;
}

describe('a caller who gives up', () => {
  it('CANCEL while the callee rings MUST end both legs: 487 to the caller, CANCEL to the callee', async () => {
    const calleePort = await registeredCallee();
    const callee = runSipp({ target: `127.0.0.1:${testNode.sipPort}`, localPort: calleePort, scenario: 'uas-ring-expect-cancel.xml', calls: 1, timeoutS: 30 });
    const run = await call('uac-call-cancel-expect-487.xml', '1002');
    assert.equal(run.exitCode, 0, summary(run));
    const uas = await callee;
    assert.equal(uas.exitCode, 0, uas.errors || uas.stdout);
    await unregisterCallee(calleePort);
  });
});

async function unregisterCallee(port: number): Promise<void> {
  const run = await runSipp({
    target: `127.0.0.1:${testNode.sipPort}`, localPort: port, scenario: 'uac-unregister-all-expect-200.xml',
    user: '1002', password: testNode.passwords['1002'],
  });
  assert.equal(run.exitCode, 0, run.errors);
}

describe('a basic call (SIPp uac → parley → SIPp uas)', () => {
  it('MUST ring the registered callee, connect the call, end it on BYE and write one answered call log', async () => {
    const events: BusEvent[] = [];
    const unsubscribe = testNode.node.bus.subscribe(['call_created', 'call_updated', 'call_ended'], (event) => events.push(event));
    const calleePort = await registeredCallee();
    const callee = runSipp({ target: `127.0.0.1:${testNode.sipPort}`, localPort: calleePort, scenario: 'builtin:uas', calls: 1, timeoutS: 30 });
    const caller = await runSipp({
      target: `127.0.0.1:${testNode.sipPort}`, localPort: await freeSipPort(), scenario: 'uac-call-expect-answer.xml',
      user: '1001', password: testNode.passwords['1001'], injection: ['1002;'], timeoutS: 30, traceMessages: true,
      // SIPp digests `sip:<remote>` unless told the Request-URI; parley checks the uri (RFC 2617 §3.2.2.5).
      extraArgs: ['-auth_uri', `1002@127.0.0.1:${testNode.sipPort}`],
    });
    assert.equal(caller.exitCode, 0, (caller.errors || '') + caller.messages.split('\n').filter((line) => /^(INVITE|Authorization|SIP\/2.0)/.test(line)).join(' | '));
    const uas = await callee;
    assert.equal(uas.exitCode, 0, uas.errors || uas.stdout);
    const logs = await waitForLogs(5);
    const answered = logs.filter((log) => log.answered);
    assert.equal(answered.length, 1);
    assert.ok((answered[0]?.durationMs ?? 0) >= 900, `talk time ${String(answered[0]?.durationMs)} ms`);
    // The refused calls each left one log with their cause; the 403 never became a call.
    assert.deepEqual(logs.filter((log) => !log.answered).map((log) => log.hangupSipStatus).sort(), [404, 480, 486, 487]);
    unsubscribe();
    assertOneEventLifecyclePerChannel(events);
  });
});

/** Each channel of the call (the caller's, the callee's) has its own created → Up → ended events, under its own user's ACL. */
function assertOneEventLifecyclePerChannel(events: readonly BusEvent[]): void {
  const byChannel = new Map<string, BusEvent[]>();
  for (const event of events) {
    const id = (event.data as callKind.CallModel).call_id;
    byChannel.set(id, [...(byChannel.get(id) ?? []), event]);
  }
  const trail = () => events.map((event) => `${event.name}:${(event.data as callKind.CallModel).call_id}`).join(' ');
  assert.equal(byChannel.size, 2, trail());
  const models = [...byChannel.values()].map((channelEvents) => channelEvents.map((event) => event.data as callKind.CallModel));
  const caller = models.find((channel) => channel[0]?.is_caller === true);
  const callee = models.find((channel) => channel[0]?.is_caller === false);
  assert.ok(caller !== undefined && callee !== undefined, trail());
  for (const [id, channelEvents] of byChannel) {
    assert.deepEqual([channelEvents[0]?.name, channelEvents.at(-1)?.name], ['call_created', 'call_ended'], trail());
    const model = channelEvents[0]?.data as callKind.CallModel;
    assert.equal(channelEvents[0]?.required_acl, `events.calls.${model.user_uuid ?? ''}`, id);
    assert.ok(channelEvents.some((event) => (event.data as callKind.CallModel).status === 'Up'), `${id} never Up: ${trail()}`);
  }
  assert.notEqual(caller[0]?.user_uuid, callee[0]?.user_uuid);
  const callerUp = caller.find((model) => model.status === 'Up');
  assert.deepEqual(Object.keys(callerUp?.talking_to ?? {}), [callee[0]?.call_id]);
  assert.match(caller[0]?.call_id ?? '', /^\d+\.\d+$/);
}
