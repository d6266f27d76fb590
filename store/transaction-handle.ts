import type { Queryable } from './database.ts';

/** A transaction's queryable, and the switch that retires it when the transaction ends. */
export interface TransactionHandle {
  readonly queryable: Queryable;
  end(): void;
}

/**
 * Wraps a transaction's queryable so that using it after the transaction ended throws.
 *
 * @remarks
 * A handle kept past its transaction (in a closure, a forgotten promise) would otherwise run its
 * statement outside the transaction, or on a pooled connection now lent to someone else. That
 * is a bug in the caller, hence an exception rather than a value.
 */
export function guardTransaction(target: Queryable): TransactionHandle {
  let open = true;
  const checkOpen = (): void => {
    if (!open) throw new Error('a transaction handle was used after its transaction ended');
  };
  return {
    queryable: {
      async query(sql, params) {
        checkOpen();
        return target.query(sql, params);
      },
      async executeScript(sql) {
        checkOpen();
        return target.executeScript(sql);
      },
    },
    end: () => void (open = false),
  };
}
