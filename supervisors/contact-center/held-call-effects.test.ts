/** The call effects kept across a change of owner, with a clock set by hand (pure). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createHeldCallEffects, RESEND_WINDOW_MS, type CallEffect } from './held-call-effects.ts';

const effect = (callId: string, type: 'call.abandon' | 'call.enter' = 'call.abandon'): CallEffect => ({
  callId, local: () => undefined,
  message: type === 'call.abandon' ? { type, callId, queueId: 1 } : { type, callId, entry: {} as never },
});

describe('held call effects', () => {
  it('MUST give a new owner what was sent to the former one within the window, then what was held, in order', () => {
    let nowMs = 0;
    const kept = createHeldCallEffects(() => nowMs);
    kept.sent('node-a', effect('old'));
    nowMs = RESEND_WINDOW_MS;
    kept.sent('node-a', effect('recent'));
    nowMs += 1;
    kept.hold(effect('held'));
    assert.deepEqual(kept.takeFor('node-c').map((taken) => taken.callId), ['recent', 'held']);
  });

  it('MUST not give an owner again what was sent to it, nor keep a call\'s entry', () => {
    const kept = createHeldCallEffects(() => 0);
    kept.sent('node-a', effect('same'));
    kept.sent('node-b', effect('entered', 'call.enter'));
    assert.deepEqual([kept.takeFor('node-a').length, kept.takeFor('node-c').map((taken) => taken.callId)], [0, ['same']]);
  });
});
