/**
 * Hardware bindings. Leaves of the dependency graph: nothing here imports the rest of the
 * repository; actors reach a driver only through ports the composition root builds.
 */
export * as berofos from './berofos/index.ts';
