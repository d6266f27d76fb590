/**
 * The node's configuration: the key table, the loader and the help text.
 *
 * @remarks
 * Read once at start by the composition root; nothing below `supervisors/` reads configuration.
 */
export { defineClusterConfig } from './define-cluster-config.ts';
export { loadConfig, type ConfigResult, type ConfigSources } from './load-config.ts';
export { formatHelp } from './format-help.ts';
export {
  CONFIG_KEYS,
  CONFIG_KEY_NAMES,
  type ClusterConfigFile,
  type ConfigKeyEntry,
  type ConfigKeyName,
  type ConfigValue,
  type HostFacts,
  type ParleyConfig,
} from './config-keys.ts';
export { CROSS_FIELD_CHECKS } from './cross-field-checks.ts';
export { CONFIG_FILE_NAME, type ConfigError, type ConfigSource } from './config-error.ts';
export type { PortRange } from './config-value-rules.ts';
export { CALL_HOOKS_KEYS, DEFAULT_HOOK_TIMEOUT_MS, type CallHook, type CallHooksSettings, type ReverseLookup } from './call-hooks-settings.ts';
