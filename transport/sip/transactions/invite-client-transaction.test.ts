import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getHeader, getHeaders } from '../message/index.ts';
import { createLayerHarness, recordingDelegate } from './testing/layer-harness.ts';
import { buildRequest, buildResponse, settle, tcp, udp } from './testing/sip-fakes.ts';
import { DEFAULT_SIP_TIMER_CONFIG } from './timer-values.ts';
import { startInviteClientTransaction, transitionInviteClient } from './invite-client-transaction.ts';

const server = udp('192.0.2.20', 5060);

function startInvite(options: { readonly tcp?: boolean; readonly t1Ms?: number; readonly unreachable?: boolean } = {}) {
  const harness = createLayerHarness(options.t1Ms === undefined ? {} : { timers: { t1Ms: options.t1Ms } });
  harness.wire.failSends(options.unreachable === true);
  const invite = buildRequest({
    branch: 'z9hG4bKict1',
    via: `SIP/2.0/${options.tcp === true ? 'TCP' : 'UDP'} 192.0.2.10:5060;branch=z9hG4bKict1`,
    extraHeaders: { route: ['<sip:p1.example.com;lr>', '<sip:p2.example.com;lr>'] },
  });
  const recorder = recordingDelegate(harness.clock);
  const destination = options.tcp === true ? tcp('192.0.2.20', 5060, 'c1') : server;
  const result = harness.layer.sendRequest(invite, destination, recorder.delegate);
  assert.equal(result.type, 'started');
  const transaction = result.type === 'started' ? result.transaction : undefined;
  return { ...harness, invite, calls: recorder.calls, transaction };
}

function inviteSendTimes(harness: ReturnType<typeof startInvite>): number[] {
  return harness.wire.sent.filter((sent) => sent.message.type === 'request' && sent.message.method === 'INVITE').map((sent) => sent.atMs);
}

describe('INVITE client transaction', () => {
  describe("in 'calling'", () => {
    it('over UDP, MUST retransmit the INVITE at 500, 1500, 3500, 7500, 15500 and 31500 ms (Timer A doubles, no T2 cap)', () => {
      const harness = startInvite();
      harness.clock.advance(31_999);
      assert.deepEqual(inviteSendTimes(harness), [0, 500, 1500, 3500, 7500, 15_500, 31_500]);
    });

    it('MUST inform the TU of a timeout when Timer B fires at 64·T1 = 32 s, and MUST NOT send an ACK', () => {
      const harness = startInvite();
      harness.clock.advance(32_000);
      assert.deepEqual(harness.calls, [{ type: 'timeout', atMs: 32_000 }]);
      assert.equal(harness.wire.requests('ACK').length, 0);
    });

    it('over TCP, MUST NOT retransmit the INVITE (no Timer A)', () => {
      const harness = startInvite({ tcp: true });
      harness.clock.advance(31_999);
      assert.deepEqual(inviteSendTimes(harness), [0]);
    });

    it('MUST scale Timers A and B with a tuned T1', () => {
      const harness = startInvite({ t1Ms: 1000 });
      harness.clock.advance(64_000);
      assert.deepEqual(inviteSendTimes(harness).slice(0, 3), [0, 1000, 3000]);
      assert.deepEqual(harness.calls, [{ type: 'timeout', atMs: 64_000 }]);
    });

    it("on a 1xx, MUST enter 'proceeding', pass it to the TU and stop retransmitting", () => {
      const harness = startInvite();
      harness.clock.advance(100);
      harness.layer.receive(buildResponse(harness.invite, 180), server);
      harness.clock.advance(120_000);
      assert.deepEqual(inviteSendTimes(harness), [0]);
      assert.deepEqual(harness.calls, [{ type: 'provisional', status: 180, atMs: 100 }]);
    });

    it('on a transport error, MUST terminate and inform the TU', async () => {
      const harness = startInvite({ tcp: true, unreachable: true });
      await settle();
      assert.deepEqual(harness.calls, [{ type: 'transport-error', atMs: 0 }]);
      assert.equal(harness.transaction?.state, 'terminated');
    });
  });

  describe('on a 300–699 final response', () => {
    it('MUST generate the ACK with the same branch, Request-URI, Route, From, Call-ID, the To of the response and CSeq method ACK', () => {
      const harness = startInvite();
      const busy = buildResponse(harness.invite, 486, 'busy-tag');
      harness.layer.receive(busy, server);
      const [ack] = harness.wire.requests('ACK');
      assert.ok(ack);
      assert.deepEqual(
        {
          uri: ack.uri,
          via: getHeaders(ack, 'via'),
          route: getHeaders(ack, 'route'),
          from: getHeader(ack, 'from'),
          to: getHeader(ack, 'to'),
          callId: getHeader(ack, 'call-id'),
          cseq: getHeader(ack, 'cseq'),
        },
        {
          uri: harness.invite.uri,
          via: getHeaders(harness.invite, 'via'),
          route: ['<sip:p1.example.com;lr>', '<sip:p2.example.com;lr>'],
          from: getHeader(harness.invite, 'from'),
          to: getHeader(busy, 'to'),
          callId: getHeader(harness.invite, 'call-id'),
          cseq: '314159 ACK',
        },
      );
    });

    it('MUST send the ACK to the destination of the INVITE and pass the response to the TU once', () => {
      const harness = startInvite();
      harness.layer.receive(buildResponse(harness.invite, 486), server);
      assert.deepEqual(harness.wire.sent.at(-1)?.destination, server);
      assert.deepEqual(harness.calls, [{ type: 'final', status: 486, atMs: 0 }]);
    });

    it("in 'completed', MUST absorb a retransmitted 486 by resending the ACK, without telling the TU", () => {
      const harness = startInvite();
      const busy = buildResponse(harness.invite, 486);
      harness.layer.receive(busy, server);
      harness.clock.advance(1000);
      const outcome = harness.layer.receive(busy, server);
      assert.equal(harness.wire.requests('ACK').length, 2);
      assert.deepEqual([outcome, harness.calls.length], ['response.matched', 1]);
    });

    it('over UDP, MUST stay in completed for Timer D = 32 s, then terminate', () => {
      const harness = startInvite();
      harness.layer.receive(buildResponse(harness.invite, 486), server);
      harness.clock.advance(31_999);
      assert.equal(harness.transaction?.state, 'completed');
      harness.clock.advance(1);
      assert.equal(harness.transaction?.state, 'terminated');
    });

    it('over TCP, MUST terminate at once (Timer D = 0) after sending the ACK', () => {
      const harness = startInvite({ tcp: true });
      harness.layer.receive(buildResponse(harness.invite, 486), tcp('192.0.2.20', 5060, 'c1'));
      assert.equal(harness.transaction?.state, 'terminated');
      assert.equal(harness.wire.requests('ACK').length, 1);
    });
  });

  describe("on a 2xx (RFC 6026 'accepted')", () => {
    it("MUST enter 'accepted', pass the 2xx to the TU as final and not ACK it", () => {
      const harness = startInvite();
      harness.layer.receive(buildResponse(harness.invite, 200), server);
      assert.equal(harness.transaction?.state, 'accepted');
      assert.deepEqual([harness.calls, harness.wire.requests('ACK').length], [[{ type: 'final', status: 200, atMs: 0 }], 0]);
    });

    it('MUST pass 2xx retransmissions and 2xx from other forks to the TU as additional successes', () => {
      const harness = startInvite();
      harness.layer.receive(buildResponse(harness.invite, 200, 'fork-a'), server);
      harness.clock.advance(500);
      harness.layer.receive(buildResponse(harness.invite, 200, 'fork-a'), server);
      harness.layer.receive(buildResponse(harness.invite, 200, 'fork-b'), server);
      assert.deepEqual(
        harness.calls.map((call) => call.type),
        ['final', 'additional', 'additional'],
      );
    });

    it('MUST terminate when Timer M fires at 64·T1', () => {
      const harness = startInvite();
      harness.layer.receive(buildResponse(harness.invite, 200), server);
      harness.clock.advance(31_999);
      assert.equal(harness.transaction?.state, 'accepted');
      harness.clock.advance(1);
      assert.equal(harness.transaction?.state, 'terminated');
    });

    it('after Timer M, a retransmitted 2xx MUST reach the TU as a stray success', () => {
      const harness = startInvite();
      const ok = buildResponse(harness.invite, 200);
      harness.layer.receive(ok, server);
      harness.clock.advance(32_000);
      const outcome = harness.layer.receive(ok, server);
      assert.deepEqual([outcome, harness.tu.straySuccesses.length], ['stray-success.passed', 1]);
    });
  });

  it('MUST leave no timer armed once terminated', () => {
    const harness = startInvite();
    harness.layer.receive(buildResponse(harness.invite, 180), server);
    harness.layer.receive(buildResponse(harness.invite, 603), server);
    harness.clock.advance(32_000);
    assert.deepEqual([harness.transaction?.state, harness.clock.pendingTimerCount()], ['terminated', 0]);
  });
});

describe("INVITE client transaction once 'completed'", () => {
  const env = { now: 0 };
  const rejected = () => {
    const invite = buildRequest({ branch: 'z9hG4bKict-trim' });
    const started = startInviteClientTransaction(invite, { reliable: false, timerConfig: DEFAULT_SIP_TIMER_CONFIG }, env);
    const busy = buildResponse(invite, 486);
    return { busy, step: transitionInviteClient(started.snapshot, { type: 'response.received', response: busy }, env) };
  };
  const sentBytes = (effects: readonly { readonly type: string }[]) =>
    effects.flatMap((effect) => ('bytes' in effect && typeof effect.bytes === 'string' ? [effect.bytes] : []));

  it('MUST keep only its deadline, error flag and the bytes of the ACK, not the INVITE', () => {
    const { step } = rejected();
    assert.deepEqual(Object.keys(step.snapshot).sort(), ['ack', 'kind', 'state', 'timers', 'transportErrorReported']);
  });

  it('MUST re-send the very bytes of its ACK for a retransmitted final response', () => {
    const { busy, step } = rejected();
    const again = transitionInviteClient(step.snapshot, { type: 'response.received', response: busy }, env);
    assert.deepEqual(sentBytes(again.effects), sentBytes(step.effects));
  });
});
