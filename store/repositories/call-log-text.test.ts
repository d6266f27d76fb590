import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CALL_LOG_TAGS_MAX_COUNT, splitUserfield, toCallLogText } from './call-log-text.ts';

describe('toCallLogText', () => {
  it('MUST replace NUL, CR, LF and other control characters with U+FFFD', () => {
    assert.equal(toCallLogText('A\u0000B\r\nC\u007f\u0085'), 'A\ufffdB\ufffd\ufffdC\ufffd\ufffd');
  });

  it('MUST cut a text to its maximum length in characters, not UTF-16 units', () => {
    assert.equal(toCallLogText('😀😀😀', 2), '😀😀');
  });

  it('MUST read an empty text as null', () => {
    assert.equal(toCallLogText(''), null);
  });
});

describe('splitUserfield', () => {
  it('MUST split at commas, trim, and drop empty and repeated tags', () => {
    assert.deepEqual(splitUserfield(' sales, paris,,sales '), ['sales', 'paris']);
  });

  it('MUST give no tags for no userfield', () => {
    assert.deepEqual(splitUserfield(null), []);
  });

  it('MUST keep at most CALL_LOG_TAGS_MAX_COUNT tags', () => {
    const userfield = Array.from({ length: 50 }, (_, index) => `tag${index}`).join(',');
    assert.equal(splitUserfield(userfield).length, CALL_LOG_TAGS_MAX_COUNT);
  });
});
