/**
 * Loads uWebSockets.js and proves that its native binary is the one running.
 *
 * @remarks
 * The package silently falls back to a pure-JS implementation on a Node.js ABI it has no binary
 * for; that fallback throws "Not implemented" for pub/sub, remote addresses and back-pressure,
 * which parley relies on. Failing at start-up with a clear message beats failing on the first call.
 */
import { createRequire } from 'node:module';
import { UwsNativeMissingError } from './errors.ts';

type UwsModule = typeof import('uWebSockets.js');

const require = createRequire(import.meta.url);

/** Returns the uWebSockets.js module, or throws {@link UwsNativeMissingError}. */
export function loadNativeUws(): UwsModule {
  const uws = require('uWebSockets.js') as UwsModule;
  const native = Object.keys(require.cache).find((path) => /uws_[a-z0-9_]+_\d+\.node$/.test(path));
  if (native === undefined) {
    throw new UwsNativeMissingError(
      `no binary for Node.js ${process.version} (ABI ${process.versions.modules}) on ${process.platform}-${process.arch}; parley runs on Node.js 20`,
    );
  }
  return uws;
}
