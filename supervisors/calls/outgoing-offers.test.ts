import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SessionResult } from '../../transport/index.ts';
import { BUSY_DIALOG_RETRY_MS, createOutgoingOffers, MAX_OFFER_ATTEMPTS, type SetTimer } from './outgoing-offers.ts';

/** A session that records the offers it sent and answers each send with the next scripted result. */
function harness(results: SessionResult['type'][] = []) {
  const sent: string[] = [];
  const refused: SessionResult[] = [];
  const timers: { delayMs: number; run: () => void; cancelled: boolean }[] = [];
  const setTimer: SetTimer = (delayMs, run) => {
    const timer = { delayMs, run, cancelled: false };
    timers.push(timer);
    return () => (timer.cancelled = true);
  };
  const session = {
    sendReInvite(sdp: string): SessionResult {
      sent.push(sdp);
      return results.shift() === 'error' ? { type: 'error', code: 'invite-in-progress', detail: 'busy' } : { type: 'ok' };
    },
  };
  const offers = createOutgoingOffers(session, (result) => refused.push(result), setTimer);
  const fire = () => timers.filter((timer) => !timer.cancelled).splice(0).forEach((timer) => ((timer.cancelled = true), timer.run()));
  return { offers, sent, refused, timers, fire };
}

describe('outgoing offers of a leg (RFC 3261 §14.1)', () => {
  it('MUST send an offer at once when no re-INVITE of ours is in progress', () => {
    const test = harness();
    test.offers.send('hold');
    assert.deepEqual(test.sent, ['hold']);
  });

  it('MUST hold a second offer until the first is answered, then send it', () => {
    const test = harness();
    test.offers.send('hold');
    test.offers.send('resume');
    assert.deepEqual(test.sent, ['hold']);
    test.offers.observe({ type: 'reinvite.answered', sdp: 'recvonly' });
    assert.deepEqual(test.sent, ['hold', 'resume']);
  });

  it('MUST send the next offer after a refusal without retry (a 488)', () => {
    const test = harness();
    test.offers.send('hold');
    test.offers.send('resume');
    test.offers.observe({ type: 'reinvite.failed', status: 488 });
    assert.deepEqual(test.sent, ['hold', 'resume']);
  });

  it('MUST send the same offer again after the wait of a 491, before any later one', () => {
    const test = harness();
    test.offers.send('hold');
    test.offers.send('resume');
    test.offers.observe({ type: 'reinvite.failed', status: 491, retryAfterMs: 1_230 });
    assert.deepEqual([test.sent, test.timers.map((timer) => timer.delayMs)], [['hold'], [1_230]]);
    test.fire();
    assert.deepEqual(test.sent, ['hold', 'hold']);
    test.offers.observe({ type: 'reinvite.answered', sdp: 'recvonly' });
    assert.deepEqual(test.sent, ['hold', 'hold', 'resume']);
  });

  it("MUST retry later while the peer's own INVITE is in progress in the dialog", () => {
    const test = harness(['error']);
    test.offers.send('hold');
    assert.deepEqual([test.refused, test.timers.map((timer) => timer.delayMs)], [[], [BUSY_DIALOG_RETRY_MS]]);
    test.fire();
    assert.deepEqual(test.sent, ['hold', 'hold']);
  });

  it(`MUST give an offer up, reported, after ${MAX_OFFER_ATTEMPTS} attempts`, () => {
    const test = harness(Array.from({ length: MAX_OFFER_ATTEMPTS }, () => 'error' as const));
    test.offers.send('hold');
    for (let turn = 0; turn < MAX_OFFER_ATTEMPTS; turn += 1) test.fire();
    assert.deepEqual([test.sent.length, test.refused.length], [MAX_OFFER_ATTEMPTS, 1]);
  });

  it('MUST drop waiting offers and cancel its retry when the session ends', () => {
    const test = harness(['error']);
    test.offers.send('hold');
    test.offers.observe({ type: 'terminated', cause: 'bye.received' });
    assert.ok(test.timers.every((timer) => timer.cancelled));
    test.fire();
    assert.deepEqual(test.sent, ['hold']);
  });
});
