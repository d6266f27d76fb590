/**
 * A partial update as SQL: the `SET` list of the fields a request changes, from a fixed map of
 * field to column (column names come from code, never from input), with the values as parameters.
 * Used by the configuration repositories, whose REST `PUT` is partial.
 */

export interface RowChanges {
  /** `column = $n, …`; empty when nothing changes. */
  readonly assignments: string;
  readonly values: readonly unknown[];
}

/**
 * Builds the assignments of the fields of `changes` present in `columns`; parameters are numbered
 * from `firstParameter`. Fields absent (undefined) are left alone; null sets the column to NULL.
 */
export function rowChanges(columns: Readonly<Record<string, string>>, changes: Readonly<Record<string, unknown>>, firstParameter: number): RowChanges {
  const assignments: string[] = [];
  const values: unknown[] = [];
  for (const [field, column] of Object.entries(columns)) {
    const value = changes[field];
    if (value === undefined) continue;
    values.push(value);
    assignments.push(`${column} = $${firstParameter + values.length - 1}`);
  }
  return { assignments: assignments.join(', '), values };
}

/** The id of a row named by its integer id in a path; undefined for anything else. */
export function rowId(text: string): number | undefined {
  return /^[1-9][0-9]{0,8}$/.test(text) ? Number(text) : undefined;
}
