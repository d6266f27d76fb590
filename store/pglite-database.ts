import { mkdir } from 'node:fs/promises';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Database, QueryResult, Queryable } from './database.ts';
import { lockDataDir, type ReleaseDataDirLock } from './data-dir-lock.ts';
import { readSqlState, toStoreError } from './driver-errors.ts';
import { StoreUnavailableError } from './errors.ts';
import { checkSchemaName } from './schema-name.ts';
import { guardTransaction } from './transaction-handle.ts';

/** Where the embedded engine keeps its files, and which schema to use. */
export interface PgliteDatabaseOptions {
  /** The engine's own data directory; in memory when absent. */
  readonly directory?: string;
  /** A dump of a data directory (`PGlite.dumpDataDir`) to start from instead of running initdb. */
  readonly template?: Blob;
  /** Sets `search_path` for the session; the schema is created when missing. */
  readonly schema?: string;
}

/** The shape shared by PGlite itself and its transactions. */
type PgliteQueryable = Pick<Transaction, 'query' | 'exec'>;

/**
 * Starts an embedded PostgreSQL (PGlite) and returns it as a `Database`.
 *
 * @remarks
 * A file-backed engine first takes `<directory>.lock`, since two processes on one data directory
 * would corrupt it. PGlite has a single session, so `SET search_path` once is enough for every
 * later statement.
 */
export async function openPgliteDatabase(options: PgliteDatabaseOptions): Promise<Database> {
  const schema = options.schema === undefined ? undefined : checkSchemaName(options.schema);
  const release = options.directory === undefined ? undefined : await prepareDirectory(options.directory);
  let engine: PGlite;
  try {
    engine = await PGlite.create({
      ...(options.directory === undefined ? {} : { dataDir: options.directory }),
      ...(options.template === undefined ? {} : { loadDataDir: options.template }),
    });
  } catch (error) {
    await release?.();
    throw new StoreUnavailableError(`cannot start the embedded database: ${describe(error)}`, error);
  }
  const database = createPgliteDatabase(engine, release);
  if (schema === undefined) return database;
  try {
    await database.executeScript(`CREATE SCHEMA IF NOT EXISTS ${schema}; SET search_path TO ${schema}`);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

async function prepareDirectory(directory: string): Promise<ReleaseDataDirLock> {
  await mkdir(directory, { recursive: true });
  return lockDataDir(`${directory}.lock`);
}

function createPgliteDatabase(engine: PGlite, release: ReleaseDataDirLock | undefined): Database {
  let closed = false;
  const queryable = wrap(engine);
  return {
    kind: 'pglite',
    query: queryable.query,
    executeScript: queryable.executeScript,
    async transaction(work) {
      try {
        return await engine.transaction(async (tx) => {
          const handle = guardTransaction(wrap(tx));
          try {
            return await work(handle.queryable);
          } finally {
            handle.end();
          }
        });
      } catch (error) {
        // Errors of `work` pass through; a failed BEGIN or COMMIT comes from the engine.
        throw readSqlState(error) === undefined ? error : toStoreError(error, 'run a transaction');
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await engine.close();
      await release?.();
    },
  };
}

function wrap(target: PgliteQueryable): Queryable {
  return {
    async query<Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> {
      try {
        const result = await target.query<Row>(sql, params === undefined ? undefined : [...params]);
        return { rows: result.rows, rowCount: result.rowCount ?? result.affectedRows ?? result.rows.length };
      } catch (error) {
        throw toStoreError(error, 'run a query');
      }
    },
    async executeScript(sql: string): Promise<void> {
      try {
        await target.exec(sql);
      } catch (error) {
        throw toStoreError(error, 'run a script');
      }
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
