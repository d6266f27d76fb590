import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createResponse } from '../message/index.ts';
import type { ServerTransaction } from './server-transaction.ts';
import { createLayerHarness } from './testing/layer-harness.ts';
import { buildRequest, settle, tcp, udp } from './testing/sip-fakes.ts';

function receiveBye(options: { readonly tcp?: boolean } = {}) {
  const harness = createLayerHarness();
  const bye = buildRequest({
    method: 'BYE',
    toTag: 'uas-tag',
    via: `SIP/2.0/${options.tcp === true ? 'TCP' : 'UDP'} 192.0.2.10:5060;branch=z9hG4bKnist1`,
  });
  const source = options.tcp === true ? tcp('192.0.2.10', 40_000, 'conn-2') : udp('192.0.2.10', 5060);
  harness.layer.receive(bye, source);
  const transaction = harness.tu.requests[0] as ServerTransaction;
  const respond = (status: number) => harness.layer.respond(transaction, createResponse(transaction.request, status));
  const statuses = (): number[] => harness.wire.responses().map((response) => response.status);
  const retransmit = () => harness.layer.receive(bye, source);
  return { ...harness, transaction, respond, statuses, retransmit };
}

describe('non-INVITE server transaction', () => {
  it("in 'trying', MUST pass the request to the TU once and discard its retransmissions", () => {
    const harness = receiveBye();
    const outcome = harness.retransmit();
    assert.deepEqual([outcome, harness.statuses(), harness.tu.requests.length], ['request.absorbed', [], 1]);
  });

  it("in 'proceeding', MUST resend the most recent provisional response on a retransmission", () => {
    const harness = receiveBye();
    harness.respond(100);
    harness.retransmit();
    assert.deepEqual([harness.transaction.state, harness.statuses()], ['proceeding', [100, 100]]);
  });

  it("on a final response, MUST enter 'completed' and resend it for each retransmission", () => {
    const harness = receiveBye();
    harness.respond(200);
    harness.retransmit();
    harness.retransmit();
    assert.deepEqual([harness.transaction.state, harness.statuses()], ['completed', [200, 200, 200]]);
  });

  it("in 'completed', MUST discard further final responses from the TU", () => {
    const harness = receiveBye();
    harness.respond(200);
    const result = harness.respond(500);
    assert.equal(result.type === 'error' ? result.code : result.type, 'response-refused');
    assert.deepEqual(harness.statuses(), [200]);
  });

  it('over UDP, MUST terminate when Timer J fires at 64·T1', () => {
    const harness = receiveBye();
    harness.respond(200);
    harness.clock.advance(31_999);
    assert.equal(harness.transaction.state, 'completed');
    harness.clock.advance(1);
    assert.equal(harness.transaction.state, 'terminated');
  });

  it('over TCP, MUST terminate at once (Timer J = 0)', () => {
    const harness = receiveBye({ tcp: true });
    harness.respond(200);
    assert.deepEqual([harness.transaction.state, harness.clock.pendingTimerCount()], ['terminated', 0]);
  });

  it('MUST refuse a response once terminated', () => {
    const harness = receiveBye({ tcp: true });
    harness.respond(200);
    const result = harness.respond(200);
    assert.equal(result.type === 'error' ? result.code : result.type, 'transaction-terminated');
  });

  it('on a transport error, MUST inform the TU and remain in its state (RFC 6026 §8.8)', async () => {
    const harness = receiveBye();
    harness.wire.failSends(true);
    harness.respond(200);
    await settle();
    assert.deepEqual(harness.tu.failures.map((failure) => failure.failure), ['transport-error']);
    assert.equal(harness.transaction.state, 'completed');
  });
});
