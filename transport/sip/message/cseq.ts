/**
 * The CSeq header: a sequence number and a method.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-20.16
 */
import type { CSeq } from './sip-message.ts';
import { isWhitespace, scanToken, skipWhitespace, trimWhitespace } from './sip-grammar.ts';
import { createParseHandOver } from './parse-hand-over.ts';

const cSeqHandOver = createParseHandOver(parseCSeqText);

/** The largest sequence number the grammar can carry: a 32-bit unsigned integer. */
export const MAX_CSEQ_SEQUENCE = 0xffff_ffff;

/**
 * Parses `1*DIGIT LWS Method`. Returns undefined when malformed or when the number does not fit
 * in 32 bits.
 *
 * @remarks "The sequence number value MUST be expressible as a 32-bit unsigned integer"; when we
 * generate one it stays below 2**31 (§8.1.1.5), but a received one may use the whole range.
 * https://www.rfc-editor.org/rfc/rfc3261#section-8.1.1.5
 */
export const parseCSeq: (text: string) => CSeq | undefined = (text) => cSeqHandOver.lookup(text);

/** Tells whether `text` parses, keeping the result for the next {@link parseCSeq} of it (the parser's check). */
export const checkCSeq: (text: string, accept?: (cseq: CSeq) => boolean) => boolean = (text, accept) =>
  cSeqHandOver.checkAndKeep(text, accept);

function parseCSeqText(text: string): CSeq | undefined {
  const trimmed = trimWhitespace(text);
  let position = 0;
  let sequence = 0;
  while (position < trimmed.length && position <= 10) {
    const code = trimmed.charCodeAt(position);
    if (code < 48 || code > 57) break;
    sequence = sequence * 10 + (code - 48);
    position++;
  }
  if (position === 0 || sequence > MAX_CSEQ_SEQUENCE) return undefined;
  if (!isWhitespace(trimmed.charCodeAt(position))) return undefined;
  const methodStart = skipWhitespace(trimmed, position);
  const methodEnd = scanToken(trimmed, methodStart);
  if (methodEnd === methodStart || methodEnd !== trimmed.length) return undefined;
  return { sequence, method: trimmed.slice(methodStart, methodEnd) };
}

/** Writes a CSeq value as `<sequence> <METHOD>`. */
export function formatCSeq(value: CSeq): string {
  return `${String(value.sequence)} ${value.method}`;
}
