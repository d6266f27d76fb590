import { StoreQueryError } from './errors.ts';

/** Codes of the refusals a write can meet, returned as values. */
export const STORE_VIOLATION_CODES = [
  'PBX_ERR_STORE_DUPLICATE',
  'PBX_ERR_STORE_INVALID_VALUE',
  'PBX_ERR_STORE_BROKEN_REFERENCE',
  'PBX_ERR_STORE_NOT_FOUND',
] as const;

/** One of `STORE_VIOLATION_CODES`. */
export type StoreViolationCode = (typeof STORE_VIOLATION_CODES)[number];

/**
 * A write the database refused because of the data, not because of a fault.
 *
 * @remarks
 * `constraint` is the name of the violated constraint (see the migrations), so that an API can
 * say which field is wrong. Inside a transaction, such a refusal has aborted the transaction:
 * give up the transaction (return or throw) rather than going on with it.
 */
export interface StoreViolation {
  readonly type: 'error';
  readonly code: StoreViolationCode;
  readonly constraint: string | undefined;
  readonly message: string;
}

/** The outcome of a write: the written row, or why it was refused. */
export type WriteResult<Value> = { readonly type: 'ok'; readonly value: Value } | StoreViolation;

/**
 * Runs a write of one row (an `INSERT … RETURNING`) and turns the database's refusals into a
 * `StoreViolation`.
 *
 * @remarks
 * SQLSTATE 23505 is a duplicate, 23503 a missing or still-referenced row, the rest of class 23
 * (check, not-null, exclusion) and class 22 (a malformed value such as a bad uuid) are invalid
 * values (https://www.postgresql.org/docs/current/errcodes-appendix.html). Other failures still
 * throw. When the statement wrote no row, `whenNone` is the answer; without it, and with more
 * than one row, the statement has a bug and this throws.
 */
export async function writeRow<Row>(
  write: () => Promise<readonly Row[]>,
  whenNone?: StoreViolation,
): Promise<WriteResult<Row>> {
  let rows: readonly Row[];
  try {
    rows = await write();
  } catch (error) {
    const violation = toViolation(error);
    if (violation === undefined) throw error;
    return violation;
  }
  const [row] = rows;
  if (row === undefined && whenNone !== undefined) return whenNone;
  if (row === undefined || rows.length !== 1) throw new Error(`expected the write of one row, got ${rows.length} rows`);
  return { type: 'ok', value: row };
}

/** Builds the violation of a write that found no row to attach to. */
export function missingReference(constraint: string, message: string): StoreViolation {
  return { type: 'error', code: 'PBX_ERR_STORE_BROKEN_REFERENCE', constraint, message };
}

/**
 * Builds the violation of an update whose target row does not exist.
 *
 * @remarks
 * Unlike a broken reference, the row named is the one to change, not one to link to: an API
 * answers 404 rather than 400.
 */
export function notFound(message: string): StoreViolation {
  return { type: 'error', code: 'PBX_ERR_STORE_NOT_FOUND', constraint: undefined, message };
}

function toViolation(error: unknown): StoreViolation | undefined {
  if (!(error instanceof StoreQueryError) || error.sqlState === undefined) return undefined;
  const code = violationCode(error.sqlState);
  if (code === undefined) return undefined;
  const serverMessage = error.cause instanceof Error ? error.cause.message : error.message;
  return { type: 'error', code, constraint: error.constraint, message: serverMessage };
}

function violationCode(sqlState: string): StoreViolationCode | undefined {
  if (sqlState === '23505') return 'PBX_ERR_STORE_DUPLICATE';
  if (sqlState === '23503') return 'PBX_ERR_STORE_BROKEN_REFERENCE';
  if (sqlState.startsWith('23') || sqlState.startsWith('22')) return 'PBX_ERR_STORE_INVALID_VALUE';
  return undefined;
}
