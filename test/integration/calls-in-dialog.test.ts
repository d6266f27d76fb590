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
import { listenForRtp, type RtpListener } from '../support/rtp-listener.ts';
import type { SippRun } from '../support/sipp.ts';
import { waitUntil } from '../support/wait-until.ts';
import { answerAsCallee, callFromCaller, mediaPortsReceived, registerCallee, rtpPortsApart, sippSummary, unregisterCallee, waitForCallLogSince } from '../support/sipp-parties.ts';

let testNode: TestNode;
before(async () => {
  testNode = await startTestNode({ extraArgs: ['--rtp-ports', rtpPortsApart()] });
});
after(async () => {
  await testNode.close();
});

/** Q.850 16, Normal call clearing: a BYE from either phone. */
const NORMAL_CLEARING = 16;
/** The static payload type of PCMA (RFC 3551 §6), which the callee's SDP answers with. */
const PCMA_PAYLOAD_TYPE = 8;
/**
 * Music on hold sends a packet every 20 ms; a packet may still be on its way when the resume is
 * published, none may arrive this long after it.
 */
const QUIET_MS = 1_000;

/** One call that ends with a BYE from one side: both phones' scenarios MUST pass, and the log MUST be answered. */
async function callEndedByBye(scenarios: { readonly callee: string; readonly caller: string }): Promise<void> {
  const startedMs = Date.now();
  const media = await listenForRtp();
  const calleePort = await registerCallee(testNode);
  const callee = answerAsCallee(testNode, calleePort, scenarios.callee, [media.port]);
  const caller = callFromCaller(testNode, scenarios.caller);
  try {
    const [uas, uac] = [await callee, await caller];
    assert.equal(uac.exitCode, 0, sippSummary(uac));
    assert.equal(uas.exitCode, 0, sippSummary(uas));
    const log = await waitForCallLogSince(testNode, startedMs);
    assert.deepEqual([log.answered, log.hangupQ850Cause], [true, NORMAL_CLEARING]);
  } finally {
    await Promise.allSettled([callee, caller]);
    await media.close();
    await unregisterCallee(testNode);
  }
}

describe('hanging up an answered call', () => {
  it('caller hangs up: the callee MUST get the BYE and the call log MUST be answered, normal clearing', async () => {
    await callEndedByBye({ callee: 'uas-answer-expect-bye.xml', caller: 'uac-call-expect-answer.xml' });
  });

  it('callee hangs up: the caller MUST get the BYE and the call log MUST be answered, normal clearing', async () => {
    await callEndedByBye({ callee: 'uas-answer-then-hang-up.xml', caller: 'uac-call-expect-bye-from-callee.xml' });
  });
});

/**
 * The hold events of this file's current call, and its end: each channel has its own call_ended,
 * and the caller's channel stands for the call.
 */
function watchCallEvents(onEvent: (name: string) => void): () => void {
  return testNode.node.bus.subscribe(['call_held', 'call_resumed', 'call_ended'], (event) => {
    if (event.name !== 'call_ended' || (event.data as { is_caller?: boolean }).is_caller === true) onEvent(event.name);
  });
}

/**
 * Runs a call in which one party holds then resumes, and checks the RTP the node sends the other
 * party: none before the hold, G.711 PCMA music on hold while held (the phones send no RTP, so
 * every packet is music on hold), none once resumed while the call is still up, and none to the
 * holding party. Packets are told apart by their source port, the node's RTP port of that leg.
 */
async function holdAndResume(scenarios: { readonly callee: string; readonly caller: string }, heldParty: 'caller' | 'callee'): Promise<void> {
  const startedMs = Date.now();
  const calleeMedia = await listenForRtp();
  const callerMedia = await listenForRtp();
  const calleePort = await registerCallee(testNode);
  const times = new Map<string, number>();
  const unsubscribe = watchCallEvents((name) => times.set(name, Date.now()));
  const callee = answerAsCallee(testNode, calleePort, scenarios.callee, [calleeMedia.port]);
  const caller = callFromCaller(testNode, scenarios.caller, [callerMedia.port]);
  try {
    const [uas, uac] = [await callee, await caller];
    assert.equal(uac.exitCode, 0, sippSummary(uac));
    assert.equal(uas.exitCode, 0, sippSummary(uas));
    assert.ok(await waitUntil(() => times.has('call_ended')), 'call_ended');
    const [heldMs, resumedMs, endedMs] = ['call_held', 'call_resumed', 'call_ended'].map((name) => times.get(name) ?? Number.NaN) as [number, number, number];
    assert.ok(heldMs < resumedMs && resumedMs + QUIET_MS < endedMs, `events: ${JSON.stringify([...times])}`);
    const fromNode = (media: RtpListener, run: SippRun) => media.packets.filter((packet) => mediaPortsReceived(run).has(packet.sourcePort));
    const [held, holding] = heldParty === 'callee' ? [fromNode(calleeMedia, uas), fromNode(callerMedia, uac)] : [fromNode(callerMedia, uac), fromNode(calleeMedia, uas)];
    assert.deepEqual(held.filter((packet) => packet.arrivalMs < heldMs), [], 'nothing before the hold: the phones send no RTP');
    const whileHeld = held.filter((packet) => packet.arrivalMs >= heldMs && packet.arrivalMs <= resumedMs);
    const sources = [...new Set([...calleeMedia.packets, ...callerMedia.packets].map((packet) => packet.sourcePort))];
    assert.ok(whileHeld.length >= 10, `music-on-hold packets while held: ${String(whileHeld.length)} (received from ports ${sources.join(', ')}; node ports ${[...mediaPortsReceived(uas), ...mediaPortsReceived(uac)].join(', ')})`);
    assert.deepEqual([...new Set(whileHeld.map((packet) => packet.payloadType))], [PCMA_PAYLOAD_TYPE]);
    assert.deepEqual(held.filter((packet) => packet.arrivalMs > resumedMs + QUIET_MS), [], 'music on hold MUST stop on resume');
    assert.deepEqual(holding, [], 'the holding party MUST NOT get music on hold');
    const log = await waitForCallLogSince(testNode, startedMs);
    assert.equal(log.answered, true);
  } finally {
    unsubscribe();
    // A failed assertion must not leave this call's phones running into the next test.
    await Promise.allSettled([callee, caller]);
    await calleeMedia.close();
    await callerMedia.close();
    await unregisterCallee(testNode);
  }
}

describe('hold and resume', () => {
  it('while the caller holds, the callee MUST be re-INVITEd sendonly and receive music-on-hold RTP in the negotiated G.711 payload type, which MUST stop on resume', async () => {
    // The callee's scenario checks the re-INVITEs it gets: a=sendonly, then a=sendrecv.
    await holdAndResume({ callee: 'uas-answer-expect-hold-resume-reinvites.xml', caller: 'uac-call-hold-resume-expect-200.xml' }, 'callee');
  });

  it('while the callee holds, the caller MUST be re-INVITEd sendonly and receive music on hold, which MUST stop on resume', async () => {
    await holdAndResume({ callee: 'uas-answer-then-hold-resume.xml', caller: 'uac-call-expect-hold-resume-from-callee.xml' }, 'caller');
  });

  it('a resume that comes while the hold re-INVITE to the callee is unanswered MUST reach the callee after it, never lost', async () => {
    const calleePort = await registerCallee(testNode);
    const media = await listenForRtp();
    const callerMedia = await listenForRtp();
    // The callee answers the hold re-INVITE a second late and checks that the resume re-INVITE
    // comes only then (RFC 3261 §14.1); the caller holds and resumes without waiting.
    const callee = answerAsCallee(testNode, calleePort, 'uas-answer-hold-reinvite-late-expect-resume-reinvite.xml', [media.port]);
    const caller = callFromCaller(testNode, 'uac-call-hold-resume-at-once-expect-200.xml', [callerMedia.port]);
    try {
      const [uas, uac] = [await callee, await caller];
      assert.equal(uac.exitCode, 0, sippSummary(uac));
      assert.equal(uas.exitCode, 0, sippSummary(uas));
    } finally {
      await Promise.allSettled([callee, caller]);
      await media.close();
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
    // The callee checks that it is re-INVITEd sendonly then sendrecv, and that the caller's INFO
    // arrives as application/dtmf-relay with `Signal=5`; the caller checks the answers to its
    // UPDATEs (recvonly, sendrecv, no body for the refresh) and the callee's INFO `Signal=7`.
    const callee = answerAsCallee(testNode, calleePort, 'uas-answer-expect-reinvites-and-info.xml', [calleeMedia.port]);
    const caller = callFromCaller(testNode, 'uac-call-update-info-expect-200.xml', [callerMedia.port]);
    try {
      const [uas, uac] = [await callee, await caller];
      assert.equal(uac.exitCode, 0, sippSummary(uac));
      assert.equal(uas.exitCode, 0, sippSummary(uas));
      assert.ok(await waitUntil(() => seen.includes('call_ended')), `events: ${seen.join(', ')}`);
      assert.deepEqual(seen, ['call_held', 'call_resumed', 'call_ended']);
      const nodePorts = mediaPortsReceived(uas);
      assert.ok(calleeMedia.packets.some((packet) => nodePorts.has(packet.sourcePort)), 'the callee held by UPDATE MUST get music on hold');
    } finally {
      unsubscribe();
      await Promise.allSettled([callee, caller]);
      await calleeMedia.close();
      await callerMedia.close();
      await unregisterCallee(testNode);
    }
  });
});
