/**
 * The challenge machine asking for a conference room's PIN (kind `conference`): ConfBridge's
 * prompts (`conf-getpin`, `conf-invalidpin` then `conf-getpin` again after a wrong entry,
 * `conf-invalidpin` before the hang-up of the third), PINs of up to 80 digits, and the permission
 * kind unchanged beside it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CHALLENGE_ATTEMPTS, CHALLENGE_PROMPTS, MAX_PIN_DIGITS, startChallenge, stepChallenge, type ChallengeEffect, type ChallengeInput, type ChallengeState } from './password-challenge.ts';

function run(inputs: readonly ChallengeInput[]): { state: ChallengeState; effects: ChallengeEffect[] } {
  const start = startChallenge(1, 'conference');
  let state = start.state;
  const effects: ChallengeEffect[] = [...start.effects];
  for (const input of inputs) {
    const next = stepChallenge(state, input);
    state = next.state;
    effects.push(...next.effects);
  }
  return { state, effects };
}
const digits = (text: string): ChallengeInput[] => [...text].map((digit) => ({ type: 'digit', digit }));
const sounds = (effects: readonly ChallengeEffect[]) => effects.flatMap((effect) => (effect.type === 'play' ? [effect.sound] : []));
const lastPlayId = (effects: readonly ChallengeEffect[]) => effects.flatMap((effect) => (effect.type === 'play' ? [effect.playId] : [])).at(-1) ?? -1;
const wrong = (): ChallengeInput[] => [...digits('9#'), { type: 'verified', right: false }];

describe('conference PIN challenge', () => {
  it("MUST start by playing 'conf-getpin'", () => {
    assert.deepEqual(startChallenge(1, 'conference').effects, [{ type: 'play', playId: 1, sound: 'conf-getpin' }]);
  });

  it("MUST play 'conf-invalidpin' then 'conf-getpin' after a wrong PIN, then await the digits", () => {
    const once = run(wrong());
    const invalid = stepChallenge(once.state, { type: 'play.finished', playId: lastPlayId(once.effects) });
    const asked = stepChallenge(invalid.state, { type: 'play.finished', playId: lastPlayId(invalid.effects) });
    assert.deepEqual([...sounds(once.effects), ...sounds(invalid.effects)], ['conf-getpin', 'conf-invalidpin', 'conf-getpin']);
    assert.equal(asked.effects.at(-1)?.type, 'timer.arm');
  });

  it("MUST take a digit keyed during 'conf-invalidpin' as the start of the next entry, without playing 'conf-getpin'", () => {
    const again = run([...wrong(), ...digits('1234#')]);
    assert.deepEqual([sounds(again.effects), again.effects.at(-1)], [['conf-getpin', 'conf-invalidpin'], { type: 'verify', digits: '1234' }]);
  });

  it(`MUST play 'conf-invalidpin' after the ${CHALLENGE_ATTEMPTS}rd wrong PIN, then hang up`, () => {
    const failed = run(Array.from({ length: CHALLENGE_ATTEMPTS }, wrong).flat());
    assert.equal(sounds(failed.effects).at(-1), CHALLENGE_PROMPTS.conference.goodbye);
    assert.deepEqual(stepChallenge(failed.state, { type: 'play.finished', playId: lastPlayId(failed.effects) }).effects, [{ type: 'hangup' }]);
  });

  it(`MUST take PINs of up to ${MAX_PIN_DIGITS} digits before ending the entry by itself`, () => {
    const entered = run(digits('1'.repeat(MAX_PIN_DIGITS)));
    assert.deepEqual(entered.effects.at(-1), { type: 'verify', digits: '1'.repeat(MAX_PIN_DIGITS) });
  });

  it('MUST leave the permission kind as it was: no kind in its state, its own prompts', () => {
    const permission = startChallenge(1);
    assert.deepEqual([permission.state.kind, sounds(permission.effects)], [undefined, ['agent-pass']]);
  });
});
