import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createNonceCodec } from './digest-nonce.ts';

const SECRET = new Uint8Array(32).fill(7);
let counter = 0;
const random = (byteCount: number): Uint8Array => new Uint8Array(byteCount).fill(++counter);

function codec(realm = 'parley', secret = SECRET) {
  return createNonceCodec({ realm, secret, random });
}

function flipCharacter(text: string, index: number): string {
  const replacement = text[index] === 'A' ? 'B' : 'A';
  return text.slice(0, index) + replacement + text.slice(index + 1);
}

describe('stateless nonces', () => {
  it('MUST open a nonce it issued and give back its issue time', () => {
    const nonces = codec();
    assert.deepEqual(nonces.open(nonces.issue(1_700_000_000_123)), { type: 'ours', issuedAtMs: 1_700_000_000_123 });
  });

  it('MUST be 48 base64url characters, safe inside a quoted-string', () => {
    assert.match(codec().issue(5), /^[A-Za-z0-9_-]{48}$/);
  });

  it('MUST differ between two nonces issued in the same millisecond', () => {
    const nonces = codec();
    assert.notEqual(nonces.issue(5), nonces.issue(5));
  });

  it('MUST refuse a nonce whose timestamp was altered', () => {
    const nonces = codec();
    assert.deepEqual(nonces.open(flipCharacter(nonces.issue(5), 3)), { type: 'foreign' });
  });

  it('MUST refuse a nonce whose MAC was altered', () => {
    const nonces = codec();
    assert.deepEqual(nonces.open(flipCharacter(nonces.issue(5), 40)), { type: 'foreign' });
  });

  it('MUST refuse a nonce issued for another realm', () => {
    assert.deepEqual(codec('parley').open(codec('elsewhere').issue(5)), { type: 'foreign' });
  });

  it('MUST refuse a nonce issued with another secret', () => {
    assert.deepEqual(codec().open(createNonceCodec({ realm: 'parley', secret: new Uint8Array(32), random }).issue(5)), {
      type: 'foreign',
    });
  });

  it('MUST refuse other spellings of the same bytes (padding, foreign characters)', () => {
    const nonces = codec();
    const nonce = nonces.issue(5);
    assert.deepEqual([nonces.open(`${nonce}=`), nonces.open(`${nonce.slice(0, 47)}.`)], [
      { type: 'foreign' },
      { type: 'foreign' },
    ]);
  });

  it('MUST refuse the empty string and random text without throwing', () => {
    const nonces = codec();
    assert.deepEqual([nonces.open(''), nonces.open('x'.repeat(48))], [{ type: 'foreign' }, { type: 'foreign' }]);
  });

  it('MUST keep the opaque value constant per realm and secret', () => {
    assert.equal(codec().opaque, codec().opaque);
  });
});
