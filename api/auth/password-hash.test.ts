import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hashPassword, verifyPassword } from './password-hash.ts';

// A low cost keeps the tests fast; the stored form carries its cost, so verification follows it.
const CHEAP = { N: 1024, r: 8, p: 1 };

describe('password hashes', () => {
  it('MUST verify the password it was made from, and no other', async () => {
    const stored = await hashPassword('s3cret-pässword', CHEAP);
    assert.match(stored, /^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    assert.deepEqual(await Promise.all([verifyPassword('s3cret-pässword', stored), verifyPassword('s3cret-password', stored), verifyPassword('', stored)]), [true, false, false]);
  });

  it('MUST salt each hash: the same password twice gives two different stored values', async () => {
    assert.notEqual(await hashPassword('same', CHEAP), await hashPassword('same', CHEAP));
  });

  it('MUST treat the composed and decomposed forms of a password as the same password (NFC)', async () => {
    const stored = await hashPassword('caf\u00e9', CHEAP);
    assert.equal(await verifyPassword('cafe\u0301', stored), true);
  });

  it('MUST refuse, without throwing, stored values that are not well-formed hashes or name absurd costs', async () => {
    const good = await hashPassword('x', CHEAP);
    const [, , , , salt, hash] = good.split('$');
    for (const stored of ['', 'x', 'plain-text-password', `bcrypt$1024$8$1$${salt}$${hash}`, `scrypt$1000$8$1$${salt}$${hash}`, `scrypt$${2 ** 30}$8$1$${salt}$${hash}`, `scrypt$1024$8$1$${salt}$AAAA`, `scrypt$1024$8$1$$${hash}`]) {
      assert.equal(await verifyPassword('x', stored), false, stored);
    }
  });
});
