/**
 * The errors of the store, each with a stable code.
 *
 * @remarks
 * Callers branch on `code` (or on the brand, which survives a second copy of this module in the
 * process), never on the message text. These are thrown only for failed I/O and for bugs; an
 * expected refusal of a write (a duplicate, a value a constraint rejects) is a value, see
 * `write-result.ts`.
 */
export const STORE_ERROR_CODES = [
  'PBX_ERR_STORE_UNAVAILABLE',
  'PBX_ERR_STORE_QUERY_FAILED',
  'PBX_ERR_STORE_MIGRATION_FAILED',
  'PBX_ERR_STORE_MIGRATION_INVALID',
  'PBX_ERR_STORE_MIGRATION_MISMATCH',
  'PBX_ERR_STORE_SCHEMA_TOO_NEW',
  'PBX_ERR_STORE_DATA_DIR_LOCKED',
  'PBX_ERR_STORE_INVALID_OPTIONS',
  'PBX_ERR_STORE_DEMO_CONFLICT',
] as const;

/** A stable code of a thrown store error. */
export type StoreErrorCode = (typeof STORE_ERROR_CODES)[number];

/**
 * The brand symbol of one error code: `Symbol.for('pbx.error.<code>')`.
 *
 * @remarks
 * A registered symbol is the same in every module copy and realm of the process, unlike a class
 * identity, so `hasStoreErrorCode` works where `instanceof` would not.
 */
export function storeErrorBrand(code: StoreErrorCode): symbol {
  return Symbol.for(`pbx.error.${code}`);
}

/**
 * Base class of every error the store throws.
 *
 * @remarks
 * Carries its `code`, the underlying `cause`, and a `true` property keyed by its brand symbol.
 */
export abstract class StoreError extends Error {
  /** The stable code, `PBX_ERR_STORE_<WHAT>`. */
  readonly code: StoreErrorCode;

  protected constructor(code: StoreErrorCode, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = new.target.name;
    this.code = code;
    Object.defineProperty(this, storeErrorBrand(code), { value: true, enumerable: false });
  }
}

/**
 * Tells whether a value is a store error with the given code, by its brand.
 *
 * @remarks
 * Prefer this to `instanceof` across package boundaries (two copies of the module).
 */
export function hasStoreErrorCode(value: unknown, code: StoreErrorCode): boolean {
  return typeof value === 'object' && value !== null && Reflect.get(value, storeErrorBrand(code)) === true;
}

/** The database cannot be reached, or the connection was lost during a query. */
export class StoreUnavailableError extends StoreError {
  constructor(message: string, cause?: unknown) {
    super('PBX_ERR_STORE_UNAVAILABLE', message, cause);
  }
}

/**
 * PostgreSQL rejected a statement.
 *
 * @remarks
 * `sqlState` is the SQLSTATE of the server's error (https://www.postgresql.org/docs/current/errcodes-appendix.html),
 * `constraint` the name of the violated constraint when there is one.
 */
export class StoreQueryError extends StoreError {
  /** The five-character SQLSTATE, when the server sent one. */
  readonly sqlState: string | undefined;
  /** The violated constraint, for class 23 errors. */
  readonly constraint: string | undefined;

  constructor(message: string, details: { sqlState?: string | undefined; constraint?: string | undefined }, cause?: unknown) {
    super('PBX_ERR_STORE_QUERY_FAILED', message, cause);
    this.sqlState = details.sqlState;
    this.constraint = details.constraint;
  }
}

/** A migration's SQL failed; its transaction was rolled back. */
export class MigrationFailedError extends StoreError {
  /** The version of the migration that failed. */
  readonly version: number;

  constructor(version: number, name: string, cause: unknown) {
    super('PBX_ERR_STORE_MIGRATION_FAILED', `migration ${formatVersion(version)}-${name} failed`, cause);
    this.version = version;
  }
}

/** The migration files shipped with the code are malformed (a bug in the release). */
export class MigrationInvalidError extends StoreError {
  constructor(message: string) {
    super('PBX_ERR_STORE_MIGRATION_INVALID', message);
  }
}

/** The migrations recorded in the database are not those of the code (another branch, edited history). */
export class MigrationMismatchError extends StoreError {
  constructor(message: string) {
    super('PBX_ERR_STORE_MIGRATION_MISMATCH', message);
  }
}

/**
 * The database was migrated by newer code than this one.
 *
 * @remarks
 * Running older code on a newer schema could corrupt data, so the node refuses to start.
 */
export class SchemaTooNewError extends StoreError {
  /** The newest version recorded in the database. */
  readonly databaseVersion: number;
  /** The newest version this code knows. */
  readonly codeVersion: number;

  constructor(databaseVersion: number, codeVersion: number) {
    super(
      'PBX_ERR_STORE_SCHEMA_TOO_NEW',
      `the database schema is at version ${formatVersion(databaseVersion)} but this code knows versions up to ` +
        `${formatVersion(codeVersion)}: upgrade this node before starting it on this database`,
    );
    this.databaseVersion = databaseVersion;
    this.codeVersion = codeVersion;
  }
}

/** Another live process holds the embedded database's data directory. */
export class DataDirLockedError extends StoreError {
  constructor(message: string, cause?: unknown) {
    super('PBX_ERR_STORE_DATA_DIR_LOCKED', message, cause);
  }
}

/** `openDatabase` was given options that cannot work (a bug in the caller). */
export class InvalidStoreOptionsError extends StoreError {
  constructor(message: string) {
    super('PBX_ERR_STORE_INVALID_OPTIONS', message);
  }
}

/** The demo configuration could not be created because existing rows collide with it. */
export class DemoConflictError extends StoreError {
  constructor(message: string) {
    super('PBX_ERR_STORE_DEMO_CONFLICT', message);
  }
}

/** Formats a migration version as its four-digit file prefix. */
export function formatVersion(version: number): string {
  return String(version).padStart(4, '0');
}
