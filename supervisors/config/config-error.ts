import { CONFIG_KEY_TABLE, type ConfigKeyName } from './config-keys.ts';

/** Where a value came from, highest precedence first. */
export type ConfigSource = 'flag' | 'env' | 'file' | 'default';

/**
 * Why the configuration cannot be used. Each error carries a `message` ready to print.
 *
 * @remarks
 * An invalid value names the key, its flag, its environment variable and the value as given
 * (secrets hidden), so the operator can find it whichever source it came from.
 */
export type ConfigError =
  | {
      readonly type: 'invalidValue';
      readonly key: ConfigKeyName;
      readonly flag: string;
      readonly env: string;
      readonly source: ConfigSource;
      readonly value: string;
      readonly message: string;
    }
  | { readonly type: 'inconsistentValues'; readonly keys: readonly ConfigKeyName[]; readonly message: string }
  | { readonly type: 'missingFlagValue'; readonly key: ConfigKeyName; readonly flag: string; readonly env: string; readonly message: string }
  | { readonly type: 'unknownFlag'; readonly flag: string; readonly message: string }
  | { readonly type: 'unexpectedArgument'; readonly argument: string; readonly message: string }
  | { readonly type: 'unknownFileKey'; readonly fileKey: string; readonly message: string }
  | { readonly type: 'invalidCallHooks'; readonly message: string };

/** The file the `file` source stands for, in messages. */
export const CONFIG_FILE_NAME = 'cluster.config.ts';

/** Longest shown value: a huge value is cut, not echoed whole into a log. */
const MAX_SHOWN_LENGTH = 120;

/**
 * Builds the error of a value its rule refused, e.g.
 * `--sip-port (PARLEY_SIP_PORT) = "70000": must be an integer from 1 to 65535`.
 */
export function invalidValueError(key: ConfigKeyName, source: ConfigSource, given: unknown): ConfigError {
  const { flag, env, requirement } = CONFIG_KEY_TABLE[key];
  const value = showValue(key, given);
  const origin = source === 'file' ? ` in ${CONFIG_FILE_NAME} (${key})` : source === 'default' ? ' by default' : '';
  return { type: 'invalidValue', key, flag, env, source, value, message: `${flag} (${env}) = ${value}${origin}: ${requirement}` };
}

/** Builds the error of two or more keys whose values contradict each other. */
export function inconsistentValuesError(keys: readonly ConfigKeyName[], message: string): ConfigError {
  return { type: 'inconsistentValues', keys, message };
}

/** Names a key with its flag, its environment variable and its value, for cross-field messages. */
export function describeKey(key: ConfigKeyName, value: unknown): string {
  const { flag, env } = CONFIG_KEY_TABLE[key];
  return `${flag} (${env}) = ${showValue(key, value)}`;
}

/**
 * Shows a value as the operator would write it: text quoted, numbers bare, port ranges as
 * `start-end`, lists comma-separated; secrets hidden; long values cut.
 */
export function showValue(key: ConfigKeyName, value: unknown): string {
  const shown = typeof value === 'string' ? JSON.stringify(value) : stringify(value);
  const redact = CONFIG_KEY_TABLE[key].redact;
  const safe = redact === undefined ? shown : redact(shown);
  return safe.length > MAX_SHOWN_LENGTH ? `${safe.slice(0, MAX_SHOWN_LENGTH)}…` : safe;
}

function stringify(value: unknown): string {
  if (isPortRange(value)) return `${value.start}-${value.end}`;
  if (Array.isArray(value)) return value.map(String).join(',');
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    // A bigint, a cycle, a hostile toJSON: show the kind of value rather than fail.
    return Object.prototype.toString.call(value);
  }
}

function isPortRange(value: unknown): value is { start: unknown; end: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'start' in value && 'end' in value;
}
