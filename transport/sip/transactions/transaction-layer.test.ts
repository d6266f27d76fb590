import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getHeader, getHeaders } from '../message/index.ts';
import { createLayerHarness, recordingDelegate } from './testing/layer-harness.ts';
import { buildRequest, buildResponse, udp } from './testing/sip-fakes.ts';
import { createTransactionLayer } from './transaction-layer.ts';
import { createSimulatedClock } from './sip-clock.ts';

const alice = udp('192.0.2.10', 5060);

describe('transaction layer', () => {
  describe('at its transaction limit', () => {
    it('MUST answer a new request 503 with Retry-After and a To tag, without a transaction', () => {
      const { layer, wire, tu } = createLayerHarness({ maxTransactions: 1, retryAfterSeconds: 7 });
      layer.receive(buildRequest({ branch: 'z9hG4bKfirst' }), alice);
      const outcome = layer.receive(buildRequest({ branch: 'z9hG4bKsecond' }), alice);
      const [rejection] = wire.responses(503);
      assert.deepEqual([outcome, tu.requests.length, getHeaders(rejection ?? buildRequest(), 'retry-after')], ['overload.rejected', 1, ['7']]);
      assert.match(getHeader(rejection ?? buildRequest(), 'to') ?? '', /;tag=/);
    });

    it('MUST still absorb retransmissions of live transactions', () => {
      const { layer } = createLayerHarness({ maxTransactions: 1 });
      layer.receive(buildRequest({ branch: 'z9hG4bKfirst' }), alice);
      assert.equal(layer.receive(buildRequest({ branch: 'z9hG4bKfirst' }), alice), 'request.absorbed');
    });

    it('MUST still accept a CANCEL, which ends a transaction', () => {
      const { layer } = createLayerHarness({ maxTransactions: 1 });
      layer.receive(buildRequest({ branch: 'z9hG4bKfirst' }), alice);
      assert.equal(layer.receive(buildRequest({ method: 'CANCEL', branch: 'z9hG4bKfirst' }), alice), 'transaction.created');
    });
  });

  describe('with malformed requests', () => {
    it('MUST answer 400 to a request whose CSeq method is not its method', () => {
      const { layer, wire, tu } = createLayerHarness();
      const request = { ...buildRequest({ method: 'BYE' }), method: 'INFO' };
      assert.equal(layer.receive(request, alice), 'bad-request.rejected');
      assert.deepEqual([wire.responses(400).length, tu.requests.length], [1, 0]);
    });

    it('MUST drop and count a request without a Via, which cannot be answered', () => {
      const { layer, wire } = createLayerHarness();
      const { via: _omitted, ...headers } = buildRequest().headers;
      assert.equal(layer.receive({ ...buildRequest(), headers }, alice), 'malformed.dropped');
      assert.deepEqual([wire.sent.length, layer.counters().malformedDropped], [0, 1]);
    });

    it('MUST drop a malformed ACK without answering it', () => {
      const { layer, wire } = createLayerHarness();
      const ack = { ...buildRequest({ method: 'INVITE' }), method: 'ACK' };
      assert.equal(layer.receive(ack, alice), 'malformed.dropped');
      assert.equal(wire.sent.length, 0);
    });
  });

  describe('sendRequest', () => {
    it('MUST refuse to open a transaction for an ACK', () => {
      const { layer, clock } = createLayerHarness();
      const result = layer.sendRequest(buildRequest({ method: 'ACK' }), alice, recordingDelegate(clock).delegate);
      assert.equal(result.type === 'error' ? result.code : result.type, 'ack-has-no-transaction');
    });

    it('MUST refuse a request whose branch lacks the magic cookie', () => {
      const { layer, clock } = createLayerHarness();
      const result = layer.sendRequest(buildRequest({ branch: 'abc123' }), alice, recordingDelegate(clock).delegate);
      assert.equal(result.type === 'error' ? result.code : result.type, 'missing-branch');
    });

    it('MUST refuse a second live transaction with the same branch and method', () => {
      const { layer, clock } = createLayerHarness();
      layer.sendRequest(buildRequest({ branch: 'z9hG4bKdup' }), alice, recordingDelegate(clock).delegate);
      const result = layer.sendRequest(buildRequest({ branch: 'z9hG4bKdup' }), alice, recordingDelegate(clock).delegate);
      assert.equal(result.type === 'error' ? result.code : result.type, 'duplicate-transaction');
    });
  });

  it('createBranch MUST start with the magic cookie and differ from call to call', () => {
    const { layer } = createLayerHarness();
    const [first, second] = [layer.createBranch(), layer.createBranch()];
    assert.match(first, /^z9hG4bK[0-9a-f]{24}$/);
    assert.notEqual(first, second);
  });

  it('MUST count live transactions by kind', () => {
    const { layer, clock } = createLayerHarness();
    layer.receive(buildRequest({ branch: 'z9hG4bKin1' }), alice);
    layer.receive(buildRequest({ method: 'OPTIONS', branch: 'z9hG4bKin2' }), alice);
    layer.sendRequest(buildRequest({ method: 'BYE', branch: 'z9hG4bKout1' }), alice, recordingDelegate(clock).delegate);
    assert.deepEqual(layer.counters().active, { inviteClient: 0, nonInviteClient: 1, inviteServer: 1, nonInviteServer: 1 });
  });

  it('MUST count the retransmissions it sends', () => {
    const { layer, clock } = createLayerHarness();
    layer.sendRequest(buildRequest({ branch: 'z9hG4bKcount' }), alice, recordingDelegate(clock).delegate);
    clock.advance(1500);
    assert.equal(layer.counters().retransmissionsSent, 2);
  });

  it('sendWithoutTransaction MUST hand the ACK for a 2xx straight to the transport', async () => {
    const { layer, wire } = createLayerHarness();
    const delivered = await layer.sendWithoutTransaction(buildRequest({ method: 'ACK', toTag: 'x' }), alice);
    assert.deepEqual([delivered, wire.requests('ACK').length], [true, 1]);
  });

  it('abandon MUST end a client transaction without calling its delegate', () => {
    const { layer, clock } = createLayerHarness();
    const recorder = recordingDelegate(clock);
    const result = layer.sendRequest(buildRequest({ branch: 'z9hG4bKabandon' }), alice, recorder.delegate);
    if (result.type === 'started') layer.abandon(result.transaction);
    clock.advance(40_000);
    assert.deepEqual([recorder.calls, clock.pendingTimerCount()], [[], 0]);
  });

  it('close MUST disarm every timer of every transaction', () => {
    const { layer, clock } = createLayerHarness();
    layer.sendRequest(buildRequest({ branch: 'z9hG4bKc1' }), alice, recordingDelegate(clock).delegate);
    layer.receive(buildRequest({ method: 'MESSAGE', branch: 'z9hG4bKc2' }), alice);
    layer.receive(buildResponse(buildRequest({ branch: 'z9hG4bKc1' }), 180), alice);
    layer.close();
    assert.equal(clock.pendingTimerCount(), 0);
  });

  it('MUST refuse a configuration with T2 below T1', () => {
    const build = () =>
      createTransactionLayer({
        sender: { send: () => Promise.resolve(true) },
        clock: createSimulatedClock(),
        transactionUser: { onRequest: () => undefined, onAck: () => undefined, onStraySuccess: () => undefined },
        timers: { t1Ms: 5000, t2Ms: 4000 },
      });
    assert.throws(build, RangeError);
  });
});
