import pg from 'pg';
import type { Database, QueryResult, Queryable } from './database.ts';
import { toStoreError } from './driver-errors.ts';
import { InvalidStoreOptionsError, StoreQueryError, StoreUnavailableError, type StoreError } from './errors.ts';
import { checkSchemaName } from './schema-name.ts';
import { guardTransaction } from './transaction-handle.ts';

/** How to reach a PostgreSQL server. */
export interface PostgresDatabaseOptions {
  /** `postgres://` or `postgresql://` URL, as libpq understands it. */
  readonly url: string;
  /** Sets `search_path` on every connection; the schema is created when missing. */
  readonly schema?: string;
  /** Connections kept in the pool; 10 by default. */
  readonly poolSize?: number;
  /** How long to wait for a connection before giving up; 5000 ms by default. */
  readonly connectTimeoutMs?: number;
  /**
   * Told about errors on idle pooled connections (a server restart, a network cut).
   *
   * @remarks
   * The pool drops such a connection by itself; this is for logging.
   */
  readonly onBackgroundError?: (error: StoreError) => void;
}

const DEFAULT_POOL_SIZE = 10;
const DEFAULT_CONNECT_TIMEOUT_MS = 5000;
/** SQLSTATEs of a concurrent `CREATE SCHEMA IF NOT EXISTS` that lost the race. */
const SCHEMA_RACE_SQLSTATES: ReadonlySet<string> = new Set(['23505', '42P06']);

/**
 * Opens a pool to a PostgreSQL server, checks that it answers, and returns it as a `Database`.
 *
 * @remarks
 * The schema goes into each connection's startup `options` (`-c search_path=<schema>`), so every
 * pooled connection uses it from its first statement, with no race against a `SET` issued after
 * connecting. Throws `StoreUnavailableError` when the server cannot be reached.
 */
export async function openPostgresDatabase(options: PostgresDatabaseOptions): Promise<Database> {
  const schema = options.schema === undefined ? undefined : checkSchemaName(options.schema);
  const pool = new pg.Pool({
    connectionString: withSearchPath(options.url, schema),
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    connectionTimeoutMillis: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
  });
  pool.on('error', (error) => options.onBackgroundError?.(toStoreError(error, 'keep an idle connection')));
  const database = createPostgresDatabase(pool);
  try {
    if (schema !== undefined) await createSchemaIfMissing(database, schema);
    await database.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  return database;
}

function createPostgresDatabase(pool: pg.Pool): Database {
  let closed = false;
  return {
    kind: 'postgres',
    query: (sql, params) => withClient(pool, (lease) => runQuery(lease.client, sql, params)),
    executeScript: (sql) => withClient(pool, (lease) => runScript(lease.client, sql)),
    transaction: (work) => withClient(pool, (lease) => runTransaction(lease, work)),
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

/** A pooled connection, and a way to keep it out of the pool once it is known to be broken. */
interface Lease {
  readonly client: pg.PoolClient;
  markBroken(): void;
}

async function withClient<T>(pool: pg.Pool, use: (lease: Lease) => Promise<T>): Promise<T> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw new StoreUnavailableError(`cannot connect to PostgreSQL: ${describe(error)}`, error);
  }
  let broken = false;
  const markBroken = (): void => void (broken = true);
  // A connection lost between two statements emits 'error'; unheard, that would end the process.
  client.on('error', markBroken);
  try {
    return await use({ client, markBroken });
  } catch (error) {
    if (error instanceof StoreUnavailableError) broken = true;
    throw error;
  } finally {
    client.off('error', markBroken);
    // Passing a truthy value makes the pool destroy the connection instead of reusing it.
    client.release(broken);
  }
}

async function runQuery<Row>(client: pg.PoolClient, sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> {
  try {
    const result = await client.query(sql, params === undefined ? undefined : [...params]);
    const rows: Row[] = result.rows;
    return { rows, rowCount: result.rowCount ?? rows.length };
  } catch (error) {
    throw toStoreError(error, 'run a query');
  }
}

async function runScript(client: pg.PoolClient, sql: string): Promise<void> {
  try {
    // Without parameters, pg uses the simple query protocol, which accepts several statements.
    await client.query(sql);
  } catch (error) {
    throw toStoreError(error, 'run a script');
  }
}

async function runTransaction<T>(lease: Lease, work: (tx: Queryable) => Promise<T>): Promise<T> {
  const { client } = lease;
  const handle = guardTransaction({
    query: (sql, params) => runQuery(client, sql, params),
    executeScript: (sql) => runScript(client, sql),
  });
  await runScript(client, 'BEGIN');
  try {
    const result = await work(handle.queryable);
    await runScript(client, 'COMMIT');
    return result;
  } catch (error) {
    // When the rollback itself fails the connection is unusable; the original error is the one to report.
    await client.query('ROLLBACK').catch(() => lease.markBroken());
    throw error;
  } finally {
    handle.end();
  }
}

async function createSchemaIfMissing(database: Database, schema: string): Promise<void> {
  try {
    await database.executeScript(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } catch (error) {
    const lostTheRace = error instanceof StoreQueryError && SCHEMA_RACE_SQLSTATES.has(error.sqlState ?? '');
    if (!lostTheRace) throw error;
  }
}

/**
 * Adds `-c search_path=<schema>` to the URL's `options` parameter, keeping any already there.
 *
 * @remarks
 * https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNECT-OPTIONS
 */
function withSearchPath(url: string, schema: string | undefined): string {
  const parsed = parsePostgresUrl(url);
  if (schema === undefined) return url;
  const existing = parsed.searchParams.get('options');
  const searchPath = `-c search_path=${schema}`;
  parsed.searchParams.set('options', existing === null ? searchPath : `${existing} ${searchPath}`);
  return parsed.toString();
}

function parsePostgresUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidStoreOptionsError('the database URL is not a valid URL');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new InvalidStoreOptionsError(`the database URL must start with postgres:// or postgresql://, not ${parsed.protocol}//`);
  }
  return parsed;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
