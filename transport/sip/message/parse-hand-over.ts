/**
 * A hand-over of parsed header values from the parser to the first layer that reads them, so that
 * a value the parser had to validate is not parsed twice.
 *
 * @remarks The parser must check the top Via, From, To, CSeq and Request-URI of every message, and
 * the transaction layer reads the same values right after. The parser's results are kept in a
 * ring of the last {@link RING_SIZE}; a lookup probes it newest first by string equality (for the
 * very string object the parser stored in the message, an identity check) and takes the result
 * out, so that no parsed object is ever shared between two callers and none needs freezing. Texts
 * longer than {@link MAX_KEPT_TEXT_LENGTH} are not kept: work and memory stay bounded whatever the
 * input.
 */

/** Results kept per parse function. */
const RING_SIZE = 8;

/** Longer texts are not kept. */
export const MAX_KEPT_TEXT_LENGTH = 1024;

/** A pure parse function whose fresh results wait for their first reader. */
export interface ParseHandOver<T> {
  /** The kept result for `text` (taken out), else a fresh parse. */
  readonly lookup: (text: string) => T | undefined;
  /**
   * Parses `text` and tells whether it parsed (and passes `accept`, when given); if so, keeps the
   * result for the next lookup of the same text.
   */
  readonly checkAndKeep: (text: string, accept?: (value: T) => boolean) => boolean;
}

/** Wraps a pure `parse` (one that returns a new object on every call) with a hand-over ring. */
export function createParseHandOver<T>(parse: (text: string) => T | undefined): ParseHandOver<T> {
  const texts: string[] = new Array<string>(RING_SIZE).fill('');
  const results: (T | undefined)[] = new Array<T | undefined>(RING_SIZE).fill(undefined);
  let newest = 0;
  const checkAndKeep = (text: string, accept?: (value: T) => boolean): boolean => {
    const parsed = parse(text);
    if (parsed === undefined || (accept !== undefined && !accept(parsed))) return false;
    if (text.length <= MAX_KEPT_TEXT_LENGTH) {
      newest = (newest + 1) % RING_SIZE;
      texts[newest] = text;
      results[newest] = parsed;
    }
    return true;
  };
  const lookup = (text: string): T | undefined => {
    for (let age = 0; age < RING_SIZE; age++) {
      const slot = (newest - age + RING_SIZE) % RING_SIZE;
      if (texts[slot] === text && text.length > 0) {
        const kept = results[slot];
        texts[slot] = '';
        results[slot] = undefined;
        return kept;
      }
    }
    return parse(text);
  };
  return { lookup, checkAndKeep };
}
