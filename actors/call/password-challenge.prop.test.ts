/**
 * Property (seed CF-10): whatever the caller keys, however the prompts and timers go and whatever
 * the verifications answer, the password challenge ends in exactly one of allowed / hung up, asks
 * for verification at most three times, and does nothing once it ended.
 */
import '../../test/support/property-seed.ts';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CHALLENGE_ATTEMPTS, startChallenge, stepChallenge, type ChallengeEffect, type ChallengeInput, type ChallengeState } from './password-challenge.ts';

/** What happens next, read against the state so that timers and prompts can be the awaited ones. */
type Action =
  | { readonly type: 'digit'; readonly digit: string }
  | { readonly type: 'awaited' }
  | { readonly type: 'stray'; readonly id: number }
  | { readonly type: 'verified'; readonly right: boolean };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.constantFrom(...'0123456789*#ABCD').map((digit) => ({ type: 'digit' as const, digit })),
  fc.constant({ type: 'awaited' as const }),
  fc.integer({ min: 0, max: 40 }).map((id) => ({ type: 'stray' as const, id })),
  fc.boolean().map((right) => ({ type: 'verified' as const, right })),
);

/** The input an action stands for in `state`. */
function inputOf(state: ChallengeState, next: Action): ChallengeInput {
  const { phase } = state;
  if (next.type !== 'awaited') return next.type === 'stray' ? (next.id % 2 === 0 ? { type: 'timer.fired', timerId: next.id } : { type: 'play.finished', playId: next.id }) : next;
  if (phase.type === 'collecting') return { type: 'timer.fired', timerId: phase.timerId };
  if (phase.type === 'prompting' || phase.type === 'goodbye') return { type: 'play.finished', playId: phase.playId };
  return { type: 'verified', right: false };
}

describe('password challenge (property)', () => {
  it(`MUST end in exactly one of allowed / hung up, with at most ${CHALLENGE_ATTEMPTS} verifications`, () => {
    fc.assert(fc.property(fc.array(action, { maxLength: 80 }), (actions) => {
      const start = startChallenge();
      let state = start.state;
      const effects: ChallengeEffect[] = [...start.effects];
      let afterEnd = 0;
      // The caller's actions, then (to reach an end) the awaited event each time: silence and wrong entries.
      const all: Action[] = [...actions, ...Array.from({ length: 40 }, () => ({ type: 'awaited' as const }))];
      for (const next of all) {
        const ended = state.phase.type === 'finished';
        const stepped = stepChallenge(state, inputOf(state, next));
        if (ended) afterEnd += stepped.effects.length;
        state = stepped.state;
        effects.push(...stepped.effects);
      }
      const ends = effects.filter((effect) => effect.type === 'allowed' || effect.type === 'hangup');
      assert.equal(state.phase.type, 'finished');
      assert.equal(ends.length, 1);
      assert.ok(effects.filter((effect) => effect.type === 'verify').length <= CHALLENGE_ATTEMPTS);
      assert.equal(afterEnd, 0);
    }));
  });
});
