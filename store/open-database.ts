import { join } from 'node:path';
import type { Database } from './database.ts';
import { InvalidStoreOptionsError, type StoreError } from './errors.ts';
import { openPgliteDatabase } from './pglite-database.ts';
import { openPostgresDatabase } from './postgres-database.ts';

/** Where the configuration database is. */
export interface OpenDatabaseOptions {
  /** A `postgres://` URL: use that server. Absent: use the embedded engine. */
  readonly url?: string;
  /** The node's data directory; the embedded engine keeps its files in `<dataDir>/pglite`. */
  readonly dataDir?: string;
  /** Run the embedded engine in memory (tests). */
  readonly inMemory?: boolean;
  /** The schema to work in (`search_path`), created when missing; for test isolation. */
  readonly schema?: string;
  /** Told about errors on idle server connections, for logging. */
  readonly onBackgroundError?: (error: StoreError) => void;
}

/** The folder under the data directory that holds the embedded engine's files. */
export const EMBEDDED_DIRECTORY_NAME = 'pglite';

/**
 * Opens the configuration database: a PostgreSQL server when a URL is given, else the embedded
 * engine, file-backed under the data directory or in memory.
 *
 * @remarks
 * This is the single-node default of the design: with no configuration, nothing to install.
 * Throws `StoreUnavailableError` when the database cannot be reached, `DataDirLockedError` when
 * another process uses the embedded files, `InvalidStoreOptionsError` on contradictory options.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const schema = options.schema === undefined ? {} : { schema: options.schema };
  if (options.url !== undefined) {
    if (options.inMemory === true) throw new InvalidStoreOptionsError('inMemory cannot be combined with a database URL');
    return openPostgresDatabase({
      url: options.url,
      ...schema,
      ...(options.onBackgroundError === undefined ? {} : { onBackgroundError: options.onBackgroundError }),
    });
  }
  if (options.inMemory === true) return openPgliteDatabase(schema);
  if (options.dataDir === undefined || options.dataDir === '') {
    throw new InvalidStoreOptionsError('give a database URL, a data directory, or inMemory');
  }
  return openPgliteDatabase({ directory: join(options.dataDir, EMBEDDED_DIRECTORY_NAME), ...schema });
}
