import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createLayerHarness, recordingDelegate } from './testing/layer-harness.ts';
import { buildRequest, buildResponse, settle, tcp, udp } from './testing/sip-fakes.ts';

const server = udp('192.0.2.20', 5060);

function startOptions(options: { readonly tcp?: boolean; readonly unreachable?: boolean } = {}) {
  const harness = createLayerHarness();
  harness.wire.failSends(options.unreachable === true);
  const request = buildRequest({ method: 'OPTIONS', branch: 'z9hG4bKnict1' });
  const recorder = recordingDelegate(harness.clock);
  const result = harness.layer.sendRequest(request, options.tcp === true ? tcp('192.0.2.20', 5060, 'c9') : server, recorder.delegate);
  const transaction = result.type === 'started' ? result.transaction : undefined;
  const sendTimes = (): number[] => harness.wire.sent.map((sent) => sent.atMs);
  return { ...harness, request, calls: recorder.calls, transaction, sendTimes };
}

describe('non-INVITE client transaction', () => {
  describe("in 'trying'", () => {
    it('over UDP, MUST retransmit with Timer E doubling up to T2: 500, 1500, 3500, 7500, 11500 … ms', () => {
      const harness = startOptions();
      harness.clock.advance(15_999);
      assert.deepEqual(harness.sendTimes(), [0, 500, 1500, 3500, 7500, 11_500, 15_500]);
    });

    it('MUST inform the TU of a timeout when Timer F fires at 64·T1 = 32 s', () => {
      const harness = startOptions();
      harness.clock.advance(32_000);
      assert.deepEqual(harness.calls, [{ type: 'timeout', atMs: 32_000 }]);
      assert.equal(harness.transaction?.state, 'terminated');
    });

    it('over TCP, MUST NOT retransmit (no Timer E) but still time out with Timer F', () => {
      const harness = startOptions({ tcp: true });
      harness.clock.advance(32_000);
      assert.deepEqual(harness.sendTimes(), [0]);
      assert.deepEqual(harness.calls, [{ type: 'timeout', atMs: 32_000 }]);
    });

    it('on a transport error, MUST terminate and inform the TU', async () => {
      const harness = startOptions({ unreachable: true });
      await settle();
      assert.deepEqual(harness.calls, [{ type: 'transport-error', atMs: 0 }]);
      assert.equal(harness.clock.pendingTimerCount(), 0);
    });
  });

  describe("in 'proceeding'", () => {
    it('MUST pass the 1xx to the TU and retransmit every T2 from the next firing of Timer E', () => {
      const harness = startOptions();
      harness.clock.advance(100);
      harness.layer.receive(buildResponse(harness.request, 100), server);
      harness.clock.advance(12_400);
      assert.deepEqual(harness.sendTimes(), [0, 500, 4500, 8500, 12_500]);
      assert.deepEqual(harness.calls, [{ type: 'provisional', status: 100, atMs: 100 }]);
    });

    it('MUST time out with Timer F even after a 1xx', () => {
      const harness = startOptions();
      harness.layer.receive(buildResponse(harness.request, 100), server);
      harness.clock.advance(32_000);
      assert.deepEqual(harness.calls.at(-1), { type: 'timeout', atMs: 32_000 });
    });
  });

  describe('on a final response', () => {
    it("MUST pass it to the TU, enter 'completed' and stop retransmitting", () => {
      const harness = startOptions();
      harness.clock.advance(600);
      harness.layer.receive(buildResponse(harness.request, 200), server);
      harness.clock.advance(4000);
      assert.deepEqual(harness.sendTimes(), [0, 500]);
      assert.deepEqual([harness.transaction?.state, harness.calls], ['completed', [{ type: 'final', status: 200, atMs: 600 }]]);
    });

    it("in 'completed', MUST absorb response retransmissions without telling the TU", () => {
      const harness = startOptions();
      const ok = buildResponse(harness.request, 200);
      harness.layer.receive(ok, server);
      harness.layer.receive(ok, server);
      assert.equal(harness.calls.length, 1);
      assert.equal(harness.layer.counters().retransmissionsAbsorbed, 1);
    });

    it('over UDP, MUST terminate when Timer K fires at T4 = 5 s', () => {
      const harness = startOptions();
      harness.layer.receive(buildResponse(harness.request, 404), server);
      harness.clock.advance(4999);
      assert.equal(harness.transaction?.state, 'completed');
      harness.clock.advance(1);
      assert.equal(harness.transaction?.state, 'terminated');
    });

    it('over TCP, MUST terminate at once (Timer K = 0)', () => {
      const harness = startOptions({ tcp: true });
      harness.layer.receive(buildResponse(harness.request, 200), tcp('192.0.2.20', 5060, 'c9'));
      assert.deepEqual([harness.transaction?.state, harness.clock.pendingTimerCount()], ['terminated', 0]);
    });
  });
});
