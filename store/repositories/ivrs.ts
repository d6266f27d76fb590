/**
 * The IVRs as the configuration API manages them (Wazo confd's `/ivr`): pages with total and
 * search, one IVR with its choices, creation, partial updates (choices replaced as a whole when
 * given) and deletion; always within the tenants the caller may see.
 *
 * @remarks
 * Destinations are stored as the JSON objects the API validated (Wazo's destination objects); the
 * store keeps them opaque. Writes of an IVR and its choices run in one transaction.
 */
import type { Database, Queryable } from '../database.ts';
import type { TenantUuid } from '../ids.ts';
import { notFound, writeRow, type WriteResult } from '../write-result.ts';
import { selectPage, type Page, type PageQuery } from './list-page.ts';
import { rowChanges, rowId } from './row-changes.ts';
import type { StoredDestination } from './incalls.ts';

/** A destination object as stored (the incalls' form): its `type` and the fields of that type. */
export type { StoredDestination };

/** One choice of an IVR. */
export interface IvrChoiceRow {
  readonly exten: string;
  readonly destination: StoredDestination;
}

/** An IVR with its choices in order. */
export interface IvrRow {
  readonly id: number;
  readonly tenantUuid: TenantUuid;
  readonly name: string;
  readonly description: string | null;
  readonly greetingSound: string | null;
  readonly menuSound: string;
  readonly invalidSound: string | null;
  readonly abortSound: string | null;
  /** Seconds to wait for a digit after the menu prompt. */
  readonly timeout: number;
  readonly maxTries: number;
  readonly invalidDestination: StoredDestination | null;
  readonly timeoutDestination: StoredDestination | null;
  readonly abortDestination: StoredDestination | null;
  readonly choices: readonly IvrChoiceRow[];
}

/** The fields of an IVR that a write may set; `null` clears an optional one. */
export interface IvrChanges {
  readonly name?: string;
  readonly description?: string | null;
  readonly greetingSound?: string | null;
  readonly menuSound?: string;
  readonly invalidSound?: string | null;
  readonly abortSound?: string | null;
  readonly timeout?: number;
  readonly maxTries?: number;
  readonly invalidDestination?: StoredDestination | null;
  readonly timeoutDestination?: StoredDestination | null;
  readonly abortDestination?: StoredDestination | null;
  /** Replaces every choice when present. */
  readonly choices?: readonly IvrChoiceRow[];
}

/** A new IVR: a name and a menu prompt at least (Wazo's defaults: timeout 5 s, 3 tries). */
export type NewIvr = IvrChanges & { readonly tenantUuid: TenantUuid; readonly name: string; readonly menuSound: string };

export type IvrOrder = 'id' | 'name' | 'description';

const ORDER_COLUMNS: Readonly<Record<IvrOrder, string>> = { id: 'ivr.id', name: 'ivr.name', description: 'ivr.description' };

const CHANGE_COLUMNS: Readonly<Record<Exclude<keyof IvrChanges, 'choices'>, string>> = {
  name: 'name', description: 'description', greetingSound: 'greeting_sound', menuSound: 'menu_sound', invalidSound: 'invalid_sound', abortSound: 'abort_sound',
  timeout: 'timeout', maxTries: 'max_tries', invalidDestination: 'invalid_destination', timeoutDestination: 'timeout_destination', abortDestination: 'abort_destination',
};

const COLUMNS = `ivr.id, ivr.tenant_uuid::text AS "tenantUuid", ivr.name, ivr.description, ivr.greeting_sound AS "greetingSound", ivr.menu_sound AS "menuSound",
  ivr.invalid_sound AS "invalidSound", ivr.abort_sound AS "abortSound", ivr.timeout, ivr.max_tries AS "maxTries",
  ivr.invalid_destination AS "invalidDestination", ivr.timeout_destination AS "timeoutDestination", ivr.abort_destination AS "abortDestination",
  COALESCE((SELECT json_agg(json_build_object('exten', ivr_choice.exten, 'destination', ivr_choice.destination) ORDER BY ivr_choice.position, ivr_choice.id)
    FROM ivr_choice WHERE ivr_choice.ivr_id = ivr.id), '[]'::json) AS choices`;

export function listIvrPage(db: Queryable, tenantUuids: readonly string[], query: PageQuery & { readonly order: IvrOrder }): Promise<Page<IvrRow>> {
  return selectPage<IvrRow>(db, {
    from: 'FROM ivr',
    columns: COLUMNS,
    where: ['ivr.tenant_uuid = ANY($1::uuid[])'],
    params: [tenantUuids],
    searchColumns: ['ivr.name', 'ivr.description'],
    orderBy: ORDER_COLUMNS[query.order],
    tieBreaker: 'ivr.id',
  }, query);
}

export async function findIvr(db: Queryable, ivrId: string, tenantUuids: readonly string[]): Promise<IvrRow | undefined> {
  const id = rowId(ivrId);
  if (id === undefined) return undefined;
  const { rows } = await db.query<IvrRow>(`SELECT ${COLUMNS} FROM ivr WHERE ivr.id = $1 AND ivr.tenant_uuid = ANY($2::uuid[])`, [id, tenantUuids]);
  return rows[0];
}

/** Parameters of the changed columns: JSON destinations are sent as text. */
function columnValues(changes: IvrChanges): Record<string, unknown> {
  const json = (value: StoredDestination | null | undefined) => (value === undefined ? undefined : value === null ? null : JSON.stringify(value));
  return { ...changes, invalidDestination: json(changes.invalidDestination), timeoutDestination: json(changes.timeoutDestination), abortDestination: json(changes.abortDestination) };
}

async function replaceChoices(tx: Queryable, ivrId: number, choices: readonly IvrChoiceRow[]): Promise<WriteResult<{ readonly count: number }>> {
  await tx.query('DELETE FROM ivr_choice WHERE ivr_id = $1', [ivrId]);
  if (choices.length === 0) return { type: 'ok', value: { count: 0 } };
  return writeRow(async () => {
    const { rows } = await tx.query<{ count: number }>(
      `WITH inserted AS (
         INSERT INTO ivr_choice (ivr_id, position, exten, destination)
         SELECT $1, choice.position, choice.exten, choice.destination
         FROM jsonb_to_recordset($2::jsonb) AS choice(position integer, exten text, destination jsonb)
         RETURNING 1)
       SELECT count(*)::integer AS count FROM inserted`,
      [ivrId, JSON.stringify(choices.map((choice, position) => ({ position, exten: choice.exten, destination: choice.destination })))],
    );
    return rows;
  });
}

/** A refusal inside a transaction: rolls it back and carries the violation out. */
class Refused extends Error {
  readonly violation: Exclude<WriteResult<never>, { type: 'ok' }>;
  constructor(violation: Exclude<WriteResult<never>, { type: 'ok' }>) {
    super(violation.message);
    this.violation = violation;
  }
}

async function inTransaction<T>(db: Database, work: (tx: Queryable) => Promise<WriteResult<T>>): Promise<WriteResult<T>> {
  try {
    return await db.transaction(async (tx) => {
      const result = await work(tx);
      if (result.type === 'error') throw new Refused(result);
      return result;
    });
  } catch (error) {
    if (error instanceof Refused) return error.violation;
    throw error;
  }
}

export function createIvr(db: Database, ivr: NewIvr): Promise<WriteResult<IvrRow>> {
  return inTransaction(db, async (tx) => {
    const values = columnValues(ivr);
    const set = rowChanges(CHANGE_COLUMNS, values, 2);
    const columns = set.assignments.split(', ').map((assignment) => assignment.split(' = ')[0]);
    const created = await writeRow(async () => {
      const { rows } = await tx.query<{ id: number }>(
        `INSERT INTO ivr (tenant_uuid, ${columns.join(', ')}) VALUES ($1, ${set.values.map((_, index) => `$${index + 2}`).join(', ')}) RETURNING id`,
        [ivr.tenantUuid, ...set.values],
      );
      return rows;
    });
    if (created.type === 'error') return created;
    const choices = await replaceChoices(tx, created.value.id, ivr.choices ?? []);
    if (choices.type === 'error') return choices;
    return found(await findIvr(tx, String(created.value.id), [ivr.tenantUuid]), created.value.id);
  });
}

export function updateIvr(db: Database, ivrId: string, tenantUuids: readonly string[], changes: IvrChanges): Promise<WriteResult<IvrRow>> {
  const id = rowId(ivrId);
  if (id === undefined) return Promise.resolve(notFound(`no IVR ${ivrId}`));
  return inTransaction(db, async (tx) => {
    const set = rowChanges(CHANGE_COLUMNS, columnValues(changes), 3);
    const updated = await writeRow(async () => {
      const assignments = set.assignments === '' ? 'id = id' : set.assignments;
      const { rows } = await tx.query<{ id: number }>(`UPDATE ivr SET ${assignments} WHERE id = $1 AND tenant_uuid = ANY($2::uuid[]) RETURNING id`, [id, tenantUuids, ...set.values]);
      return rows;
    }, notFound(`no IVR ${ivrId}`));
    if (updated.type === 'error') return updated;
    if (changes.choices !== undefined) {
      const choices = await replaceChoices(tx, id, changes.choices);
      if (choices.type === 'error') return choices;
    }
    return found(await findIvr(tx, ivrId, tenantUuids), id);
  });
}

/** Deletes an IVR and its choices; the deleted IVR, or undefined when there was none. */
export async function deleteIvr(db: Queryable, ivrId: string, tenantUuids: readonly string[]): Promise<IvrRow | undefined> {
  const ivr = await findIvr(db, ivrId, tenantUuids);
  if (ivr === undefined) return undefined;
  await db.query('DELETE FROM ivr WHERE id = $1', [ivr.id]);
  return ivr;
}

function found(ivr: IvrRow | undefined, id: number): WriteResult<IvrRow> {
  return ivr === undefined ? notFound(`no IVR ${id}`) : { type: 'ok', value: ivr };
}
