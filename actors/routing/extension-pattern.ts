/**
 * Asterisk extension patterns: parsed once into a compiled form, then matched against dialed
 * strings.
 *
 * @remarks
 * An extension is either a literal (`1001`, `*21`, `s`) or, when it starts with `_`, a pattern:
 * `X` = [0-9], `Z` = [1-9], `N` = [2-9] (in either case), `[...]` a set of characters and ranges
 * (`[13-5]`, `[a-c]`), `.` one or more characters of any kind, `!` zero or more, and any other
 * character itself. A `-` outside a set is a visual separator ignored in patterns, in literal
 * extensions and in the dialed string (`555-1212` is `5551212`), as Asterisk does.
 *
 * Where Asterisk tolerates a malformed pattern silently, this module rejects it as a value, since a
 * pattern that does not mean what its author thinks is a configuration error worth reporting:
 * an unclosed or empty set, a reversed range (`[5-1]`), a wildcard that is not the last element
 * (Asterisk stops matching at `.` or `!` and ignores whatever follows), a `/` (Asterisk's
 * caller-id suffix, not supported here), a character outside printable ASCII, or more than
 * {@link MAX_EXTENSION_LENGTH} characters.
 *
 * Asterisk reference: `main/pbx.c` (`_extension_match_core`) and the Asterisk wiki page
 * "Pattern Matching" (https://docs.asterisk.org/Configuration/Dialplan/Pattern-Matching/).
 */

/** The longest extension text accepted, as Asterisk's `AST_MAX_EXTENSION` (80). */
export const MAX_EXTENSION_LENGTH = 80;

/**
 * One position of a compiled pattern: a class of allowed characters (a literal character is a
 * class of one), or one of the two trailing wildcards.
 */
export type PatternElement =
  | { readonly type: 'class'; readonly members: readonly number[] }
  | { readonly type: 'one-or-more' }
  | { readonly type: 'zero-or-more' };

/**
 * A compiled extension.
 *
 * @remarks
 * `members` of a class are UTF-16 code units in ascending order without duplicates, which is what
 * the ordering of {@link comparePatterns} reads. `normalized` is the literal without its `-`
 * separators; `text` is the extension exactly as configured.
 */
export type ExtensionPattern =
  | { readonly type: 'literal'; readonly text: string; readonly normalized: string }
  | { readonly type: 'pattern'; readonly text: string; readonly elements: readonly PatternElement[] };

/** Why an extension text was rejected. */
export type PatternErrorCode =
  | 'empty'
  | 'too-long'
  | 'invalid-character'
  | 'unclosed-set'
  | 'empty-set'
  | 'reversed-range'
  | 'wildcard-not-last';

/** The outcome of {@link compilePattern}: the compiled extension, or why the text is not one. */
export type CompilePatternResult =
  | { readonly type: 'ok'; readonly pattern: ExtensionPattern }
  | { readonly type: 'error'; readonly code: PatternErrorCode; readonly reason: string };

const SEPARATOR = '-';
const FIRST_PRINTABLE = 0x21;
const LAST_PRINTABLE = 0x7e;
const CALLER_ID_SEPARATOR = '/';

/** Digits as char codes, `first` to `9`. */
function digitsFrom(first: string): readonly number[] {
  const codes: number[] = [];
  for (let code = first.charCodeAt(0); code <= '9'.charCodeAt(0); code += 1) codes.push(code);
  return codes;
}

const NAMED_CLASSES: ReadonlyMap<string, readonly number[]> = new Map([
  ['X', digitsFrom('0')],
  ['Z', digitsFrom('1')],
  ['N', digitsFrom('2')],
]);

type ParseStep =
  | { readonly type: 'ok'; readonly element: PatternElement; readonly next: number }
  | { readonly type: 'error'; readonly code: PatternErrorCode; readonly reason: string };

function failure(code: PatternErrorCode, reason: string): { readonly type: 'error'; readonly code: PatternErrorCode; readonly reason: string } {
  return { type: 'error', code, reason };
}

function invalidCharacterIn(text: string): number {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < FIRST_PRINTABLE || code > LAST_PRINTABLE || text[index] === CALLER_ID_SEPARATOR) return index;
  }
  return -1;
}

/** Parses the body of `[...]` starting after the `[` at `start`. */
function parseSet(body: string, start: number): ParseStep {
  const end = body.indexOf(']', start);
  if (end < 0) return failure('unclosed-set', `'[' at ${start} has no closing ']'`);
  if (end === start) return failure('empty-set', `'[]' at ${start - 1} matches nothing`);
  const members = new Set<number>();
  let index = start;
  while (index < end) {
    const first = body.charCodeAt(index);
    const isRange = index + 2 < end && body[index + 1] === SEPARATOR;
    const last = isRange ? body.charCodeAt(index + 2) : first;
    if (last < first) return failure('reversed-range', `range '${body.slice(index, index + 3)}' runs backwards`);
    for (let code = first; code <= last; code += 1) members.add(code);
    index += isRange ? 3 : 1;
  }
  const sorted = [...members].sort((left, right) => left - right);
  return { type: 'ok', element: { type: 'class', members: sorted }, next: end + 1 };
}

function parseElement(body: string, index: number): ParseStep {
  const character = body[index] ?? '';
  if (character === '[') return parseSet(body, index + 1);
  if (character === '.') return { type: 'ok', element: { type: 'one-or-more' }, next: index + 1 };
  if (character === '!') return { type: 'ok', element: { type: 'zero-or-more' }, next: index + 1 };
  const named = NAMED_CLASSES.get(character.toUpperCase());
  const members = named ?? [body.charCodeAt(index)];
  return { type: 'ok', element: { type: 'class', members }, next: index + 1 };
}

function compileElements(text: string): CompilePatternResult {
  const body = text.slice(1);
  const elements: PatternElement[] = [];
  let index = 0;
  while (index < body.length) {
    if (body[index] === SEPARATOR) {
      index += 1;
      continue;
    }
    const previous = elements.at(-1);
    if (previous !== undefined && previous.type !== 'class') {
      return failure('wildcard-not-last', `'${text}': nothing may follow the wildcard '${previous.type === 'one-or-more' ? '.' : '!'}'`);
    }
    const step = parseElement(body, index);
    if (step.type === 'error') return step;
    elements.push(step.element);
    index = step.next;
  }
  if (elements.length === 0) return failure('empty', `'${text}' has no pattern after '_'`);
  return { type: 'ok', pattern: { type: 'pattern', text, elements } };
}

/**
 * Compiles an extension text (a literal, or a pattern starting with `_`) once, for matching and
 * ordering.
 *
 * @remarks
 * A malformed text is an expected outcome (it comes from configuration) and is returned as a
 * value with a stable `code`, never thrown. See the module summary for what is rejected and why.
 */
export function compilePattern(text: string): CompilePatternResult {
  if (text.length > MAX_EXTENSION_LENGTH) return failure('too-long', `longer than ${MAX_EXTENSION_LENGTH} characters`);
  const invalidAt = invalidCharacterIn(text);
  if (invalidAt >= 0) return failure('invalid-character', `character ${JSON.stringify(text[invalidAt])} at ${invalidAt} is not allowed`);
  if (text.startsWith('_')) return compileElements(text);
  const normalized = normalizeDialed(text);
  if (normalized.length === 0) return failure('empty', 'an extension needs at least one character besides separators');
  return { type: 'ok', pattern: { type: 'literal', text, normalized } };
}

/**
 * Tells whether a literal extension looks like a pattern written without its leading `_`.
 *
 * @remarks
 * `418.` is a literal in Asterisk (it matches only the four characters `418.`), although the
 * configuration guide uses it to mean "numbers beginning with 418". Routing stays faithful to
 * Asterisk; the configuration API uses this check to refuse (or ask about) such an extension rather
 * than store one that will never match what its author meant. Only the wildcard and set characters
 * count: `X`, `Z` and `N` are ordinary letters in literal extensions.
 */
export function missingPatternPrefix(text: string): boolean {
  return !text.startsWith('_') && /[.![]/.test(text);
}

/**
 * Removes the `-` visual separators from a dialed string, as Asterisk does before matching.
 *
 * @remarks
 * Asterisk skips `-` in both the pattern and the data (`main/pbx.c`, "eye candy fluff").
 */
export function normalizeDialed(dialed: string): string {
  return dialed.includes(SEPARATOR) ? dialed.split(SEPARATOR).join('') : dialed;
}

function classAccepts(members: readonly number[], code: number): boolean {
  return members.includes(code);
}

function elementsMatch(elements: readonly PatternElement[], dialed: string): boolean {
  for (let index = 0; index < elements.length; index += 1) {
    const element = elements[index];
    if (element === undefined) return false;
    if (element.type === 'one-or-more') return dialed.length > index;
    if (element.type === 'zero-or-more') return true;
    if (index >= dialed.length || !classAccepts(element.members, dialed.charCodeAt(index))) return false;
  }
  return dialed.length === elements.length;
}

/**
 * Tells whether a dialed string matches a compiled extension.
 *
 * @remarks
 * A literal matches only itself; a pattern matches position by position, with `.` requiring at
 * least one more character and `!` accepting none. Letters other than `X`, `Z` and `N` compare
 * case-sensitively, as in Asterisk. Separators (`-`) in `dialed` are ignored.
 */
export function matchPattern(pattern: ExtensionPattern, dialed: string): boolean {
  const digits = normalizeDialed(dialed);
  if (pattern.type === 'literal') return pattern.normalized === digits;
  return elementsMatch(pattern.elements, digits);
}
