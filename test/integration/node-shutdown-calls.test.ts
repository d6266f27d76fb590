/**
 * A node going down hangs up its calls first: both phones of an answered call get a BYE, and a
 * phone still ringing gets its INVITE ended, instead of being left in a call nobody serves.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { phoneSdp, startStackPhone, type StackPhone } from '../support/stack-phone.ts';
import { waitUntil } from '../support/wait-until.ts';

let testNode: TestNode;
let caller: StackPhone;
let callee: StackPhone;
before(async () => {
  testNode = await startTestNode();
  caller = await startStackPhone('caller');
  callee = await startStackPhone('callee');
});
after(async () => {
  await Promise.all([caller.close(), callee.close()]);
});

describe('a node shutting down with calls up', () => {
  it('MUST send BYE to both phones of an answered call and end a ringing one before it stops', async () => {
    const { node } = testNode;
    assert.equal(await callee.register(node, testNode.sipPort, '1002', testNode.passwords['1002']), 200);
    callee.onIncoming(({ session }) => {
      session.provisional(180);
      // The first call is answered; the second keeps ringing.
      if (callee.incoming.length === 1) session.accept({ sdp: phoneSdp(callee.port + 10_000) });
    });
    const answered = caller.call(testNode.sipPort, '1002', '1001', testNode.passwords['1001']);
    assert.ok(await waitUntil(() => answered.events.some((event) => event.type === 'answered')), 'the first call is answered');
    const ringing = caller.call(testNode.sipPort, '1002', '1001', testNode.passwords['1001']);
    assert.ok(await waitUntil(() => ringing.events.some((event) => event.type === 'provisional' && event.status === 180)), 'the second call rings');
    await testNode.close();
    const seen = () => JSON.stringify({ caller: [answered.events, ringing.events].map((events) => events.map((event) => event.type)), callee: callee.incoming.map((incoming) => incoming.events.map((event) => event.type)) });
    assert.ok(await waitUntil(() => answered.events.some((event) => event.type === 'bye.received')), `caller BYE: ${seen()}`);
    assert.ok(callee.incoming[0]?.events.some((event) => event.type === 'bye.received'), `callee BYE: ${seen()}`);
    assert.ok(ringing.events.some((event) => event.type === 'failed' && event.status === 503), `ringing caller 503: ${seen()}`);
    assert.ok(callee.incoming[1]?.events.some((event) => event.type === 'cancelled'), `ringing callee CANCEL: ${seen()}`);
    assert.deepEqual([caller.stack.sessionCounts(), callee.stack.sessionCounts()], [{ dialogs: 0, invites: 0 }, { dialogs: 0, invites: 0 }]);
  });
});
