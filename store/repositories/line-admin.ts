/**
 * The lines as the configuration API manages them (Wazo confd's `/lines`): pages with total and
 * search, one line, a line without endpoint, partial updates, deletion, and the association of a
 * line with its SIP endpoint; always within the tenants the caller may see.
 */
import type { Queryable } from '../database.ts';
import type { TenantUuid } from '../ids.ts';
import { missingReference, notFound, writeRow, type WriteResult } from '../write-result.ts';
import { selectPage, type Page, type PageQuery } from './list-page.ts';
import { rowChanges, rowId } from './row-changes.ts';

/** A line with its endpoint, its extensions and its users. */
export interface LineDetailRow {
  readonly id: number;
  readonly tenantUuid: TenantUuid;
  readonly context: string;
  readonly protocol: 'sip';
  readonly provisioningCode: string;
  readonly position: number;
  readonly endpointSip: { readonly uuid: string; readonly id: number; readonly username: string } | null;
  readonly extensions: readonly { readonly id: number; readonly exten: string; readonly context: string }[];
  readonly users: readonly { readonly id: number; readonly uuid: string; readonly firstname: string; readonly lastname: string }[];
}

export type LineOrder = 'id' | 'context' | 'provisioning_code' | 'position' | 'name';

export interface NewLine {
  readonly tenantUuid: TenantUuid;
  readonly context: string;
  readonly position?: number;
  readonly provisioningCode?: string;
}

export interface LineChanges {
  readonly context?: string;
  readonly position?: number;
  readonly provisioningCode?: string;
}

const CHANGE_COLUMNS: Readonly<Record<keyof LineChanges, string>> = { context: 'context', position: 'position', provisioningCode: 'provisioning_code' };

const ORDER_COLUMNS: Readonly<Record<LineOrder, string>> = {
  id: 'line.id', context: 'line.context', provisioning_code: 'line.provisioning_code', position: 'line.position', name: 'endpoint_sip.username',
};

const COLUMNS = `line.id, line.tenant_uuid::text AS "tenantUuid", line.context, line.protocol, line.provisioning_code AS "provisioningCode",
  line.position,
  CASE WHEN endpoint_sip.id IS NULL THEN NULL ELSE json_build_object('uuid', endpoint_sip.uuid, 'id', endpoint_sip.id, 'username', endpoint_sip.username) END AS "endpointSip",
  COALESCE((SELECT json_agg(json_build_object('id', extension.id, 'exten', extension.exten, 'context', extension.context)
      ORDER BY line_extension.main_extension DESC, extension.id)
    FROM line_extension JOIN extension ON extension.id = line_extension.extension_id WHERE line_extension.line_id = line.id), '[]'::json) AS extensions,
  COALESCE((SELECT json_agg(json_build_object('id', users.id, 'uuid', users.uuid, 'firstname', users.firstname, 'lastname', users.lastname)
      ORDER BY user_line.main_user DESC, users.id)
    FROM user_line JOIN users ON users.id = user_line.user_id WHERE user_line.line_id = line.id), '[]'::json) AS users`;

const FROM = 'FROM line LEFT JOIN endpoint_sip ON endpoint_sip.id = line.endpoint_sip_id';

export function listLinePage(db: Queryable, tenantUuids: readonly string[], query: PageQuery & { readonly order: LineOrder }): Promise<Page<LineDetailRow>> {
  return selectPage<LineDetailRow>(db, {
    from: FROM,
    columns: COLUMNS,
    where: ['line.tenant_uuid = ANY($1::uuid[])'],
    params: [tenantUuids],
    searchColumns: ['line.context', 'line.provisioning_code', 'endpoint_sip.username', 'line.protocol'],
    orderBy: ORDER_COLUMNS[query.order],
    tieBreaker: 'line.id',
  }, query);
}

export async function findLineDetail(db: Queryable, lineId: string, tenantUuids: readonly string[]): Promise<LineDetailRow | undefined> {
  const id = rowId(lineId);
  if (id === undefined) return undefined;
  const { rows } = await db.query<LineDetailRow>(`SELECT ${COLUMNS} ${FROM} WHERE line.id = $1 AND line.tenant_uuid = ANY($2::uuid[])`, [id, tenantUuids]);
  return rows[0];
}

/** Creates a line without endpoint (Wazo's `POST /lines`); its SIP endpoint is associated afterwards. */
export async function createLine(db: Queryable, line: NewLine): Promise<WriteResult<LineDetailRow>> {
  const created = await writeRow(async () => {
    const { rows } = await db.query<{ id: number }>(
      `INSERT INTO line (tenant_uuid, context, protocol, position, provisioning_code)
       VALUES ($1, $2, 'sip', COALESCE($3::integer, 1), COALESCE($4::text, generate_provisioning_code())) RETURNING id`,
      [line.tenantUuid, line.context, line.position ?? null, line.provisioningCode ?? null],
    );
    return rows;
  });
  if (created.type === 'error') return created;
  return found(await findLineDetail(db, String(created.value.id), [line.tenantUuid]), created.value.id);
}

export async function updateLineDetail(db: Queryable, lineId: string, tenantUuids: readonly string[], changes: LineChanges): Promise<WriteResult<LineDetailRow>> {
  const id = rowId(lineId);
  if (id === undefined) return notFound(`no line ${lineId}`);
  const set = rowChanges(CHANGE_COLUMNS, changes as Record<string, unknown>, 3);
  if (set.assignments !== '') {
    const updated = await writeRow(async () => {
      const { rows } = await db.query<{ id: number }>(`UPDATE line SET ${set.assignments} WHERE id = $1 AND tenant_uuid = ANY($2::uuid[]) RETURNING id`, [id, tenantUuids, ...set.values]);
      return rows;
    }, notFound(`no line ${lineId}`));
    if (updated.type === 'error') return updated;
  }
  return found(await findLineDetail(db, lineId, tenantUuids), id);
}

/** Deletes a line, its associations with users and extensions, and its SIP endpoint. */
export async function deleteLineDetail(db: Queryable, lineId: string, tenantUuids: readonly string[]): Promise<LineDetailRow | undefined> {
  const line = await findLineDetail(db, lineId, tenantUuids);
  if (line === undefined) return undefined;
  await db.query('DELETE FROM line WHERE id = $1', [line.id]);
  if (line.endpointSip !== null) await db.query('DELETE FROM endpoint_sip WHERE id = $1', [line.endpointSip.id]);
  return line;
}

/**
 * Gives a line its SIP endpoint (`PUT /lines/{id}/endpoints/sip/{uuid}`).
 *
 * @remarks
 * A line has one endpoint and an endpoint one line: associating a line that has another endpoint,
 * or an endpoint another line has, is refused (`line_endpoint_sip_id_key` for the latter).
 */
export async function associateLineEndpointSip(db: Queryable, lineId: number, endpointSipId: number): Promise<WriteResult<{ readonly lineId: number }>> {
  return writeRow(async () => {
    const { rows } = await db.query<{ lineId: number }>(
      `UPDATE line SET endpoint_sip_id = $2 WHERE id = $1 AND (endpoint_sip_id IS NULL OR endpoint_sip_id = $2) RETURNING id AS "lineId"`,
      [lineId, endpointSipId],
    );
    return rows;
  }, missingReference('line_endpoint_sip_id_key', `line ${lineId} already has another endpoint`));
}

/** Takes its SIP endpoint from a line; false when the line did not have this one. */
export async function dissociateLineEndpointSip(db: Queryable, lineId: number, endpointSipId: number): Promise<boolean> {
  const { rows } = await db.query('UPDATE line SET endpoint_sip_id = NULL WHERE id = $1 AND endpoint_sip_id = $2 RETURNING id', [lineId, endpointSipId]);
  return rows.length > 0;
}

function found(line: LineDetailRow | undefined, id: number): WriteResult<LineDetailRow> {
  return line === undefined ? notFound(`no line ${id}`) : { type: 'ok', value: line };
}
