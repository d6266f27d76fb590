/**
 * Session timers (RFC 4028) on calls through the whole node, driven by SIPp: the caller 1001 asks
 * for them with itself as refresher; the callee 1002 answers with a SIPp UAS.
 *
 * The node runs with `--sip-min-se 4` so that a session can lapse within a test
 * (docs/decisions.md D-025); the RFC floor of 90 s is kept for the first test's request.
 * The tests run one after the other: each registers its callee and removes it at its end.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { listenForRtp } from '../support/rtp-listener.ts';
import { answerAsCallee, callFromCaller, registerCallee, rtpPortsApart, sippSummary, unregisterCallee, waitForCallLogSince } from '../support/sipp-parties.ts';

let testNode: TestNode;
before(async () => {
  testNode = await startTestNode({ extraArgs: ['--sip-min-se', '4', '--rtp-ports', rtpPortsApart()] });
});
after(async () => {
  await testNode.close();
});

/** The responses SIPp received, one string each (its message trace separates them with dashes). */
function responsesIn(trace: string): string[] {
  return trace.split(/^-{10,}.*$/m).filter((message) => /message received/.test(message) && /^\s*SIP\/2\.0 200/m.test(message));
}

const cseqMethod = (message: string): string => /^\s*CSeq:\s*\d+\s+(\w+)/im.exec(message)?.[1] ?? '';

/** Runs one call: the callee answers until the BYE, the caller plays `scenario` with `intervalSeconds`. */
async function callWithTimers(scenario: string, intervalSeconds: number) {
  const startedMs = Date.now();
  const media = await listenForRtp();
  const calleePort = await registerCallee(testNode);
  try {
    const callee = answerAsCallee(testNode, calleePort, 'uas-answer-expect-bye.xml', [media.port]);
    const caller = await callFromCaller(testNode, scenario, [intervalSeconds]);
    const uas = await callee;
    return { caller, callee: uas, log: caller.exitCode === 0 ? await waitForCallLogSince(testNode, startedMs) : undefined };
  } finally {
    await media.close();
    await unregisterCallee(testNode);
  }
}

describe('session timers (RFC 4028)', () => {
  it('a caller asking `Session-Expires: 90;refresher=uac` MUST get it in the 200 with `Require: timer`, and its re-INVITE and UPDATE refreshes MUST get 200 with it', async () => {
    const { caller, callee } = await callWithTimers('uac-call-session-timer-refresh-expect-200.xml', 90);
    assert.equal(caller.exitCode, 0, sippSummary(caller));
    assert.equal(callee.exitCode, 0, sippSummary(callee));
    const successes = responsesIn(caller.messages).filter((message) => cseqMethod(message) !== 'BYE');
    assert.deepEqual(successes.map(cseqMethod), ['INVITE', 'INVITE', 'UPDATE']);
    for (const message of successes) assert.match(message, /^\s*Session-Expires:\s*90;refresher=uac\s*$/im);
    assert.match(successes[0] ?? '', /^\s*Require:\s*timer\s*$/im);
  });

  it('refreshes MUST keep the session up: an 8 s session refreshed every 3 s lasts until the caller hangs up', async () => {
    const { caller, callee, log } = await callWithTimers('uac-call-session-timer-refresh-expect-200.xml', 8);
    assert.equal(caller.exitCode, 0, sippSummary(caller));
    assert.equal(callee.exitCode, 0, sippSummary(callee));
    // Without the refreshes the node would have sent BYE 8 - 8/3 s after the answer (RFC 4028 §10),
    // and the caller, pausing until its own BYE at 9 s, would have failed on it.
    assert.equal(log?.hangupQ850Cause, 16);
  });

  it('when the refresher stops refreshing, the node MUST send BYE to both sides before the session expires and log the call as ended by the timer', async () => {
    const { caller, callee, log } = await callWithTimers('uac-call-session-timer-lapse-expect-bye.xml', 8);
    assert.equal(caller.exitCode, 0, sippSummary(caller));
    assert.equal(callee.exitCode, 0, sippSummary(callee));
    assert.equal(log?.answered, true);
    assert.deepEqual([log?.hangupQ850Cause, log?.hangupSipStatus], [102, 408]);
    // The BYE comes at the interval less min(32 s, interval / 3), never before (RFC 4028 §10).
    const talkMs = (log?.endedAtMs ?? 0) - (log?.answeredAtMs ?? 0);
    assert.ok(talkMs >= 5_000, `BYE ${String(talkMs)} ms after the answer`);
  });
});
