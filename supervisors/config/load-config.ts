import { availableParallelism, hostname } from 'node:os';
import { CONFIG_FILE_NAME, invalidValueError, type ConfigError, type ConfigSource } from './config-error.ts';
import {
  CONFIG_KEY_NAMES,
  CONFIG_KEY_TABLE,
  type ClusterConfigFile,
  type ConfigKeyName,
  type HostFacts,
  type ParleyConfig,
} from './config-keys.ts';
import { CALL_HOOKS_KEYS, checkCallHooks, type CallHooksSettings } from './call-hooks-settings.ts';
import { checkCrossFields } from './cross-field-checks.ts';
import { formatHelp } from './format-help.ts';
import { readFlags } from './read-flags.ts';

/** The sources of the configuration. */
export interface ConfigSources {
  /** The command-line arguments after the script, `process.argv.slice(2)`. */
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The default export of `cluster.config.ts`; checked at run time as well, since it is code. */
  readonly file?: ClusterConfigFile;
  /** The machine's host name and core count; read from the OS when absent. */
  readonly host?: HostFacts;
}

/** The outcome of `loadConfig`: a configuration, every reason there is none, or the help asked for. */
export type ConfigResult =
  | { readonly type: 'ok'; readonly config: ParleyConfig; readonly callHooks: CallHooksSettings }
  | { readonly type: 'error'; readonly errors: readonly ConfigError[] }
  | { readonly type: 'help'; readonly text: string };

/** A key's value before validation: the candidate, where it came from, and what was written. */
interface Resolved {
  readonly value: unknown;
  readonly given: unknown;
  readonly source: ConfigSource;
}

/**
 * Resolves the configuration from its sources, command-line flag first, then environment
 * variable, then `cluster.config.ts`, then the built-in default, and validates it.
 *
 * @remarks
 * Every problem is collected and returned together (unknown flags, bad values, contradictions
 * between keys), so one start tells the operator everything to fix. `--help` wins over errors.
 */
export function loadConfig(sources: ConfigSources): ConfigResult {
  const flags = readFlags(sources.argv);
  if (flags.help) return { type: 'help', text: formatHelp() };
  const host = sources.host ?? readHostFacts();
  const fileCheck = checkFile(sources.file ?? {});
  const file = fileCheck.type === 'ok' ? fileCheck.file : {};
  const callHooks = checkCallHooks(file);
  const hookErrors = callHooks.problems.map((problem): ConfigError => ({ type: 'invalidCallHooks', message: `${CONFIG_FILE_NAME}: ${problem}` }));
  const errors: ConfigError[] = [...flags.errors, ...fileCheck.errors, ...hookErrors];
  const values: Partial<Record<ConfigKeyName, unknown>> = {};
  for (const key of CONFIG_KEY_NAMES) {
    const resolved = resolve(key, flags.values.get(key), sources.env, file, host);
    const parsed = CONFIG_KEY_TABLE[key].schema.safeParse(resolved.value);
    if (parsed.success) values[key] = parsed.data;
    else errors.push(invalidValueError(key, resolved.source, resolved.given));
  }
  if (errors.length > 0) return { type: 'error', errors };
  // Every key was just validated by its own schema, which is what ParleyConfig is made of.
  const config = values as ParleyConfig;
  const contradictions = checkCrossFields(config);
  return contradictions.length > 0 ? { type: 'error', errors: contradictions } : { type: 'ok', config, callHooks: callHooks.settings };
}

function resolve(
  key: ConfigKeyName,
  flagText: string | undefined,
  env: ConfigSources['env'],
  file: ClusterConfigFile,
  host: HostFacts,
): Resolved {
  const definition = CONFIG_KEY_TABLE[key];
  if (flagText !== undefined) return { value: definition.fromText(flagText), given: flagText, source: 'flag' };
  const envText = env[definition.env];
  if (envText !== undefined) return { value: definition.fromText(envText), given: envText, source: 'env' };
  const fileValue: unknown = file[key];
  if (fileValue !== undefined) return { value: fileValue, given: fileValue, source: 'file' };
  const defaultValue: unknown = definition.defaultValue(host);
  return { value: defaultValue, given: defaultValue, source: 'default' };
}

/**
 * Checks the shape of the file: an object whose keys are all configuration keys.
 *
 * @remarks
 * The file is code, typed by `defineClusterConfig`, but a JavaScript file or a cast escapes the
 * type checker; an unknown key is most often a typo that would otherwise be silently ignored.
 */
function checkFile(file: unknown): { type: 'ok'; file: ClusterConfigFile; errors: ConfigError[] } | { type: 'error'; errors: ConfigError[] } {
  if (typeof file !== 'object' || file === null || Array.isArray(file)) {
    return { type: 'error', errors: [{ type: 'unknownFileKey', fileKey: '', message: `${CONFIG_FILE_NAME} must export an object of settings` }] };
  }
  const known: ReadonlySet<string> = new Set([...CONFIG_KEY_NAMES, ...CALL_HOOKS_KEYS]);
  const errors: ConfigError[] = Object.keys(file)
    .filter((fileKey) => !known.has(fileKey))
    .map((fileKey) => ({ type: 'unknownFileKey', fileKey, message: `${CONFIG_FILE_NAME}: unknown key ${JSON.stringify(fileKey)}` }));
  return { type: 'ok', file: file as ClusterConfigFile, errors };
}

function readHostFacts(): HostFacts {
  return { hostname: hostname(), cores: availableParallelism() };
}
