import { parseArgs } from 'node:util';
import type { ConfigError } from './config-error.ts';
import { CONFIG_KEY_NAMES, CONFIG_KEY_TABLE, type ConfigKeyName } from './config-keys.ts';

/** What the command line asked for. */
export interface FlagReading {
  /** The text given to each flag; the last one wins when a flag is repeated. */
  readonly values: ReadonlyMap<ConfigKeyName, string>;
  readonly help: boolean;
  readonly errors: readonly ConfigError[];
}

const HELP_OPTION = 'help';

const KEY_BY_OPTION: ReadonlyMap<string, ConfigKeyName> = new Map(
  CONFIG_KEY_NAMES.map((name) => [CONFIG_KEY_TABLE[name].flag.slice(2), name]),
);

const OPTIONS = {
  ...Object.fromEntries([...KEY_BY_OPTION.keys()].map((option) => [option, { type: 'string' as const }])),
  [HELP_OPTION]: { type: 'boolean' as const, short: 'h' },
};

/**
 * Reads the command line: `--flag value`, `--flag=value`, `--help` or `-h`.
 *
 * @remarks
 * `util.parseArgs` runs in its lenient mode and its tokens are checked here, so that every unknown
 * flag, missing value and stray argument is reported at once rather than only the first.
 * A value that is itself a known flag (`--sip-port --http-port 80`) is taken as a missing value.
 */
export function readFlags(argv: readonly string[]): FlagReading {
  const { tokens } = parseArgs({ args: [...argv], options: OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const values = new Map<ConfigKeyName, string>();
  const errors: ConfigError[] = [];
  let help = false;
  for (const token of tokens) {
    if (token.kind === 'positional') {
      errors.push({ type: 'unexpectedArgument', argument: token.value, message: `unexpected argument ${JSON.stringify(token.value)}` });
    } else if (token.kind === 'option' && token.name === HELP_OPTION) {
      help = true;
    } else if (token.kind === 'option') {
      readOption(token.rawName, token.name, token.value, values, errors);
    }
  }
  return { values, help, errors };
}

function readOption(
  rawName: string,
  option: string,
  value: string | undefined,
  values: Map<ConfigKeyName, string>,
  errors: ConfigError[],
): void {
  const key = KEY_BY_OPTION.get(option);
  if (key === undefined) {
    errors.push({ type: 'unknownFlag', flag: rawName, message: `unknown flag ${rawName}; see --help` });
    return;
  }
  if (value === undefined || isKnownFlag(value)) {
    const { flag, env } = CONFIG_KEY_TABLE[key];
    errors.push({ type: 'missingFlagValue', key, flag, env, message: `${flag} needs a value (or set ${env})` });
    return;
  }
  values.set(key, value);
}

function isKnownFlag(text: string): boolean {
  if (!text.startsWith('--')) return false;
  const name = text.slice(2).split('=')[0] ?? '';
  return name === HELP_OPTION || KEY_BY_OPTION.has(name);
}
