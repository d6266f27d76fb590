/**
 * Recognising a header name where it lies in the header section, without cutting it out.
 *
 * @remarks Header names are case-insensitive and most common ones have a compact form
 * (RFC 3261 §7.3.1, §7.3.3). Once the parser has checked that a name is made of token
 * characters, the name is found here by its length and its first and last characters, then one
 * case-insensitive comparison: a known name costs no string at all, and its stored key is an
 * interned constant, which keeps the header records the parser builds cheap to extend.
 * https://www.rfc-editor.org/rfc/rfc3261#section-7.3.3
 */
import { normalizeHeaderName } from './headers.ts';
import { LIST_HEADERS } from './header-list.ts';
import { equalsLowerCase } from './sip-grammar.ts';

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
 * The first slot probed for a name of `length` characters whose first and last characters,
 * lower-cased, are `first` and `last`.
 *
 * @remarks Any spread works, as every candidate is compared character by character; these three
 * tell the common names apart well and cost nothing per character.
 */
function slotOf(length: number, first: number, last: number): number {
  return (Math.imul(length, 97) + Math.imul(first, 31) + last) & TABLE_MASK;
}

function lowerCode(text: string, index: number): number {
  const code = text.charCodeAt(index);
  return code >= 65 && code <= 90 ? code + 32 : code;
}

/** Open-addressing table of the known spellings, each first probed at its {@link slotOf}. */
const TABLE: readonly (NameEntry | undefined)[] = (() => {
  const table = new Array<NameEntry | undefined>(TABLE_MASK + 1).fill(undefined);
  const add = (spelling: string): void => {
    const key = normalizeHeaderName(spelling);
    let slot = slotOf(spelling.length, lowerCode(spelling, 0), lowerCode(spelling, spelling.length - 1));
    while (table[slot] !== undefined) slot = (slot + 1) & TABLE_MASK;
    table[slot] = { key, isList: LIST_HEADERS.has(key), spelling };
  };
  for (const name of new Set([...COMMON_NAMES, ...LIST_HEADERS])) add(name);
  for (const letter of COMPACT_LETTERS) add(letter);
  return table;
})();

/**
 * The known header whose name is `text[start, end)`, compared case-insensitively; undefined for
 * any other name.
 *
 * @remarks `text[start, end)` must be a non-empty run of token characters (the caller checked).
 */
export function knownHeaderName(text: string, start: number, end: number): HeaderName | undefined {
  const length = end - start;
  for (let slot = slotOf(length, lowerCode(text, start), lowerCode(text, end - 1)); ; slot = (slot + 1) & TABLE_MASK) {
    const entry = TABLE[slot];
    if (entry === undefined) return undefined;
    if (entry.spelling.length === length && equalsLowerCase(text, start, entry.spelling)) return entry;
  }
}

/** The stored name of a header the table does not know: lower-cased, a list when its grammar is one. */
export function otherHeaderName(rawName: string): HeaderName {
  const key = normalizeHeaderName(rawName);
  return { key, isList: LIST_HEADERS.has(key) };
}
