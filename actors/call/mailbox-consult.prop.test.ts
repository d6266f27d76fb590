/**
 * Property (seed CF-18): whatever the caller keys and however the prompts and timers go, the
 * mailbox consultation ends in exactly one hang-up, marks a message heard at most once and only a
 * new one, deletes a message at most once, never plays or marks a deleted message, and does
 * nothing once it ended.
 */
import '../../test/support/property-seed.ts';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { startConsult, stepConsult, type ConsultEffect, type ConsultInput, type ConsultMessage, type ConsultState } from './mailbox-consult.ts';

type Action = { readonly type: 'digit'; readonly digit: string } | { readonly type: 'awaited' } | { readonly type: 'stray'; readonly id: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.constantFrom(...'0123456789*#').map((digit) => ({ type: 'digit' as const, digit })),
  fc.constant({ type: 'awaited' as const }),
  fc.integer({ min: 0, max: 200 }).map((id) => ({ type: 'stray' as const, id })),
);

const mailbox: fc.Arbitrary<ConsultMessage[]> = fc.array(fc.boolean(), { maxLength: 6 }).map((fresh) => {
  const sorted = [...fresh].sort((left, right) => Number(right) - Number(left));
  return sorted.map((isNew, index) => ({ id: `m${index}`, folder: isNew ? 'inbox' : 'old' }));
});

function inputOf(state: ConsultState, next: Action): ConsultInput {
  const { phase } = state;
  if (next.type === 'digit') return next;
  if (next.type === 'stray') return next.id % 2 === 0 ? { type: 'timer.fired', timerId: next.id } : { type: 'play.finished', playId: next.id };
  if (phase.type === 'waiting') return { type: 'timer.fired', timerId: phase.timerId };
  return { type: 'play.finished', playId: phase.type === 'saying' ? phase.playId : -1 };
}

describe('mailbox consultation (property)', () => {
  it('MUST end in exactly one hang-up, mark only new messages heard once, delete once and never touch a deleted message', () => {
    fc.assert(fc.property(mailbox, fc.array(action, { maxLength: 120 }), (messages, actions) => {
      const start = startConsult(messages);
      let state = start.state;
      const effects: ConsultEffect[] = [...start.effects];
      let afterEnd = 0;
      // The caller's keys, then silence (every awaited prompt and timer) until the menu gives up.
      const all: Action[] = [...actions, ...Array.from({ length: 200 }, () => ({ type: 'awaited' as const }))];
      const deleted = new Set<string>();
      for (const next of all) {
        const ended = state.phase.type === 'finished';
        const stepped = stepConsult(state, inputOf(state, next));
        if (ended) afterEnd += stepped.effects.length;
        for (const effect of stepped.effects) {
          if ((effect.type === 'play_message' || effect.type === 'mark_heard' || effect.type === 'delete') && deleted.has(effect.messageId)) assert.fail(`${effect.type} of deleted ${effect.messageId}`);
          if (effect.type === 'delete') deleted.add(effect.messageId);
        }
        state = stepped.state;
        effects.push(...stepped.effects);
      }
      const marked = effects.flatMap((effect) => (effect.type === 'mark_heard' ? [effect.messageId] : []));
      const fresh = new Set(messages.filter((message) => message.folder === 'inbox').map((message) => message.id));
      assert.equal(state.phase.type, 'finished');
      assert.equal(effects.filter((effect) => effect.type === 'hangup').length, 1);
      assert.ok(marked.every((id) => fresh.has(id)) && new Set(marked).size === marked.length, `marked ${marked.join(',')}`);
      assert.equal(afterEnd, 0);
    }));
  });
});
