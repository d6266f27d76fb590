/**
 * The create / update / delete steps the routing-object repositories (incalls, outcalls, call
 * permissions, schedules) share: an INSERT or a partial UPDATE of one row of a tenant's table,
 * then the row read back in its resource's shape.
 *
 * @remarks
 * Table and column names come from code, never from input; values travel as parameters. JSON
 * columns receive their values serialised (`jsonb`).
 */
import type { Queryable } from '../database.ts';
import { notFound, writeRow, type WriteResult } from '../write-result.ts';
import { rowChanges, rowId } from './row-changes.ts';

/** A repository's table: its name, the field → column map of its writable fields, and how to read one row. */
export interface RowTable<Row> {
  readonly table: string;
  readonly resource: string;
  readonly columns: Readonly<Record<string, string>>;
  /** Columns holding JSON: their values are serialised before being sent. */
  readonly jsonColumns?: readonly string[];
  readonly find: (db: Queryable, id: string, tenantUuids: readonly string[]) => Promise<Row | undefined>;
}

function serialise(table: RowTable<unknown>, fields: object): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(fields)) {
    const column = table.columns[field];
    values[field] = value !== undefined && column !== undefined && table.jsonColumns?.includes(column) ? JSON.stringify(value) : value;
  }
  return values;
}

/** Inserts a row of the tenant with the fields given (the others take their defaults) and reads it back. */
export async function insertRow<Row>(db: Queryable, table: RowTable<Row>, tenantUuid: string, fields: object): Promise<WriteResult<Row>> {
  const values = serialise(table as RowTable<unknown>, fields);
  const present = Object.entries(table.columns).filter(([field]) => values[field] !== undefined);
  const columns = ['tenant_uuid', ...present.map(([, column]) => column)];
  const placeholders = columns.map((_, index) => `$${index + 1}`);
  const created = await writeRow(async () => {
    const { rows } = await db.query<{ id: number }>(
      `INSERT INTO ${table.table} (${columns.join(', ')}) VALUES (${placeholders.join(', ')}) RETURNING id`,
      [tenantUuid, ...present.map(([field]) => values[field])],
    );
    return rows;
  });
  if (created.type === 'error') return created;
  return readBack(db, table, String(created.value.id), [tenantUuid]);
}

/** Changes the fields given of a row among the tenants, and reads it back; an unknown row is not found. */
export async function updateRowById<Row>(db: Queryable, table: RowTable<Row>, id: string, tenantUuids: readonly string[], fields: object): Promise<WriteResult<Row>> {
  const missing = notFound(`no ${table.resource} ${id}`);
  const key = rowId(id);
  if (key === undefined) return missing;
  const set = rowChanges(table.columns, serialise(table as RowTable<unknown>, fields), 3);
  if (set.assignments !== '') {
    const updated = await writeRow(async () => {
      const { rows } = await db.query<{ id: number }>(`UPDATE ${table.table} SET ${set.assignments} WHERE id = $1 AND tenant_uuid = ANY($2::uuid[]) RETURNING id`, [key, tenantUuids, ...set.values]);
      return rows;
    }, missing);
    if (updated.type === 'error') return updated;
  }
  return readBack(db, table, id, tenantUuids);
}

/** Deletes a row among the tenants; returns it as it was, undefined when there was none. */
export async function deleteRowById<Row>(db: Queryable, table: RowTable<Row>, id: string, tenantUuids: readonly string[]): Promise<Row | undefined> {
  const row = await table.find(db, id, tenantUuids);
  if (row === undefined) return undefined;
  await db.query(`DELETE FROM ${table.table} WHERE id = $1 AND tenant_uuid = ANY($2::uuid[])`, [Number(id), tenantUuids]);
  return row;
}

async function readBack<Row>(db: Queryable, table: RowTable<Row>, id: string, tenantUuids: readonly string[]): Promise<WriteResult<Row>> {
  const row = await table.find(db, id, tenantUuids);
  return row === undefined ? notFound(`no ${table.resource} ${id}`) : { type: 'ok', value: row };
}

/**
 * Points an extension at a routing object (`incall` or `outcall`, Wazo's `type`/`typeval`), or back
 * at nothing (`user`, `0`) when `objectId` is null.
 */
export async function setExtensionTarget(db: Queryable, extensionId: number, type: 'incall' | 'outcall', objectId: number | null): Promise<void> {
  if (objectId === null) {
    await db.query(`UPDATE extension SET type = 'user', typeval = '0' WHERE id = $1 AND type = $2`, [extensionId, type]);
  } else {
    await db.query('UPDATE extension SET type = $2, typeval = $3 WHERE id = $1', [extensionId, type, String(objectId)]);
  }
}
