import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatEventList, intersectEvents, parseEventList, SUPPORTED_EVENTS } from './telephone-event-ranges.ts';

describe('parseEventList (RFC 4733 §7.1.1)', () => {
  it('reads 0-15 and 0-16', () => {
    assert.deepEqual([parseEventList('0-15'), parseEventList('0-16')], [[{ first: 0, last: 15 }], [{ first: 0, last: 16 }]]);
  });

  it('merges touching ranges and single codes in any order', () => {
    assert.deepEqual(parseEventList('16, 0-11,12-15,66'), [{ first: 0, last: 16 }, { first: 66, last: 66 }]);
  });

  it('MUST reject a code above 255, a reversed range and garbage', () => {
    assert.deepEqual([parseEventList('0-256'), parseEventList('15-0'), parseEventList('0-15;x'), parseEventList('')], [undefined, undefined, undefined, undefined]);
  });
});

describe('intersectEvents and formatEventList', () => {
  it('keeps 0-15 of an offered 0-15 against our 0-16', () => {
    assert.equal(formatEventList(intersectEvents([{ first: 0, last: 15 }], SUPPORTED_EVENTS)), '0-15');
  });

  it('keeps 0-16 of an offered 0-16,32-40 and writes single codes bare', () => {
    assert.equal(formatEventList(intersectEvents([{ first: 0, last: 16 }, { first: 32, last: 40 }], [{ first: 16, last: 16 }, { first: 0, last: 3 }])), '0-3,16');
  });

  it('gives nothing for disjoint lists', () => {
    assert.deepEqual(intersectEvents([{ first: 32, last: 40 }], SUPPORTED_EVENTS), []);
  });
});
