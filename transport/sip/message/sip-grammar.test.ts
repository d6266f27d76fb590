import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatParams, parseParams, quote, unescapeQuoted, unquoteParam } from './sip-grammar.ts';

describe('parseParams', () => {
  it('reads ;name, ;name=token, ;name=host and ;name="quoted" with LWS around ; and =', () => {
    assert.deepEqual(parseParams(' ; lr ;Maddr = [2001:db8::1] ; x="a;b, c"', 0), { lr: null, maddr: '[2001:db8::1]', x: '"a;b, c"' });
  });

  it('keeps the first of two parameters with the same name', () => {
    assert.deepEqual(parseParams(';tag=a;TAG=b', 0), { tag: 'a' });
  });

  it('MUST reject empty names, empty values, unterminated quotes and stray characters', () => {
    const bad = [';', ';=x', ';a=', ';a="x', 'a', ';a b', ';a=x y'];
    assert.deepEqual(bad.map((text) => parseParams(text, 0)), bad.map(() => undefined));
  });
});

describe('formatParams', () => {
  it('writes values as stored and quotes a value that could break the header', () => {
    assert.equal(formatParams({ lr: null, tag: 'x', bad: 'a\r\nb' }), ';lr;tag=x;bad="a  b"');
  });
});

describe('quote / unquoteParam / unescapeQuoted', () => {
  it('escapes quotes, backslashes and controls, and unquoteParam gives the text back', () => {
    const text = 'say "hi" \\ \u0001 é';
    assert.equal(unquoteParam(quote(text)), text);
  });

  it('leaves a value that is not a whole quoted-string as it is', () => {
    assert.deepEqual([unquoteParam('token'), unquoteParam('"open'), unquoteParam('"a"b"')], ['token', '"open', '"a"b"']);
  });

  it('removes quoted-pair backslashes', () => {
    assert.equal(unescapeQuoted('a\\"b\\\\c'), 'a"b\\c');
  });
});
