import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createResponse } from '../message/index.ts';
import type { SipEndpoint } from '../sip-endpoint.ts';
import type { ServerTransaction } from './server-transaction.ts';
import { createLayerHarness } from './testing/layer-harness.ts';
import { buildRequest, settle, tcp, udp } from './testing/sip-fakes.ts';
import { DEFAULT_SIP_TIMER_CONFIG } from './timer-values.ts';
import { startNonInviteServerTransaction, transitionNonInviteServer } from './non-invite-server-transaction.ts';

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

describe("non-INVITE server transaction once 'completed'", () => {
  const env = { now: 0 };
  const answered = () => {
    const started = startNonInviteServerTransaction({ reliable: false, timerConfig: DEFAULT_SIP_TIMER_CONFIG });
    const final = createResponse(buildRequest({ method: 'REGISTER' }), 200, { toTag: 'reg-tag' });
    return transitionNonInviteServer(started.snapshot, { type: 'tu.responded', response: final }, env);
  };

  it('MUST keep only its deadline, error flag and the bytes of the final response', () => {
    const { snapshot } = answered();
    assert.deepEqual(Object.keys(snapshot).sort(), ['finalResponse', 'kind', 'state', 'timers', 'transportErrorReported']);
  });

  it('MUST answer a retransmission with the very bytes it sent first', () => {
    const first = answered();
    const again = transitionNonInviteServer(first.snapshot, { type: 'request.retransmitted' }, env);
    const bytesOf = (effects: typeof first.effects) => effects.flatMap((effect) => (effect.type === 'message.send' ? [effect.bytes] : []));
    assert.deepEqual(bytesOf(again.effects), bytesOf(first.effects));
  });

  it('MUST put the same octets on the wire for each retransmission through the layer', () => {
    const datagrams: Uint8Array[] = [];
    const sender = { send: (bytes: Uint8Array, _destination: SipEndpoint) => Promise.resolve(datagrams.push(Uint8Array.from(bytes)) > 0) };
    const { layer, tu } = createLayerHarness({ sender });
    const register = buildRequest({ method: 'REGISTER', via: 'SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKtrim1;rport' });
    tu.whenRequest = (transaction) => layer.respond(transaction, createResponse(transaction.request, 200, { toTag: 'reg-tag' }));
    layer.receive(register, udp('192.0.2.10', 5060));
    layer.receive(register, udp('192.0.2.10', 5060));
    layer.receive(register, udp('192.0.2.10', 5060));
    assert.deepEqual([datagrams.length, datagrams[1], datagrams[2]], [3, datagrams[0], datagrams[0]]);
  });

  it('MUST still report its live state through the handle the TU kept', () => {
    const harness = receiveBye();
    harness.respond(200);
    const whileCompleted = harness.transaction.state;
    harness.clock.advance(32_000);
    assert.deepEqual([whileCompleted, harness.transaction.state], ['completed', 'terminated']);
  });
});
