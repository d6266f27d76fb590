/**
 * The check that a header section holds no character SIP forbids there.
 *
 * @remarks "No CR or LF are allowed except in the final CRLF sequence" of a line (RFC 3261 §7.1)
 * and header values are TEXT-UTF8 and LWS (§25.1): so no control character but HTAB, and no CR or
 * LF outside a CRLF pair, which keeps a bare LF from smuggling a header line past a lenient peer.
 * A control character escaped by a backslash is a quoted-pair and allowed
 * (`"\" (%x00-09 / %x0B-0C / %x0E-7F)`, RFC 4475 §3.1.1.2 "intmeth").
 * https://www.rfc-editor.org/rfc/rfc3261#section-25.1
 */

const ONES = 0x01010101;
const HIGH_BITS = 0x80808080 | 0;
const SPACES = 0x20202020;
const DELETES = 0x7f7f7f7f;

/**
 * True when `bytes[start, end)` holds a forbidden control character or a bare CR or LF.
 *
 * @remarks Four bytes are tested at a time: a word is looked at byte by byte only when one of its
 * bytes is below 0x20 or equals 0x7F, which in a normal header section happens once per line.
 */
export function hasForbiddenControl(bytes: Uint8Array, start: number, end: number): boolean {
  let index = start;
  while (index < end && ((bytes.byteOffset + index) & 3) !== 0) {
    if (isForbiddenAt(bytes, index, start, end)) return true;
    index++;
  }
  if (index >= end) return false;
  const wordCount = (end - index) >> 2;
  const words = new Int32Array(bytes.buffer, bytes.byteOffset + index, wordCount);
  for (let word = 0; word < wordCount; word++) {
    const value = words[word] ?? 0;
    const deletes = value ^ DELETES;
    if ((((value - SPACES) & ~value) | ((deletes - ONES) & ~deletes)) & HIGH_BITS) {
      const first = index + word * 4;
      for (let position = first; position < first + 4; position++) {
        if (isForbiddenAt(bytes, position, start, end)) return true;
      }
    }
  }
  for (let position = index + wordCount * 4; position < end; position++) {
    if (isForbiddenAt(bytes, position, start, end)) return true;
  }
  return false;
}

function isForbiddenAt(bytes: Uint8Array, index: number, start: number, end: number): boolean {
  const byte = bytes[index] ?? 0;
  if (byte >= 32 && byte !== 127) return false;
  if (byte === 13) return !(index + 1 < end && bytes[index + 1] === 10);
  if (byte === 10) return !(index > start && bytes[index - 1] === 13);
  if (byte === 9) return false;
  return !(index > start && bytes[index - 1] === 92);
}

/** What {@link findCleanHeadEnd} returns when the fast scan cannot decide. */
export const UNDECIDED = -1;

/**
 * Where the header section starting at `start` ends (the index of the CRLF CRLF after it), found
 * in the same pass that checks its characters; {@link UNDECIDED} when the section holds a
 * forbidden character, or ends beyond `lastEnd`, or does not end at all.
 *
 * @remarks The usual message is read once, four bytes at a time, up to its empty line; any other
 * is left to `indexOf` and {@link hasForbiddenControl}, which tell exactly what is wrong.
 */
export function findCleanHeadEnd(bytes: Uint8Array, start: number, lastEnd: number): number {
  let index = start;
  while (index <= lastEnd && ((bytes.byteOffset + index) & 3) !== 0) {
    const verdict = judgeByte(bytes, index, start);
    if (verdict !== CLEAN) return verdict <= lastEnd ? verdict : UNDECIDED;
    index++;
  }
  if (index > lastEnd) return UNDECIDED;
  const wordCount = Math.min(((lastEnd - index) >> 2) + 1, (bytes.length - index) >> 2);
  const words = new Int32Array(bytes.buffer, bytes.byteOffset + index, wordCount);
  for (let word = 0; word < words.length; word++) {
    const value = words[word] ?? 0;
    const deletes = value ^ DELETES;
    if ((((value - SPACES) & ~value) | ((deletes - ONES) & ~deletes)) & HIGH_BITS) {
      const first = index + word * 4;
      for (let position = first; position < first + 4; position++) {
        const verdict = judgeByte(bytes, position, start);
        if (verdict !== CLEAN) return verdict <= lastEnd ? verdict : UNDECIDED;
      }
    }
  }
  for (let position = index + words.length * 4; position <= lastEnd; position++) {
    const verdict = judgeByte(bytes, position, start);
    if (verdict !== CLEAN) return verdict <= lastEnd ? verdict : UNDECIDED;
  }
  return UNDECIDED;
}

/** {@link judgeByte}: the byte is allowed and starts no CRLF CRLF. */
const CLEAN = -2;

/** CLEAN, `index` when a CRLF CRLF starts there, or UNDECIDED for a forbidden byte. */
function judgeByte(bytes: Uint8Array, index: number, start: number): number {
  const byte = bytes[index];
  if (byte === undefined) return UNDECIDED;
  if (byte >= 32 && byte !== 127) return CLEAN;
  if (byte === 13) {
    if (bytes[index + 1] !== 10) return UNDECIDED;
    return bytes[index + 2] === 13 && bytes[index + 3] === 10 ? index : CLEAN;
  }
  if (byte === 10) return index > start && bytes[index - 1] === 13 ? CLEAN : UNDECIDED;
  if (byte === 9) return CLEAN;
  return index > start && bytes[index - 1] === 92 ? CLEAN : UNDECIDED;
}
