import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { answerDirection, isAnswerDirectionAllowed, oppositeDirection } from './media-direction.ts';
import { MEDIA_DIRECTIONS, type MediaDirection } from './session-description.ts';

/** RFC 3264 §6.1, offer → allowed answers. */
const ALLOWED: Readonly<Record<MediaDirection, readonly MediaDirection[]>> = {
  sendrecv: ['sendrecv', 'sendonly', 'recvonly', 'inactive'],
  sendonly: ['recvonly', 'inactive'],
  recvonly: ['sendonly', 'inactive'],
  inactive: ['inactive'],
};

describe('isAnswerDirectionAllowed', () => {
  for (const offered of MEDIA_DIRECTIONS) {
    it(`MUST allow exactly ${ALLOWED[offered].join(', ')} in answer to ${offered}`, () => {
      assert.deepEqual(MEDIA_DIRECTIONS.filter((answered) => isAnswerDirectionAllowed(offered, answered)), ALLOWED[offered]);
    });
  }
});

describe('answerDirection', () => {
  it('always gives an allowed answer, whatever we want', () => {
    const illegal = MEDIA_DIRECTIONS.flatMap((offered) => MEDIA_DIRECTIONS.map((wanted) => [offered, wanted] as const))
      .filter(([offered, wanted]) => !isAnswerDirectionAllowed(offered, answerDirection(offered, wanted)));
    assert.deepEqual(illegal, []);
  });

  it('answers recvonly to sendonly, sendonly to recvonly, inactive to inactive by default', () => {
    assert.deepEqual(['sendonly', 'recvonly', 'inactive'].map((offered) => answerDirection(offered as MediaDirection)), ['recvonly', 'sendonly', 'inactive']);
  });

  it('answers recvonly to sendrecv when we only want to receive', () => {
    assert.equal(answerDirection('sendrecv', 'recvonly'), 'recvonly');
  });
});

describe('oppositeDirection', () => {
  it('swaps sendonly and recvonly and keeps the others', () => {
    assert.deepEqual(MEDIA_DIRECTIONS.map(oppositeDirection), ['sendrecv', 'recvonly', 'sendonly', 'inactive']);
  });
});
