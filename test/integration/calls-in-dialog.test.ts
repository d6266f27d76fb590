/**
 * Requests within an answered call, through the whole node and driven by SIPp: BYE from either
 * side, hold and resume with music on hold, UPDATE, INFO and session timers (RFC 4028). The callee
 * 1002 registers and answers with a SIPp UAS whose SDP points its media at a UDP port this test
 * listens on; the caller 1001 dials with digest credentials.
 *
 * The tests of this file run one after the other: each call rings every registered phone of 1002,
 * so each test registers its callee and removes the registration at its end.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { listenForRtp } from '../support/rtp-listener.ts';
import { answerAsCallee, callFromCaller, registerCallee, sippSummary, unregisterCallee, waitForCallLogSince } from '../support/sipp-parties.ts';

let testNode: TestNode;
before(async () => {
  testNode = await startTestNode();
});
after(async () => {
  await testNode.close();
});

/** Q.850 16, Normal call clearing: a BYE from either phone. */
const NORMAL_CLEARING = 16;

describe('hanging up an answered call', () => {
  it('caller hangs up: the callee MUST get the BYE and the call log MUST be answered, normal clearing', async () => {
    const startedMs = Date.now();
    const media = await listenForRtp();
    const calleePort = await registerCallee(testNode);
    try {
      const callee = answerAsCallee(testNode, calleePort, 'uas-answer-expect-bye.xml', [media.port]);
      const caller = await callFromCaller(testNode, 'uac-call-expect-answer.xml');
      assert.equal(caller.exitCode, 0, sippSummary(caller));
      const uas = await callee;
      assert.equal(uas.exitCode, 0, sippSummary(uas));
      const log = await waitForCallLogSince(testNode, startedMs);
      assert.equal(log.answered, true);
      assert.equal(log.hangupQ850Cause, NORMAL_CLEARING);
    } finally {
      await media.close();
      await unregisterCallee(testNode, calleePort);
    }
  });

  it('callee hangs up: the caller MUST get the BYE and the call log MUST be answered, normal clearing', async () => {
    const startedMs = Date.now();
    const media = await listenForRtp();
    const calleePort = await registerCallee(testNode);
    try {
      const callee = answerAsCallee(testNode, calleePort, 'uas-answer-then-hang-up.xml', [media.port]);
      const caller = await callFromCaller(testNode, 'uac-call-expect-bye-from-callee.xml');
      assert.equal(caller.exitCode, 0, sippSummary(caller));
      const uas = await callee;
      assert.equal(uas.exitCode, 0, sippSummary(uas));
      const log = await waitForCallLogSince(testNode, startedMs);
      assert.equal(log.answered, true);
      assert.equal(log.hangupQ850Cause, NORMAL_CLEARING);
    } finally {
      await media.close();
      await unregisterCallee(testNode, calleePort);
    }
  });
});
