/**
 * The mailbox consultation machine (seed CF-18, Asterisk's VoiceMailMain subset): the summary,
 * the main menu, playing messages new first, the keys 4 5 6 7 #, and the heard and deleted marks.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MENU_ROUNDS, numberSounds, startConsult, stepConsult, summarySounds, type ConsultEffect, type ConsultMessage, type ConsultState, type ConsultStep } from './mailbox-consult.ts';

const twoNewOneOld: ConsultMessage[] = [{ id: 'a', folder: 'inbox' }, { id: 'b', folder: 'inbox' }, { id: 'c', folder: 'old' }];

/** Lets every prompt of the state end until the machine waits for a key (or ends); the effects on the way. */
function untilWaiting(step: ConsultStep): { state: ConsultState; effects: ConsultEffect[] } {
  let { state } = step;
  const effects = [...step.effects];
  while (state.phase.type === 'saying') {
    const next = stepConsult(state, { type: 'play.finished', playId: state.phase.playId });
    state = next.state;
    effects.push(...next.effects);
  }
  return { state, effects };
}
const played = (effects: readonly ConsultEffect[]) => effects.flatMap((effect) => (effect.type === 'play' ? [effect.sound] : effect.type === 'play_message' ? [`<${effect.messageId}>`] : []));
const key = (state: ConsultState, digit: string) => untilWaiting(stepConsult(state, { type: 'digit', digit }));
const atMenu = (messages: readonly ConsultMessage[]) => untilWaiting(startConsult(messages)).state;

describe('numberSounds and summarySounds', () => {
  it('MUST say 0 to 20 as one sound, 21 to 99 as tens and unit, larger counts digit by digit', () => {
    assert.deepEqual([numberSounds(7), numberSounds(20), numberSounds(42), numberSounds(60), numberSounds(105)], [['digits/7'], ['digits/20'], ['digits/40', 'digits/2'], ['digits/60'], ['digits/1', 'digits/0', 'digits/5']]);
  });

  it("MUST say 'you have 2 new messages and 1 old message', and 'you have no messages' for an empty mailbox", () => {
    assert.deepEqual(summarySounds(twoNewOneOld), ['vm-youhave', 'digits/2', 'vm-INBOX', 'vm-messages', 'vm-and', 'digits/1', 'vm-Old', 'vm-message']);
    assert.deepEqual(summarySounds([]), ['vm-youhave', 'vm-no', 'vm-messages']);
  });
});

describe('mailbox consultation', () => {
  it('on start, MUST say the summary then the main menu, and wait for a key', () => {
    const { state, effects } = untilWaiting(startConsult(twoNewOneOld));
    assert.deepEqual(played(effects).slice(-3), ['vm-onefor', 'vm-messages', 'vm-helpexit']);
    assert.deepEqual([state.phase.type, effects.at(-1)?.type], ['waiting', 'timer.arm']);
  });

  it('on 1, MUST announce and play the first message and mark it heard', () => {
    const { effects } = key(atMenu(twoNewOneOld), '1');
    assert.deepEqual(played(effects), ['vm-first', 'vm-message', '<a>']);
    assert.ok(effects.some((effect) => effect.type === 'mark_heard' && effect.messageId === 'a'));
  });

  it('on 6 then 6, MUST play the next messages and not mark an old one heard', () => {
    const second = key(key(atMenu(twoNewOneOld), '1').state, '6');
    const third = key(second.state, '6');
    assert.deepEqual([played(second.effects), played(third.effects)], [['vm-message', 'digits/2', '<b>'], ['vm-last', 'vm-message', '<c>']]);
    assert.ok(!third.effects.some((effect) => effect.type === 'mark_heard'));
  });

  it('on 6 after the last message, MUST say vm-nomore and come back to the main menu', () => {
    const last = key(key(key(atMenu(twoNewOneOld), '1').state, '6').state, '6');
    const after = key(last.state, '6');
    assert.deepEqual([played(after.effects)[0], after.state.phase.type === 'waiting' && after.state.phase.at], ['vm-nomore', 'menu']);
  });

  it('on 4 at the first message, MUST say vm-nomore; on 5, MUST play the message again', () => {
    const first = key(atMenu(twoNewOneOld), '1').state;
    assert.deepEqual([played(key(first, '4').effects), played(key(first, '5').effects)], [['vm-nomore'], ['vm-first', 'vm-message', '<a>']]);
  });

  it('on 7, MUST delete the message, say vm-deleted and play the next one', () => {
    const { effects, state } = key(key(atMenu(twoNewOneOld), '1').state, '7');
    assert.deepEqual([effects.filter((effect) => effect.type === 'delete'), played(effects)], [[{ type: 'delete', messageId: 'a' }], ['vm-deleted', 'vm-first', 'vm-message', '<b>']]);
    assert.equal(state.messages.length, 2);
  });

  it('a key during a prompt MUST stop it and act at once', () => {
    const started = startConsult(twoNewOneOld);
    const playId = started.state.phase.type === 'saying' ? started.state.phase.playId : -1;
    const step = stepConsult(started.state, { type: 'digit', digit: '1' });
    assert.deepEqual(step.effects.slice(0, 2), [{ type: 'stop_play', playId }, { type: 'mark_heard', messageId: 'a' }]);
  });

  it("on #, MUST say vm-goodbye and hang up", () => {
    const { effects, state } = key(atMenu(twoNewOneOld), '#');
    assert.deepEqual([played(effects), effects.at(-1)?.type, state.phase.type], [['vm-goodbye'], 'hangup', 'finished']);
  });

  it(`after ${MENU_ROUNDS} silent rounds of the main menu, MUST say goodbye and hang up`, () => {
    let state = atMenu([]);
    const effects: ConsultEffect[] = [];
    while (state.phase.type === 'waiting') {
      const next = untilWaiting(stepConsult(state, { type: 'timer.fired', timerId: state.phase.timerId }));
      state = next.state;
      effects.push(...next.effects);
    }
    assert.deepEqual([effects.filter((effect) => effect.type === 'play' && effect.sound === 'vm-helpexit').length, effects.at(-1)?.type], [MENU_ROUNDS - 1, 'hangup']);
  });

  it('MUST ignore a prompt end or timer that is not the one awaited', () => {
    const state = atMenu(twoNewOneOld);
    assert.equal(stepConsult(state, { type: 'timer.fired', timerId: 999 }).state, state);
  });
});
