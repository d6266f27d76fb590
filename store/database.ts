/**
 * The rows a statement returned and the number of rows it returned or changed.
 *
 * @remarks
 * `rowCount` follows PostgreSQL's command tag: rows returned by a SELECT, rows changed by an
 * INSERT, UPDATE or DELETE.
 */
export interface QueryResult<Row> {
  readonly rows: Row[];
  readonly rowCount: number;
}

/**
 * Something SQL can be sent to: the database itself or an open transaction.
 *
 * @remarks
 * `query` runs one statement with `$1…$n` parameters (never interpolate values into SQL).
 * `executeScript` runs a script of several statements without parameters, for migrations.
 * Both throw `StoreQueryError` when the server rejects the statement and `StoreUnavailableError`
 * when the database cannot be reached.
 */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
  executeScript(sql: string): Promise<void>;
}

/** Which engine is behind a `Database`. */
export type DatabaseKind = 'postgres' | 'pglite';

/**
 * The store's port to PostgreSQL, implemented over a `pg` pool or an embedded PGlite.
 *
 * @remarks
 * Both adapters speak the same SQL since PGlite is PostgreSQL compiled to WebAssembly. Inside
 * `transaction`, send statements only through the given `tx`: the embedded engine has a single
 * connection, so a statement sent to the database itself would wait for the transaction to end.
 * The transaction commits when `work` resolves and rolls back when it rejects. A statement that
 * failed inside it (a `StoreViolation` returned by a repository) has aborted it: it then commits
 * nothing, even when `work` resolves, as PostgreSQL turns that COMMIT into a ROLLBACK.
 */
export interface Database extends Queryable {
  readonly kind: DatabaseKind;
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
