/**
 * Branch parameters and tags from an injected source of randomness.
 *
 * @remarks "The branch ID inserted by an element compliant with this specification MUST always
 * begin with the characters "z9hG4bK"" and must be unique across space and time; 96 random bits
 * make a collision negligible. Tags need "at least 32 bits of randomness" (§19.3).
 * https://www.rfc-editor.org/rfc/rfc3261#section-8.1.1.7
 */
import { MAGIC_COOKIE } from './transaction-keys.ts';

/** Returns `size` random bytes (e.g. `crypto.randomBytes`). */
export type RandomBytes = (size: number) => Uint8Array;

/** A new branch: the magic cookie and 96 random bits in hex. */
export function createBranch(randomBytes: RandomBytes): string {
  return MAGIC_COOKIE + toHex(randomBytes(12));
}

/**
 * A new From or To tag: 64 random bits in hex.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-19.3
 */
export function createTag(randomBytes: RandomBytes): string {
  return toHex(randomBytes(8));
}

function toHex(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += byte.toString(16).padStart(2, '0');
  return text;
}
