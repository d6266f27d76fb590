/**
 * The outbound registrations as the configuration API manages them (Wazo confd's
 * `/registers/sip`): what the node sends REGISTERs with to be reachable by a provider, and the
 * trunk that uses it; always within the tenants the caller may see.
 */
import type { Queryable } from '../database.ts';
import type { TenantUuid } from '../ids.ts';
import { notFound, writeRow, type WriteResult } from '../write-result.ts';
import { selectPage, type Page, type PageQuery } from './list-page.ts';
import { rowChanges, rowId } from './row-changes.ts';

export type RegisterTransport = 'udp' | 'tcp';

export interface RegisterSipFields {
  readonly transport: RegisterTransport;
  readonly sipUsername: string | null;
  readonly authUsername: string | null;
  readonly authPassword: string | null;
  readonly remoteHost: string;
  readonly remotePort: number | null;
  readonly callbackExtension: string | null;
  readonly callbackContext: string | null;
  /** The expiry asked for, in seconds. */
  readonly expiration: number;
  readonly enabled: boolean;
}

export interface RegisterSipRow extends RegisterSipFields {
  readonly id: number;
  readonly tenantUuid: TenantUuid;
  readonly trunkId: number | null;
}

export type NewRegisterSip = { readonly tenantUuid: TenantUuid; readonly remoteHost: string } & Partial<Omit<RegisterSipFields, 'remoteHost'>>;
export type RegisterSipChanges = Partial<RegisterSipFields>;
export type RegisterSipOrder = 'id' | 'remote_host' | 'auth_username';

const FIELD_COLUMNS: Readonly<Record<keyof RegisterSipFields, string>> = {
  transport: 'transport', sipUsername: 'sip_username', authUsername: 'auth_username', authPassword: 'auth_password', remoteHost: 'remote_host',
  remotePort: 'remote_port', callbackExtension: 'callback_extension', callbackContext: 'callback_context', expiration: 'expiration', enabled: 'enabled',
};

const COLUMNS = `register_sip.id, register_sip.tenant_uuid::text AS "tenantUuid", register_sip.transport, register_sip.sip_username AS "sipUsername",
  register_sip.auth_username AS "authUsername", register_sip.auth_password AS "authPassword", register_sip.remote_host AS "remoteHost",
  register_sip.remote_port AS "remotePort", register_sip.callback_extension AS "callbackExtension", register_sip.callback_context AS "callbackContext",
  register_sip.expiration, register_sip.enabled, (SELECT trunk.id FROM trunk WHERE trunk.register_sip_id = register_sip.id) AS "trunkId"`;

const ORDER_COLUMNS: Readonly<Record<RegisterSipOrder, string>> = { id: 'register_sip.id', remote_host: 'register_sip.remote_host', auth_username: 'register_sip.auth_username' };

export function listRegisterSipPage(db: Queryable, tenantUuids: readonly string[], query: PageQuery & { readonly order: RegisterSipOrder }): Promise<Page<RegisterSipRow>> {
  return selectPage<RegisterSipRow>(db, {
    from: 'FROM register_sip',
    columns: COLUMNS,
    where: ['register_sip.tenant_uuid = ANY($1::uuid[])'],
    params: [tenantUuids],
    searchColumns: ['register_sip.remote_host', 'register_sip.auth_username', 'register_sip.sip_username', 'register_sip.callback_extension'],
    orderBy: ORDER_COLUMNS[query.order],
    tieBreaker: 'register_sip.id',
  }, query);
}

export async function findRegisterSip(db: Queryable, registerId: string, tenantUuids: readonly string[]): Promise<RegisterSipRow | undefined> {
  const id = rowId(registerId);
  if (id === undefined) return undefined;
  const { rows } = await db.query<RegisterSipRow>(`SELECT ${COLUMNS} FROM register_sip WHERE id = $1 AND tenant_uuid = ANY($2::uuid[])`, [id, tenantUuids]);
  return rows[0];
}

export async function createRegisterSip(db: Queryable, register: NewRegisterSip): Promise<WriteResult<RegisterSipRow>> {
  const entries = Object.entries(FIELD_COLUMNS).filter(([field]) => (register as Record<string, unknown>)[field] !== undefined);
  const columns = ['tenant_uuid', ...entries.map(([, column]) => column)];
  const values = [register.tenantUuid, ...entries.map(([field]) => (register as Record<string, unknown>)[field])];
  const created = await writeRow(async () => {
    const { rows } = await db.query<{ id: number }>(
      `INSERT INTO register_sip (${columns.join(', ')}) VALUES (${values.map((_, index) => `$${index + 1}`).join(', ')}) RETURNING id`,
      values,
    );
    return rows;
  });
  if (created.type === 'error') return created;
  return found(await findRegisterSip(db, String(created.value.id), [register.tenantUuid]), created.value.id);
}

export async function updateRegisterSip(db: Queryable, registerId: string, tenantUuids: readonly string[], changes: RegisterSipChanges): Promise<WriteResult<RegisterSipRow>> {
  const id = rowId(registerId);
  if (id === undefined) return notFound(`no SIP registration ${registerId}`);
  const set = rowChanges(FIELD_COLUMNS, changes as Record<string, unknown>, 3);
  if (set.assignments !== '') {
    const updated = await writeRow(async () => {
      const { rows } = await db.query<{ id: number }>(`UPDATE register_sip SET ${set.assignments} WHERE id = $1 AND tenant_uuid = ANY($2::uuid[]) RETURNING id`, [id, tenantUuids, ...set.values]);
      return rows;
    }, notFound(`no SIP registration ${registerId}`));
    if (updated.type === 'error') return updated;
  }
  return found(await findRegisterSip(db, registerId, tenantUuids), id);
}

/** Deletes a registration; its trunk, if any, stays without one. */
export async function deleteRegisterSip(db: Queryable, registerId: string, tenantUuids: readonly string[]): Promise<RegisterSipRow | undefined> {
  const register = await findRegisterSip(db, registerId, tenantUuids);
  if (register === undefined) return undefined;
  await db.query('DELETE FROM register_sip WHERE id = $1', [register.id]);
  return register;
}

function found(register: RegisterSipRow | undefined, id: number): WriteResult<RegisterSipRow> {
  return register === undefined ? notFound(`no SIP registration ${id}`) : { type: 'ok', value: register };
}
