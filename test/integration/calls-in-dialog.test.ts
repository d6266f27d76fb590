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
import { waitUntil } from '../support/wait-until.ts';
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
/** The static payload type of PCMA (RFC 3551 §6), which the callee's SDP answers with. */
const PCMA_PAYLOAD_TYPE = 8;
/** Music on hold sends a packet every 20 ms: this long without one means it stopped. */
const QUIET_MS = 600;
const CALLEE_HOLD_SCENARIO = 'uas-answer-expect-hold-resume-reinvites.xml';

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
      await unregisterCallee(testNode);
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
      await unregisterCallee(testNode);
    }
  });
});

/** The times at which the node published the call events of this file's current call. */
function watchCallEvents(onEvent: (name: string) => void): () => void {
  return testNode.node.bus.subscribe(['call_held', 'call_resumed', 'call_ended'], (event) => onEvent(event.name));
}

describe('hold and resume', () => {
  it('while the caller holds, the callee MUST receive music-on-hold RTP in the negotiated G.711 payload type, and it MUST stop on resume', async () => {
    const startedMs = Date.now();
    const calleeMedia = await listenForRtp();
    const callerMedia = await listenForRtp();
    const calleePort = await registerCallee(testNode);
    const seen: { name: string; calleePackets: number }[] = [];
    const unsubscribe = watchCallEvents((name) => seen.push({ name, calleePackets: calleeMedia.count }));
    try {
      const callee = answerAsCallee(testNode, calleePort, CALLEE_HOLD_SCENARIO, [calleeMedia.port]);
      const caller = callFromCaller(testNode, 'uac-call-hold-resume-expect-200.xml', [callerMedia.port]);
      // Nothing reaches the callee before the hold: the caller sends no RTP.
      assert.ok(await waitUntil(() => seen.some((event) => event.name === 'call_held'), { timeoutMs: 20_000 }), 'call_held');
      assert.equal(seen.find((event) => event.name === 'call_held')?.calleePackets, 0);
      assert.ok(await waitUntil(() => seen.some((event) => event.name === 'call_resumed'), { timeoutMs: 20_000 }), 'call_resumed');
      const whileHeld = seen.find((event) => event.name === 'call_resumed')?.calleePackets ?? 0;
      assert.ok(whileHeld >= 10, `music-on-hold packets while held: ${String(whileHeld)}`);
      // After the resume, the callee hears the caller again, who sends nothing: the stream stops
      // while the call is still up.
      const quiet = await waitUntil(() => Date.now() - (calleeMedia.lastArrivalMs ?? 0) >= QUIET_MS, { timeoutMs: 20_000 });
      assert.ok(quiet && !seen.some((event) => event.name === 'call_ended'), `music on hold went on after the resume: ${JSON.stringify(seen)}`);
      const run = await caller;
      assert.equal(run.exitCode, 0, sippSummary(run));
      const uas = await callee;
      assert.equal(uas.exitCode, 0, sippSummary(uas));
      assert.equal(calleeMedia.malformed, 0);
      assert.deepEqual([...new Set(calleeMedia.packets.map((packet) => packet.payloadType))], [PCMA_PAYLOAD_TYPE]);
      assert.equal(callerMedia.count, 0, 'the holding caller MUST NOT get music on hold');
      const log = await waitForCallLogSince(testNode, startedMs);
      assert.equal(log.answered, true);
    } finally {
      unsubscribe();
      await calleeMedia.close();
      await callerMedia.close();
      await unregisterCallee(testNode);
    }
  });
});

describe('UPDATE and INFO within the call', () => {
  it('an UPDATE with SDP MUST be answered on its leg and hold or resume like a re-INVITE, an UPDATE without SDP MUST get 200, and INFO MUST reach the other side with its body', async () => {
    const calleeMedia = await listenForRtp();
    const callerMedia = await listenForRtp();
    const calleePort = await registerCallee(testNode);
    const seen: string[] = [];
    const unsubscribe = watchCallEvents((name) => seen.push(name));
    try {
      // The callee checks that it is re-INVITEd sendonly then sendrecv, and that the caller's INFO
      // arrives as application/dtmf-relay with `Signal=5`; the caller checks the answers to its
      // UPDATEs (recvonly, sendrecv, no body for the refresh) and the callee's INFO `Signal=7`.
      const callee = answerAsCallee(testNode, calleePort, 'uas-answer-expect-reinvites-and-info.xml', [calleeMedia.port]);
      const caller = await callFromCaller(testNode, 'uac-call-update-info-expect-200.xml', [callerMedia.port]);
      assert.equal(caller.exitCode, 0, sippSummary(caller));
      const uas = await callee;
      assert.equal(uas.exitCode, 0, sippSummary(uas));
      assert.ok(await waitUntil(() => seen.includes('call_ended')), `events: ${seen.join(', ')}`);
      assert.deepEqual(seen, ['call_held', 'call_resumed', 'call_ended']);
      assert.ok(calleeMedia.count > 0, 'the callee held by UPDATE MUST get music on hold');
    } finally {
      unsubscribe();
      await calleeMedia.close();
      await callerMedia.close();
      await unregisterCallee(testNode);
    }
  });
});
