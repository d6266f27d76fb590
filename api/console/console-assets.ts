/**
 * The admin console's files (`/console` and `/console/<file>`): read once from `static/` as they are
 * committed (no build step), each with its content type and an ETag, and looked up by exact name,
 * so no request path can reach a file outside that folder.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the console is served. */
export const CONSOLE_PATH = '/console';

/** One file the console serves. */
export interface ConsoleAsset {
  readonly body: Buffer;
  readonly contentType: string;
  /** A strong validator of the body (quoted, as sent in `ETag`). */
  readonly etag: string;
}

/** The console's files by request path (`/console` is the page itself). */
export type ConsoleAssets = ReadonlyMap<string, ConsoleAsset>;

/** What a request for a console path gets. */
export type ConsoleLookup =
  | { readonly type: 'asset'; readonly asset: ConsoleAsset }
  /** `/console/` and `/console/index.html`: the page lives at `/console`. */
  | { readonly type: 'redirect'; readonly location: string }
  | { readonly type: 'not-found' };

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** The folder the console's files are committed in. */
export const CONSOLE_STATIC_DIR = fileURLToPath(new URL('./static/', import.meta.url));

/** Reads the console's files (only those with a known content type) into memory. */
export function loadConsoleAssets(directory: string = CONSOLE_STATIC_DIR): ConsoleAssets {
  const assets = new Map<string, ConsoleAsset>();
  for (const name of readdirSync(directory)) {
    const contentType = CONTENT_TYPES[extname(name)];
    if (contentType === undefined) continue;
    const body = readFileSync(join(directory, name));
    const asset: ConsoleAsset = { body, contentType, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
    assets.set(name === 'index.html' ? CONSOLE_PATH : `${CONSOLE_PATH}/${name}`, asset);
  }
  return assets;
}

/** Finds what a request path (without its query) gets: an exact name, never a path walked on disk. */
export function lookupConsoleAsset(assets: ConsoleAssets, path: string): ConsoleLookup {
  if (path === `${CONSOLE_PATH}/` || path === `${CONSOLE_PATH}/index.html`) return { type: 'redirect', location: CONSOLE_PATH };
  const asset = assets.get(path);
  return asset === undefined ? { type: 'not-found' } : { type: 'asset', asset };
}
