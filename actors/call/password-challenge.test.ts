/**
 * The password challenge machine: prompt, digit entry ended by `#` or a timeout, verification by
 * the host, three attempts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CHALLENGE_ATTEMPTS, CHALLENGE_SOUNDS, FIRST_DIGIT_MS, INTER_DIGIT_MS, MAX_PASSWORD_DIGITS, startChallenge, stepChallenge, type ChallengeEffect, type ChallengeInput, type ChallengeState } from './password-challenge.ts';

function run(inputs: readonly ChallengeInput[]): { state: ChallengeState; effects: ChallengeEffect[] } {
  const start = startChallenge();
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
const verifications = (effects: readonly ChallengeEffect[]) => effects.flatMap((effect) => (effect.type === 'verify' ? [effect.digits] : []));
const sounds = (effects: readonly ChallengeEffect[]) => effects.flatMap((effect) => (effect.type === 'play' ? [effect.sound] : []));
const lastPlayId = (effects: readonly ChallengeEffect[]) => effects.flatMap((effect) => (effect.type === 'play' ? [effect.playId] : [])).at(-1) ?? -1;

describe('password challenge: prompting', () => {
  it("MUST start by playing 'agent-pass'", () => {
    assert.deepEqual(startChallenge().effects, [{ type: 'play', playId: 1, sound: CHALLENGE_SOUNDS.ask }]);
  });

  it('MUST stop the prompt at the first digit and await the next for the inter-digit time', () => {
    const { effects } = run(digits('1'));
    assert.deepEqual(effects.slice(1), [{ type: 'stop_play', playId: 1 }, { type: 'timer.arm', timerId: 2, afterMs: INTER_DIGIT_MS }]);
  });

  it('MUST await the first digit for the response time once the prompt ended', () => {
    const { effects } = run([{ type: 'play.finished', playId: 1 }]);
    assert.deepEqual(effects.at(-1), { type: 'timer.arm', timerId: 2, afterMs: FIRST_DIGIT_MS });
  });
});

describe('password challenge: entry', () => {
  it('MUST hand the digits to verify on #, without the #', () => {
    assert.deepEqual(verifications(run(digits('1234#')).effects), ['1234']);
  });

  it('MUST hand an empty entry to verify on # alone (an attempt like any other)', () => {
    assert.deepEqual(verifications(run(digits('#')).effects), ['']);
  });

  it('MUST hand the digits to verify when the inter-digit timer fires', () => {
    const entered = run(digits('42'));
    const timer = entered.state.phase.type === 'collecting' ? entered.state.phase.timerId : -1;
    assert.deepEqual(verifications(stepChallenge(entered.state, { type: 'timer.fired', timerId: timer }).effects), ['42']);
  });

  it('MUST ignore a timer that is no longer awaited', () => {
    const entered = run(digits('42'));
    assert.equal(stepChallenge(entered.state, { type: 'timer.fired', timerId: 2 }).state, entered.state);
  });

  it('MUST end the entry by itself at the longest password', () => {
    assert.deepEqual(verifications(run(digits('1'.repeat(MAX_PASSWORD_DIGITS))).effects), ['1'.repeat(MAX_PASSWORD_DIGITS)]);
  });

  it('MUST ignore digits while the entry is being verified', () => {
    const entered = run(digits('1#'));
    assert.equal(stepChallenge(entered.state, { type: 'digit', digit: '5' }).state, entered.state);
  });
});

describe('password challenge: verification', () => {
  it('MUST allow the call on the right password at the first try', () => {
    const { state, effects } = run([...digits('1234#'), { type: 'verified', right: true }]);
    assert.deepEqual([state.phase, effects.at(-1)], [{ type: 'finished', outcome: 'allowed' }, { type: 'allowed' }]);
  });

  it("MUST play 'auth-incorrect' after a wrong password and allow a right one at the second try", () => {
    const wrong = run([...digits('9#'), { type: 'verified', right: false }]);
    assert.deepEqual(sounds(wrong.effects), [CHALLENGE_SOUNDS.ask, CHALLENGE_SOUNDS.incorrect]);
    const right = run([...digits('9#'), { type: 'verified', right: false }, ...digits('1234#'), { type: 'verified', right: true }]);
    assert.deepEqual([right.state.attempt, right.state.phase.type], [2, 'finished']);
  });

  it(`MUST play 'vm-goodbye' after ${CHALLENGE_ATTEMPTS} wrong passwords, then hang up`, () => {
    const wrongs: ChallengeInput[] = Array.from({ length: CHALLENGE_ATTEMPTS }, () => [...digits('9#'), { type: 'verified', right: false } as const]).flat();
    const failed = run(wrongs);
    assert.deepEqual(sounds(failed.effects).at(-1), CHALLENGE_SOUNDS.goodbye);
    const ended = stepChallenge(failed.state, { type: 'play.finished', playId: lastPlayId(failed.effects) });
    assert.deepEqual([ended.state.phase, ended.effects], [{ type: 'finished', outcome: 'refused' }, [{ type: 'hangup' }]]);
  });

  it('MUST count silence (the first-digit timer) as a wrong attempt', () => {
    const waiting = run([{ type: 'play.finished', playId: 1 }]);
    assert.deepEqual(verifications(stepChallenge(waiting.state, { type: 'timer.fired', timerId: 2 }).effects), ['']);
  });
});
