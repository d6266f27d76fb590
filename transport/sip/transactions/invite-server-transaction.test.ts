import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createResponse, getHeader } from '../message/index.ts';
import { buildAckForNon2xx } from './ack-request.ts';
import type { ServerTransaction } from './server-transaction.ts';
import { createLayerHarness } from './testing/layer-harness.ts';
import { buildRequest, tcp, udp } from './testing/sip-fakes.ts';

const client = udp('192.0.2.10', 5060);

function receiveInvite(options: { readonly tcp?: boolean; readonly answer?: number } = {}) {
  const harness = createLayerHarness();
  const answer = options.answer;
  if (answer !== undefined) {
    harness.tu.whenRequest = (transaction) => {
      harness.layer.respond(transaction, createResponse(transaction.request, answer, { toTag: 'uas-tag' }));
    };
  }
  const invite = buildRequest({
    branch: 'z9hG4bKist1',
    via: `SIP/2.0/${options.tcp === true ? 'TCP' : 'UDP'} 192.0.2.10:5060;branch=z9hG4bKist1`,
  });
  const source = options.tcp === true ? tcp('192.0.2.10', 50_123, 'conn-7') : client;
  const outcome = harness.layer.receive(invite, source);
  const transaction = harness.tu.requests[0] as ServerTransaction;
  const respond = (status: number) => harness.layer.respond(transaction, createResponse(transaction.request, status, { toTag: 'uas-tag' }));
  const statuses = (): number[] => harness.wire.responses().map((response) => response.status);
  return { ...harness, invite, source, outcome, transaction, respond, statuses };
}

describe('INVITE server transaction', () => {
  describe("in 'proceeding'", () => {
    it('MUST pass a new INVITE to the TU and send 100 (Trying) at once, without a To tag', () => {
      const harness = receiveInvite();
      assert.equal(harness.outcome, 'transaction.created');
      const [trying] = harness.wire.responses(100);
      assert.equal(getHeader(trying ?? harness.invite, 'to'), getHeader(harness.invite, 'to'));
    });

    it('MUST NOT send 100 (Trying) when the TU answered within onRequest', () => {
      const harness = receiveInvite({ answer: 180 });
      assert.deepEqual(harness.statuses(), [180]);
    });

    it('MUST absorb an INVITE retransmission by resending the most recent provisional response', () => {
      const harness = receiveInvite();
      harness.respond(180);
      const outcome = harness.layer.receive(harness.invite, harness.source);
      assert.deepEqual([outcome, harness.statuses()], ['request.absorbed', [100, 180, 180]]);
      assert.equal(harness.tu.requests.length, 1);
    });
  });

  describe("on a 300–699 from the TU ('completed')", () => {
    it('over UDP, MUST retransmit it with Timer G at 500, 1500, 3500, 7500, 11500 ms (doubling, capped at T2)', () => {
      const harness = receiveInvite();
      harness.respond(486);
      harness.clock.advance(11_999);
      const times = harness.wire.sent.filter((sent) => sent.message.type === 'response' && sent.message.status === 486);
      assert.deepEqual(times.map((sent) => sent.atMs), [0, 500, 1500, 3500, 7500, 11_500]);
    });

    it('MUST tell the TU of a transaction failure when Timer H fires at 64·T1 without an ACK', () => {
      const harness = receiveInvite();
      harness.respond(486);
      harness.clock.advance(32_000);
      assert.deepEqual(harness.tu.failures.map((failure) => failure.failure), ['timeout']);
      assert.equal(harness.transaction.state, 'terminated');
    });

    it('MUST resend the final response when the INVITE is retransmitted', () => {
      const harness = receiveInvite();
      harness.respond(486);
      harness.layer.receive(harness.invite, harness.source);
      assert.deepEqual(harness.statuses(), [100, 486, 486]);
    });

    it("on the ACK, MUST enter 'confirmed' and stop retransmitting", () => {
      const harness = receiveInvite();
      harness.respond(486);
      const [busy] = harness.wire.responses(486);
      harness.layer.receive(buildAckForNon2xx(harness.invite, busy ?? harness.wire.responses()[0]!), harness.source);
      harness.clock.advance(4000);
      assert.deepEqual([harness.transaction.state, harness.statuses()], ['confirmed', [100, 486]]);
    });

    it("in 'confirmed', MUST absorb further ACKs without passing them to the TU", () => {
      const harness = receiveInvite();
      harness.respond(486);
      const ack = buildAckForNon2xx(harness.invite, harness.wire.responses(486)[0]!);
      harness.layer.receive(ack, harness.source);
      const outcome = harness.layer.receive(ack, harness.source);
      assert.deepEqual([outcome, harness.tu.acks.length], ['ack.matched', 0]);
    });

    it("over UDP, MUST leave 'confirmed' when Timer I fires at T4 = 5 s", () => {
      const harness = receiveInvite();
      harness.respond(486);
      harness.layer.receive(buildAckForNon2xx(harness.invite, harness.wire.responses(486)[0]!), harness.source);
      harness.clock.advance(4999);
      assert.equal(harness.transaction.state, 'confirmed');
      harness.clock.advance(1);
      assert.equal(harness.transaction.state, 'terminated');
    });

    it('over TCP, MUST NOT retransmit (no Timer G) and MUST terminate on the ACK (Timer I = 0)', () => {
      const harness = receiveInvite({ tcp: true });
      harness.respond(486);
      harness.clock.advance(10_000);
      harness.layer.receive(buildAckForNon2xx(harness.invite, harness.wire.responses(486)[0]!), harness.source);
      assert.deepEqual([harness.statuses(), harness.transaction.state], [[100, 486], 'terminated']);
    });

    it('MUST refuse a second final response from the TU', () => {
      const harness = receiveInvite();
      harness.respond(486);
      const result = harness.respond(200);
      assert.equal(result.type === 'error' ? result.code : result.type, 'response-refused');
    });
  });

  describe("on a 2xx from the TU ('accepted', RFC 6026)", () => {
    it('MUST send it once and never retransmit it on its own', () => {
      const harness = receiveInvite();
      harness.respond(200);
      harness.clock.advance(31_000);
      assert.deepEqual([harness.transaction.state, harness.statuses()], ['accepted', [100, 200]]);
    });

    it('MUST absorb INVITE retransmissions without resending anything', () => {
      const harness = receiveInvite();
      harness.respond(200);
      const outcome = harness.layer.receive(harness.invite, harness.source);
      assert.deepEqual([outcome, harness.statuses(), harness.tu.requests.length], ['request.absorbed', [100, 200], 1]);
    });

    it("MUST send the TU's retransmissions of the 2xx", () => {
      const harness = receiveInvite();
      harness.respond(200);
      harness.clock.advance(500);
      assert.deepEqual(harness.respond(200), { type: 'sent' });
      assert.deepEqual(harness.statuses(), [100, 200, 200]);
    });

    it('MUST terminate when Timer L fires at 64·T1', () => {
      const harness = receiveInvite();
      harness.respond(200);
      harness.clock.advance(31_999);
      assert.equal(harness.transaction.state, 'accepted');
      harness.clock.advance(1);
      assert.equal(harness.transaction.state, 'terminated');
    });

    it('MUST pass the ACK for the 2xx, sent with a new branch, to the TU', () => {
      const harness = receiveInvite();
      harness.respond(200);
      const ack = buildRequest({ method: 'ACK', branch: 'z9hG4bKack2xx', toTag: 'uas-tag' });
      const outcome = harness.layer.receive(ack, harness.source);
      assert.deepEqual([outcome, harness.tu.acks.length], ['ack.passed', 1]);
    });

    it('MUST pass to the TU an ACK that reuses the INVITE branch while accepted (RFC 6026 Figure 7)', () => {
      const harness = receiveInvite();
      harness.respond(200);
      const ack = buildRequest({ method: 'ACK', branch: 'z9hG4bKist1', toTag: 'uas-tag' });
      const outcome = harness.layer.receive(ack, harness.source);
      assert.deepEqual([outcome, harness.tu.acks.length, harness.transaction.state], ['ack.passed', 1, 'accepted']);
    });
  });

  it('on a transport error, MUST inform the TU once and remain in its state (RFC 6026 §8.8)', async () => {
    const harness = receiveInvite();
    harness.wire.failSends(true);
    harness.respond(486);
    harness.clock.advance(1500);
    for (let round = 0; round < 10; round++) await Promise.resolve();
    assert.deepEqual(harness.tu.failures.map((failure) => failure.failure), ['transport-error']);
    assert.equal(harness.transaction.state, 'completed');
  });
});
