/**
 * A media worker dies during 20 calls with RTP, and the calls go on.
 *
 * The node runs two media workers. Phone 1001 places 20 calls to phone 1002 (scripted SIP phones
 * over UDP, test/support/sip-phone.ts); each call's two ends are UDP sockets of this test that
 * send a G.711 A-law packet every 20 ms to the node's media port of their leg, as written in the
 * node's SDP, and count what they receive. Once RTP flows both ways on every call, the worker
 * hosting the first call is terminated as a crash would end it (the pool's fault-injection
 * entry). The pool replaces it and re-creates its sessions on a live worker from their snapshots.
 * Every call must then receive new packets in both directions, on the same node ports, from the
 * same sources (same SSRC), and every call must still hang up cleanly. The pool's events show
 * which sessions were re-created: those of the dead worker (about half), none lost.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encodeG711 } from '../../media-workers/codecs/g711.ts';
import type { MediaSessionId } from '../../media-workers/index.ts';
import { UdpPhone } from '../../media-workers/testing/udp-phone.ts';
import { SipPhone, type PhoneCall } from '../support/sip-phone.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

const CALLS = 20;
const PCMA = 8;
const FRAME = encodeG711('PCMA', new Int16Array(160).fill(1200));
/** Media ports of this file's node: a window of its own below the kernel's ephemeral ports. */
const RTP_PORT_START = 20_000 + 2 * Math.floor(Math.random() * 5_000);

let testNode: TestNode;
const closers: (() => void)[] = [];
before(async () => {
  testNode = await startTestNode({ extraArgs: ['--media-workers', '2', '--rtp-ports', `${RTP_PORT_START}-${RTP_PORT_START + 400}`] });
  await testNode.node.store.database.query('UPDATE users SET simultaneous_calls = 50');
});
after(async () => {
  for (const close of closers) close();
  await testNode.close();
});

/** One call as the test sees it: its two ends, the node's ports, and what each end sends. */
interface TestCall {
  readonly callId: string;
  readonly caller: { readonly phone: UdpPhone; readonly sip: PhoneCall; readonly ssrc: number };
  readonly callee: { readonly phone: UdpPhone; readonly nodeMediaPort: number; readonly ssrc: number };
}

async function waitUntil(what: string, condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Sends one packet from each end of every call every 20 ms until stopped. */
function pumpRtp(calls: readonly TestCall[]): () => void {
  let sequenceNumber = 0;
  const timer = setInterval(() => {
    sequenceNumber = (sequenceNumber + 1) & 0xffff;
    const common = { payloadType: PCMA, sequenceNumber, timestamp: sequenceNumber * 160, payload: FRAME };
    for (const call of calls) {
      call.caller.phone.sendRtp({ ...common, ssrc: call.caller.ssrc }, call.caller.sip.nodeMediaPort).catch(() => undefined);
      call.callee.phone.sendRtp({ ...common, ssrc: call.callee.ssrc }, call.callee.nodeMediaPort).catch(() => undefined);
    }
  }, 20);
  return () => clearInterval(timer);
}

/** The SSRCs a phone received from `index` on (what the node sent it). */
function ssrcsFrom(phone: UdpPhone, index: number): Set<number> {
  const packets = phone.rtpPackets().slice(index);
  return new Set(packets.map((packet) => packet.ssrc));
}

/** The longest time between two packets a phone received around index `mark` (a figure, not asserted). */
function gapAround(phone: UdpPhone, mark: number): number {
  const times = phone.received.slice(Math.max(0, mark - 5), mark + 25).map((entry) => entry.atMs);
  return Math.max(0, ...times.slice(1).map((time, index) => time - (times[index] ?? time)));
}

async function placeCalls(caller: SipPhone, callee: SipPhone, callIds: readonly string[]): Promise<TestCall[]> {
  const calleePhones = new Map<string, UdpPhone>();
  callee.answerCalls(async ({ callId }) => {
    const phone = calleePhones.get(callId) ?? (await UdpPhone.open());
    calleePhones.set(callId, phone);
    closers.push(() => phone.close());
    return phone.address.port;
  });
  const calls: TestCall[] = [];
  for (let index = 0; index < CALLS; index += 1) {
    const phone = await UdpPhone.open();
    closers.push(() => phone.close());
    const sip = await caller.call('1002', phone.address.port);
    // Calls are placed one after the other: the call the callee answered last is this one.
    const answered = callee.answered.at(-1);
    const calleePhone = answered === undefined ? undefined : calleePhones.get(answered.callId);
    assert.ok(answered !== undefined && calleePhone !== undefined && callee.answered.length === index + 1, `call ${index} did not reach the callee`);
    assert.equal(sip.payloadType, PCMA);
    await waitUntil(`call_created of call ${index}`, () => callIds.length === index + 1, 10_000);
    calls.push({
      callId: callIds[index] ?? '',
      caller: { phone, sip, ssrc: 0x10000 + index },
      callee: { phone: calleePhone, nodeMediaPort: answered.nodeMediaPort, ssrc: 0x20000 + index },
    });
  }
  return calls;
}

describe('a media worker killed during 20 calls with RTP', () => {
  it('MUST keep all 20 calls passing RTP both ways, on the same ports and SSRCs, after the worker dies', async (context) => {
    const { node } = testNode;
    const pool = node.media.pool;
    const recovered = new Set<string>();
    const lost: string[] = [];
    closers.push(node.media.subscribe((event) => {
      if (event.type === 'session.recovered') recovered.add(event.sessionId);
      if (event.type === 'session.lost') lost.push(event.sessionId);
    }));
    const callIds: string[] = [];
    // Each channel has its own call_created; the caller's channel carries the call's own id.
    closers.push(node.bus.subscribe(['call_created'], (event) => {
      const model = event.data as { call_id: string; is_caller: boolean; conversation_id: string };
      if (model.is_caller) callIds.push(model.conversation_id);
    }));
    const callee = await SipPhone.open('1002', testNode.passwords['1002'], testNode.sipPort);
    const caller = await SipPhone.open('1001', testNode.passwords['1001'], testNode.sipPort);
    closers.push(() => callee.close(), () => caller.close());
    await callee.register();

    const calls = await placeCalls(caller, callee, callIds);
    const stopPump = pumpRtp(calls);
    closers.push(stopPump);
    const flowing = (call: TestCall, marks: { caller: number; callee: number }, packets: number): boolean =>
      call.caller.phone.received.length >= marks.caller + packets && call.callee.phone.received.length >= marks.callee + packets;
    await waitUntil('RTP both ways on every call', () => calls.every((call) => flowing(call, { caller: 0, callee: 0 }, 10)), 30_000);

    const portsOf = (call: TestCall): readonly number[] | undefined => pool.snapshotOf(call.callId as MediaSessionId)?.legs.map((leg) => leg.config.rtpPort);
    const portsBefore = calls.map(portsOf);
    assert.deepEqual(portsBefore, calls.map((call) => [call.caller.sip.nodeMediaPort, call.callee.nodeMediaPort]), 'the pool sessions use the ports of the SDP');
    const ssrcsBefore = calls.map((call) => [ssrcsFrom(call.caller.phone, 0), ssrcsFrom(call.callee.phone, 0)]);

    assert.equal(await pool.terminateWorkerOf((calls[0]?.callId ?? '') as MediaSessionId), true);
    const marks = calls.map((call) => ({ caller: call.caller.phone.received.length, callee: call.callee.phone.received.length }));

    await waitUntil('25 new packets both ways on every call after the kill', () => calls.every((call, index) => flowing(call, marks[index] ?? { caller: 0, callee: 0 }, 25)), 30_000);
    const longestGapMs = Math.max(...calls.flatMap((call, index) => [gapAround(call.caller.phone, marks[index]?.caller ?? 0), gapAround(call.callee.phone, marks[index]?.callee ?? 0)]));
    context.diagnostic(`${recovered.size} of ${CALLS} sessions were re-created after their worker died; longest RTP gap ${longestGapMs.toFixed(0)} ms`);
    assert.ok(recovered.has(calls[0]?.callId ?? '') && recovered.size < CALLS && lost.length === 0, `recovered ${recovered.size}, lost ${lost.length}`);
    assert.deepEqual(calls.map(portsOf), portsBefore, 'every session is on the ports it had');
    const ssrcsAfter = calls.map((call, index) => [ssrcsFrom(call.caller.phone, marks[index]?.caller ?? 0), ssrcsFrom(call.callee.phone, marks[index]?.callee ?? 0)]);
    assert.deepEqual(ssrcsAfter, ssrcsBefore, 'each leg keeps sending with the SSRC it had');
    stopPump();

    const statuses = await Promise.all(calls.map((call) => caller.hangUp(call.caller.sip.callId)));
    assert.deepEqual(statuses, calls.map(() => 200));
    await waitUntil('every media session released', () => pool.sessionCount === 0 && node.calls.activeCallCount() === 0, 15_000);
  });
});
