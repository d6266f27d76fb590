import { StoreError, StoreQueryError, StoreUnavailableError } from './errors.ts';

const SQLSTATE_PATTERN = /^[0-9A-Z]{5}$/;

/**
 * SQLSTATEs that mean the server is gone or refuses connections rather than the statement.
 *
 * @remarks
 * Class 08 is "connection exception"; 57P01–57P03 are administrator, crash and "cannot connect
 * now" shutdowns; 53300 is "too many connections"
 * (https://www.postgresql.org/docs/current/errcodes-appendix.html).
 */
const UNAVAILABLE_SQLSTATES: ReadonlySet<string> = new Set(['57P01', '57P02', '57P03', '53300']);

/** Reads the SQLSTATE a driver attached to an error, if it is one. */
export function readSqlState(error: unknown): string | undefined {
  const code = readStringProperty(error, 'code');
  return code !== undefined && SQLSTATE_PATTERN.test(code) ? code : undefined;
}

/**
 * Turns whatever a driver threw into a `StoreError`.
 *
 * @remarks
 * An error with a SQLSTATE came from the server: it is a `StoreQueryError` unless the state says
 * the connection itself failed. An error without one (a reset socket, a dead WebAssembly
 * instance) means the database could not be reached.
 */
export function toStoreError(error: unknown, action: string): StoreError {
  if (error instanceof StoreError) return error;
  const sqlState = readSqlState(error);
  const reason = error instanceof Error ? error.message : String(error);
  if (sqlState === undefined || sqlState.startsWith('08') || UNAVAILABLE_SQLSTATES.has(sqlState)) {
    return new StoreUnavailableError(`database unavailable while trying to ${action}: ${reason}`, error);
  }
  const constraint = readStringProperty(error, 'constraint');
  return new StoreQueryError(`${action} failed: ${reason} (SQLSTATE ${sqlState})`, { sqlState, constraint }, error);
}

function readStringProperty(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const property: unknown = Reflect.get(value, key);
  return typeof property === 'string' ? property : undefined;
}
