/**
 * A callee who does not answer: after the callee's ring_seconds the node CANCELs every phone of
 * the callee and answers the caller 480 (seed CF-04, Asterisk's NOANSWER), with a call log.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runSipp } from '../support/sipp.ts';
import { freeSipPort } from '../support/free-port.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

let testNode: TestNode;
before(async () => {
  testNode = await startTestNode();
  // The shortest ring time the seed allows (a positive multiple of 5), so the test is quick.
  await testNode.node.store.database.query(
    `UPDATE users SET ring_seconds = 5 WHERE id IN (SELECT user_id FROM user_line ul JOIN line l ON l.id = ul.line_id JOIN endpoint_sip e ON e.id = l.endpoint_sip_id WHERE e.username = '1002')`,
  );
});
after(async () => {
  await testNode.close();
});

describe('no answer within ring_seconds', () => {
  it('MUST CANCEL the ringing phone and answer the caller 480', async () => {
    const calleePort = await freeSipPort();
    const registered = await runSipp({
      target: `127.0.0.1:${testNode.sipPort}`, localPort: calleePort, scenario: 'uac-register-expect-200.xml',
      user: '1002', password: testNode.passwords['1002'], injection: ['300;'],
    });
    assert.equal(registered.exitCode, 0, registered.errors);
    const callee = runSipp({ target: `127.0.0.1:${testNode.sipPort}`, localPort: calleePort, scenario: 'uas-ring-until-cancel.xml', calls: 1, timeoutS: 30 });
    const started = Date.now();
    const caller = await runSipp({
      target: `127.0.0.1:${testNode.sipPort}`, localPort: await freeSipPort(), scenario: 'uac-call-no-answer-expect-480.xml',
      user: '1001', password: testNode.passwords['1001'], injection: ['1002;'], timeoutS: 30,
      extraArgs: ['-auth_uri', `1002@127.0.0.1:${testNode.sipPort}`],
    });
    assert.equal(caller.exitCode, 0, caller.errors || caller.stdout);
    assert.ok(Date.now() - started >= 4_500, `answered 480 after ${Date.now() - started} ms, before ring_seconds`);
    assert.equal((await callee).exitCode, 0);
  });
});
