import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createResponse } from '../message/index.ts';
import { createLayerHarness, recordingDelegate } from './testing/layer-harness.ts';
import { buildRequest, buildResponse, udp } from './testing/sip-fakes.ts';

const alice = udp('192.0.2.10', 5060);

describe('matching requests to server transactions (RFC 3261 §17.2.3)', () => {
  it('MUST treat two requests with the same branch but a different sent-by as two transactions', () => {
    const { layer, tu } = createLayerHarness();
    layer.receive(buildRequest({ via: 'SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKsame' }), alice);
    const outcome = layer.receive(buildRequest({ via: 'SIP/2.0/UDP 192.0.2.99:5060;branch=z9hG4bKsame' }), udp('192.0.2.99', 5060));
    assert.deepEqual([outcome, tu.requests.length], ['transaction.created', 2]);
  });

  it('MUST make a CANCEL with the INVITE branch its own transaction, which finds the INVITE it cancels (§9.2)', () => {
    const { layer, tu } = createLayerHarness();
    layer.receive(buildRequest({ branch: 'z9hG4bKcancelme' }), alice);
    layer.receive(buildRequest({ method: 'CANCEL', branch: 'z9hG4bKcancelme' }), alice);
    const [invite, cancel] = tu.requests;
    assert.equal(cancel?.kind, 'non-invite-server');
    assert.equal(cancel === undefined ? undefined : layer.findCancelledInvite(cancel), invite);
  });

  it('MUST find no INVITE for a CANCEL whose branch matches none', () => {
    const { layer, tu } = createLayerHarness();
    layer.receive(buildRequest({ branch: 'z9hG4bKone' }), alice);
    layer.receive(buildRequest({ method: 'CANCEL', branch: 'z9hG4bKother' }), alice);
    const cancel = tu.requests[1];
    assert.equal(cancel === undefined ? 'none' : layer.findCancelledInvite(cancel), undefined);
  });

  describe('without the magic cookie (RFC 2543 peers)', () => {
    const oldVia = 'SIP/2.0/UDP 192.0.2.10:5060;branch=1a2b3c';

    it('MUST absorb an INVITE that repeats Request-URI, tags, Call-ID, CSeq and top Via', () => {
      const { layer, tu } = createLayerHarness();
      layer.receive(buildRequest({ via: oldVia }), alice);
      const outcome = layer.receive(buildRequest({ via: oldVia }), alice);
      assert.deepEqual([outcome, tu.requests.length], ['request.absorbed', 1]);
    });

    it('MUST treat an INVITE with another CSeq as a new transaction', () => {
      const { layer, tu } = createLayerHarness();
      layer.receive(buildRequest({ via: oldVia, cseq: 1 }), alice);
      layer.receive(buildRequest({ via: oldVia, cseq: 2 }), alice);
      assert.equal(tu.requests.length, 2);
    });

    it('MUST match an ACK whose To tag is that of the final response sent', () => {
      const { layer, tu } = createLayerHarness();
      layer.receive(buildRequest({ via: 'SIP/2.0/UDP 192.0.2.10:5060' }), alice);
      const [invite] = tu.requests;
      if (invite === undefined) throw new Error('no transaction');
      layer.respond(invite, createResponse(invite.request, 486, { toTag: 'uas-tag' }));
      const ack = buildRequest({ method: 'ACK', via: 'SIP/2.0/UDP 192.0.2.10:5060', toTag: 'uas-tag' });
      const outcome = layer.receive(ack, alice);
      assert.deepEqual([outcome, invite.state], ['ack.matched', 'confirmed']);
    });

    it('MUST pass to the TU an ACK whose To tag differs from that of the response sent', () => {
      const { layer, tu } = createLayerHarness();
      layer.receive(buildRequest({ via: oldVia }), alice);
      const [invite] = tu.requests;
      if (invite === undefined) throw new Error('no transaction');
      layer.respond(invite, createResponse(invite.request, 486, { toTag: 'uas-tag' }));
      const outcome = layer.receive(buildRequest({ method: 'ACK', via: oldVia, toTag: 'other-tag' }), alice);
      assert.deepEqual([outcome, invite.state], ['ack.passed', 'completed']);
    });
  });
});

describe('matching responses to client transactions (RFC 3261 §17.1.3)', () => {
  it('MUST route a response by branch and CSeq method, so a 200 to CANCEL never reaches the INVITE', () => {
    const harness = createLayerHarness();
    const invite = buildRequest({ branch: 'z9hG4bKshared' });
    const cancel = buildRequest({ method: 'CANCEL', branch: 'z9hG4bKshared' });
    const inviteCalls = recordingDelegate(harness.clock);
    const cancelCalls = recordingDelegate(harness.clock);
    harness.layer.sendRequest(invite, alice, inviteCalls.delegate);
    harness.layer.sendRequest(cancel, alice, cancelCalls.delegate);
    harness.layer.receive(buildResponse(cancel, 200), alice);
    assert.deepEqual([inviteCalls.calls.length, cancelCalls.calls.map((call) => call.type)], [0, ['final']]);
  });

  it('MUST drop and count a stray non-2xx response', () => {
    const { layer, tu } = createLayerHarness();
    const outcome = layer.receive(buildResponse(buildRequest({ branch: 'z9hG4bKnobody' }), 486), alice);
    assert.deepEqual([outcome, layer.counters().strayResponsesDropped, tu.straySuccesses.length], ['stray-response.dropped', 1, 0]);
  });

  it('MUST pass a stray 2xx to INVITE to the TU, which alone can ACK it', () => {
    const { layer, tu } = createLayerHarness();
    const outcome = layer.receive(buildResponse(buildRequest({ branch: 'z9hG4bKlate' }), 200), alice);
    assert.deepEqual([outcome, tu.straySuccesses.length], ['stray-success.passed', 1]);
  });

  it('MUST drop a stray 2xx to a non-INVITE request', () => {
    const { layer, tu } = createLayerHarness();
    const outcome = layer.receive(buildResponse(buildRequest({ method: 'BYE', branch: 'z9hG4bKgone' }), 200), alice);
    assert.deepEqual([outcome, tu.straySuccesses.length], ['stray-response.dropped', 0]);
  });
});
