import type { ClusterConfigFile } from './config-keys.ts';

/**
 * Types the settings of `cluster.config.ts` and returns them unchanged.
 *
 * @remarks
 * Gives the file completion and type checking, the way `defineConfig` does in build tools.
 * Any key may be left out: flags and environment variables override the file, and the file
 * overrides the built-in defaults.
 */
export function defineClusterConfig(settings: ClusterConfigFile): ClusterConfigFile {
  return settings;
}
