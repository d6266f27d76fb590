/**
 * Feature codes (star codes, seed CF-26): which enabled feature extension a dialed number runs,
 * and the argument it carries (`*211002` is `fwdunc` with `1002`).
 *
 * @remarks
 * The reference platform keeps its feature extensions in one context (xivo-features) that every
 * internal context includes; the codes are matched as Asterisk matches extensions (the most
 * specific pattern first). The argument is what the dialed number has past the code's literal
 * prefix, as Wazo's dialplan takes `${EXTEN:3}` for `_*21.`. A forward code whose pattern is its
 * prefix and one trailing `.` (`_*21.`) also answers to the prefix alone, with an empty argument:
 * dialing `*21` disables the forward, as on Wazo. Pure.
 */
import { compilePattern, matchPattern, normalizeDialed, type ExtensionPattern, type PatternErrorCode } from './extension-pattern.ts';
import { comparePatterns } from './pattern-order.ts';

/** The features that also answer their code's prefix dialed alone (the forwards: alone, they disable). */
export const FEATURES_DIALED_ALONE: ReadonlySet<string> = new Set(['fwdunc', 'fwdrna', 'fwdbusy']);

/** A feature extension as configured. */
export interface FeatureExtension {
  readonly uuid: string;
  readonly exten: string;
  /** Wazo's name of the feature: `enablednd`, `fwdunc` … */
  readonly feature: string;
  readonly enabled: boolean;
}

/** An enabled feature extension, compiled. */
export interface CompiledFeatureCode {
  readonly code: FeatureExtension;
  readonly pattern: ExtensionPattern;
  /** The literal characters the code starts with (its argument follows them). */
  readonly prefix: string;
  /** The code also answers to its prefix alone (a forward code whose pattern is `_<prefix>.`). */
  readonly answersBare: boolean;
}

/** The enabled feature codes, most specific first. */
export interface FeatureCodes {
  readonly codes: readonly CompiledFeatureCode[];
}

/** A feature extension left out of {@link FeatureCodes}: its exten is not a valid extension or pattern. */
export interface FeatureCodeProblem {
  readonly code: FeatureExtension;
  readonly error: PatternErrorCode;
  readonly reason: string;
}

/** A dialed number that runs a feature. */
export interface FeatureCodeMatch {
  readonly feature: string;
  readonly uuid: string;
  /** What follows the code's prefix (empty for a code dialed alone). */
  readonly argument: string;
}

/** The literal characters a compiled extension starts with. */
export function literalPrefix(pattern: ExtensionPattern): string {
  if (pattern.type === 'literal') return pattern.normalized;
  let prefix = '';
  for (const element of pattern.elements) {
    if (element.type !== 'class' || element.members.length !== 1) break;
    prefix += String.fromCharCode(element.members[0] ?? 0);
  }
  return prefix;
}

function answersBare(feature: string, pattern: ExtensionPattern, prefix: string): boolean {
  if (!FEATURES_DIALED_ALONE.has(feature) || pattern.type === 'literal' || prefix === '') return false;
  const rest = pattern.elements.slice(prefix.length);
  return rest.length === 1 && rest[0]?.type === 'one-or-more';
}

/** Compiles the enabled feature extensions; disabled ones are left out, invalid ones reported. */
export function compileFeatureCodes(extensions: readonly FeatureExtension[]): { readonly codes: FeatureCodes; readonly problems: readonly FeatureCodeProblem[] } {
  const problems: FeatureCodeProblem[] = [];
  const compiled: CompiledFeatureCode[] = [];
  for (const code of extensions) {
    if (!code.enabled) continue;
    const result = compilePattern(code.exten);
    if (result.type === 'error') {
      problems.push({ code, error: result.code, reason: result.reason });
      continue;
    }
    const prefix = literalPrefix(result.pattern);
    compiled.push({ code, pattern: result.pattern, prefix, answersBare: answersBare(code.feature, result.pattern, prefix) });
  }
  compiled.sort((left, right) => comparePatterns(left.pattern, right.pattern) || left.code.feature.localeCompare(right.code.feature));
  return { codes: { codes: compiled }, problems };
}

/**
 * The feature a dialed number runs, with its argument; undefined when no enabled code matches.
 *
 * @remarks A full match wins over a code dialed alone (`*21` matching `_*21.` bare), so a code
 * configured as exactly `*21` for another feature keeps its number.
 */
export function matchFeatureCode(features: FeatureCodes, dialed: string): FeatureCodeMatch | undefined {
  const digits = normalizeDialed(dialed);
  const full = features.codes.find((candidate) => matchPattern(candidate.pattern, digits));
  if (full !== undefined) return { feature: full.code.feature, uuid: full.code.uuid, argument: digits.slice(full.prefix.length) };
  const bare = features.codes.find((candidate) => candidate.answersBare && candidate.prefix === digits);
  return bare === undefined ? undefined : { feature: bare.code.feature, uuid: bare.code.uuid, argument: '' };
}

/** The numbers a code answers to exactly: its text when it is fixed, its prefix when it answers bare. */
function exactNumbers(feature: string, pattern: ExtensionPattern): readonly string[] {
  if (pattern.type === 'literal') return [pattern.normalized];
  const prefix = literalPrefix(pattern);
  if (prefix.length === pattern.elements.length) return [prefix];
  return answersBare(feature, pattern, prefix) ? [prefix] : [];
}

/**
 * Whether two extens would answer the same numbers as codes (equivalent patterns, the same fixed
 * number written as a literal and as a pattern, or a forward code dialed alone and an exact code):
 * two enabled feature extensions may not.
 */
export function featureExtensCollide(left: Pick<FeatureExtension, 'exten' | 'feature'>, right: Pick<FeatureExtension, 'exten' | 'feature'>): boolean {
  const one = compilePattern(left.exten);
  const other = compilePattern(right.exten);
  if (one.type === 'error' || other.type === 'error') return false;
  if (comparePatterns(one.pattern, other.pattern) === 0) return true;
  const numbers = exactNumbers(right.feature, other.pattern);
  return exactNumbers(left.feature, one.pattern).some((number) => numbers.includes(number));
}
