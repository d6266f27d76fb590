import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * How one configuration value is read and checked.
 *
 * @remarks
 * Flags and environment variables are text, turned into a candidate by `fromText`; the
 * configuration file gives typed values directly. Both go through the same `schema`, so a value
 * is held to one rule whatever its source. `requirement` is the end of the error message.
 */
export interface ValueRule<Value> {
  readonly fromText: (text: string) => unknown;
  readonly schema: z.ZodType<Value>;
  /** E.g. `must be an integer from 1 to 65535`. */
  readonly requirement: string;
  /** E.g. `<port>`, for the help text. */
  readonly placeholder: string;
  /** Hides secrets (a password in a URL) before a value is shown in an error. */
  readonly redact?: (shown: string) => string;
}

const DIGITS = /^-?[0-9]+$/;

/** An integer from `minimum` to `maximum` inclusive; text must be plain decimal digits. */
export function integerRule(minimum: number, maximum: number, placeholder = '<integer>'): ValueRule<number> {
  return {
    fromText: (text) => (DIGITS.test(text) ? Number(text) : text),
    schema: z.int().min(minimum).max(maximum),
    requirement: `must be an integer from ${minimum} to ${maximum}`,
    placeholder,
  };
}

/** A TCP or UDP port. */
export const PORT_RULE = integerRule(1, 65_535, '<port>');

/** An IPv4 or IPv6 address to bind to (`0.0.0.0` and `::` for every interface). */
export const IP_ADDRESS_RULE: ValueRule<string> = {
  fromText: (text) => text,
  schema: z.string().refine((text) => isIP(text) !== 0),
  requirement: 'must be an IPv4 or IPv6 address',
  placeholder: '<address>',
};

/** A DNS host name (RFC 1123 §2.1): dot-separated labels of letters, digits and inner hyphens. */
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** An address others reach us at: an IP address or a host name. */
export const HOST_RULE: ValueRule<string> = {
  fromText: (text) => text,
  schema: z.string().refine((text) => isIP(text) !== 0 || HOST_NAME.test(text)),
  requirement: 'must be an IP address or a host name',
  placeholder: '<host>',
};

/** Text matching a pattern. */
export function patternRule(pattern: RegExp, requirement: string, placeholder: string): ValueRule<string> {
  return { fromText: (text) => text, schema: z.string().regex(pattern), requirement, placeholder };
}

/** One of a fixed set of words. */
export function choiceRule<const Choice extends string>(choices: readonly [Choice, ...Choice[]], placeholder: string): ValueRule<Choice> {
  return {
    fromText: (text) => text,
    schema: z.enum(choices),
    requirement: `must be one of ${choices.join(', ')}`,
    placeholder,
  };
}

/** A non-empty comma-separated subset of `choices`, each at most once, in the given order. */
export function subsetRule<const Choice extends string>(
  choices: readonly [Choice, ...Choice[]],
  placeholder: string,
): ValueRule<readonly Choice[]> {
  return {
    fromText: (text) => text.split(',').map((item) => item.trim()),
    schema: z
      .array(z.enum(choices))
      .min(1)
      .refine((items) => new Set(items).size === items.length),
    requirement: `must be a comma-separated list of ${choices.join(', ')}, each at most once`,
    placeholder,
  };
}

/** An inclusive range of ports. */
export interface PortRange {
  readonly start: number;
  readonly end: number;
}

const RANGE_TEXT = /^([0-9]+)-([0-9]+)$/;
const RANGE_PORT = z.int().min(1024).max(65_535);

/**
 * A range of UDP ports for RTP, `start-end`.
 *
 * @remarks
 * RTP takes an even port and RTCP the odd one above it
 * (https://www.rfc-editor.org/rfc/rfc3550#section-11), hence an even start; ports below 1024 need
 * privileges.
 */
export const RTP_PORT_RANGE_RULE: ValueRule<PortRange> = {
  fromText: (text) => {
    const [, start, end] = RANGE_TEXT.exec(text) ?? [];
    return start === undefined || end === undefined ? text : { start: Number(start), end: Number(end) };
  },
  schema: z
    .strictObject({ start: RANGE_PORT, end: RANGE_PORT })
    .refine((range) => range.start < range.end && range.start % 2 === 0),
  requirement: 'must be a range start-end of ports from 1024 to 65535, with an even start below the end',
  placeholder: '<start-end>',
};

/** A URL with one of the given schemes, e.g. `['postgres:', 'postgresql:']`. */
export function urlRule(protocols: readonly string[], placeholder: string): ValueRule<string> {
  const names = protocols.map((protocol) => `${protocol}//`).join(' or ');
  return {
    fromText: (text) => text,
    schema: z.string().refine((text) => protocols.includes(parseUrl(text)?.protocol ?? '')),
    requirement: `must be a ${names} URL`,
    placeholder,
    redact: redactUrlPassword,
  };
}

/** A filesystem path: not empty, no NUL byte. */
export const PATH_RULE: ValueRule<string> = {
  fromText: (text) => text,
  schema: z.string().min(1).refine((text) => !text.includes('\0')),
  requirement: 'must be a non-empty path',
  placeholder: '<path>',
};

/**
 * Makes a rule's value optional: absent, or given as empty text, means unset.
 *
 * @remarks
 * An empty environment variable (`DATABASE_URL=`) or flag (`--database-url=`) is how one unsets
 * a value that a lower source set.
 */
export function optionalRule<Value>(rule: ValueRule<Value>): ValueRule<Value | undefined> {
  return {
    ...rule,
    fromText: (text) => (text === '' ? undefined : rule.fromText(text)),
    schema: rule.schema.optional(),
    requirement: `${rule.requirement}, or empty to leave it unset`,
  };
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** Replaces the password of a URL in some text by `***`. */
export function redactUrlPassword(shown: string): string {
  return shown.replace(/(\/\/[^/@:\s]*:)[^@/\s]*@/, '$1***@');
}
