/**
 * Recognising a header name where it lies in the header section, without cutting it out.
 *
 * @remarks Header names are case-insensitive and most common ones have a compact form
 * (RFC 3261 §7.3.1, §7.3.3). The parser hashes the lower-cased characters of a name while it
 * checks that they are token characters, then finds the name here by that hash and one
 * character comparison: a known name costs no string at all, and its stored key is an interned
 * constant, which keeps the header records the parser builds cheap to extend.
 * https://www.rfc-editor.org/rfc/rfc3261#section-7.3.3
 */
import { normalizeHeaderName } from './headers.ts';
import { LIST_HEADERS } from './header-list.ts';

/** How a header name is stored and whether its value is a comma-separated list. */
export interface HeaderName {
  /** Lower-case long name: the key of the header in {@link SipHeaders}. */
  readonly key: string;
  /** True when the header's grammar is a comma-separated list (see header-list.ts). */
  readonly isList: boolean;
}

interface NameEntry extends HeaderName {
  /** The lower-case spelling that matches this entry (the long name or the compact letter). */
  readonly spelling: string;
  readonly hash: number;
}

/** Header names seen in almost every message, besides the list headers (all of which are known). */
const COMMON_NAMES = [
  'from', 'to', 'call-id', 'cseq', 'max-forwards', 'content-length', 'content-type', 'user-agent', 'server', 'expires',
  'min-expires', 'authorization', 'proxy-authorization', 'www-authenticate', 'proxy-authenticate', 'event',
  'subscription-state', 'date', 'timestamp', 'subject', 'organization', 'privacy', 'session-expires', 'min-se', 'rseq',
  'rack', 'refer-to', 'referred-by', 'content-disposition', 'retry-after', 'authentication-info', 'mime-version',
  'priority', 'reply-to', 'identity', 'request-disposition', 'sip-etag', 'sip-if-match', 'replaces', 'content-id',
];

/** The compact forms of RFC 3261 §7.3.3 and later RFCs (expanded by normalizeHeaderName). */
const COMPACT_LETTERS = 'ifmtvlceksoubrxyajd';

const TABLE_BITS = 9;
const TABLE_MASK = (1 << TABLE_BITS) - 1;

/**
 * One step of the name hash: `hash` extended by the character `lowerCode` (already lower-cased).
 *
 * @remarks Any hash works, as every candidate is compared character by character; this one is a
 * multiply-add that stays a small integer.
 */
export function extendNameHash(hash: number, lowerCode: number): number {
  return (Math.imul(hash, 31) + lowerCode) | 0;
}

function slotOf(hash: number): number {
  return (hash ^ (hash >>> TABLE_BITS) ^ (hash >>> 18)) & TABLE_MASK;
}

function hashOf(spelling: string): number {
  let hash = 0;
  for (let index = 0; index < spelling.length; index++) hash = extendNameHash(hash, spelling.charCodeAt(index));
  return hash;
}

/** Open-addressing table of the known spellings, by {@link slotOf} their hash. */
const TABLE: readonly (NameEntry | undefined)[] = (() => {
  const table = new Array<NameEntry | undefined>(TABLE_MASK + 1).fill(undefined);
  const add = (spelling: string): void => {
    const key = normalizeHeaderName(spelling);
    const hash = hashOf(spelling);
    let slot = slotOf(hash);
    while (table[slot] !== undefined) slot = (slot + 1) & TABLE_MASK;
    table[slot] = { key, isList: LIST_HEADERS.has(key), spelling, hash };
  };
  for (const name of new Set([...COMMON_NAMES, ...LIST_HEADERS])) add(name);
  for (const letter of COMPACT_LETTERS) add(letter);
  return table;
})();

/**
 * The known header whose name is `text[start, end)`, compared case-insensitively, given the hash
 * of its lower-cased characters; undefined for any other name.
 *
 * @remarks `text[start, end)` must hold token characters only (the caller checked them).
 */
export function knownHeaderName(text: string, start: number, end: number, hash: number): HeaderName | undefined {
  const length = end - start;
  for (let slot = slotOf(hash); ; slot = (slot + 1) & TABLE_MASK) {
    const entry = TABLE[slot];
    if (entry === undefined) return undefined;
    if (entry.hash === hash && entry.spelling.length === length && sameLowerCase(text, start, entry.spelling)) return entry;
  }
}

function sameLowerCase(text: string, start: number, lowerSpelling: string): boolean {
  for (let index = 0; index < lowerSpelling.length; index++) {
    const code = text.charCodeAt(start + index);
    if ((code >= 65 && code <= 90 ? code + 32 : code) !== lowerSpelling.charCodeAt(index)) return false;
  }
  return true;
}

/** The stored name of a header the table does not know: lower-cased, a list when its grammar is one. */
export function otherHeaderName(rawName: string): HeaderName {
  const key = normalizeHeaderName(rawName);
  return { key, isList: LIST_HEADERS.has(key) };
}
