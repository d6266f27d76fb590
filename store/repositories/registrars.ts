/**
 * The registrars the phones are provisioned with (Wazo confd `/registrars`, the provisioning
 * server's `X_type: registrar` configurations): the main and backup registrar and proxy, and an
 * outbound proxy. Global to the installation (migration 0020).
 */
import type { Queryable } from '../database.ts';
import { notFound, writeRow, type WriteResult } from '../write-result.ts';
import { selectPage, type Page, type PageQuery } from './list-page.ts';
import { rowChanges } from './row-changes.ts';

/** The id of the registrar the node creates and HA keeps up to date. */
export const DEFAULT_REGISTRAR_ID = 'default';

/** What a registrar says; a null host or port is blank. */
export interface RegistrarFields {
  readonly name: string;
  readonly mainHost: string;
  readonly mainPort: number | null;
  readonly backupHost: string | null;
  readonly backupPort: number | null;
  readonly proxyMainHost: string;
  readonly proxyMainPort: number | null;
  readonly proxyBackupHost: string | null;
  readonly proxyBackupPort: number | null;
  readonly outboundProxyHost: string | null;
  readonly outboundProxyPort: number | null;
}

export interface RegistrarRow extends RegistrarFields {
  readonly id: string;
}

export type RegistrarChanges = Partial<RegistrarFields>;
export type RegistrarOrder = 'id' | 'name' | 'main_host';

const FIELD_COLUMNS: Readonly<Record<keyof RegistrarFields, string>> = {
  name: 'name', mainHost: 'main_host', mainPort: 'main_port', backupHost: 'backup_host', backupPort: 'backup_port',
  proxyMainHost: 'proxy_main_host', proxyMainPort: 'proxy_main_port', proxyBackupHost: 'proxy_backup_host', proxyBackupPort: 'proxy_backup_port',
  outboundProxyHost: 'outbound_proxy_host', outboundProxyPort: 'outbound_proxy_port',
};

const COLUMNS = `id, name, main_host AS "mainHost", main_port AS "mainPort", backup_host AS "backupHost", backup_port AS "backupPort",
  proxy_main_host AS "proxyMainHost", proxy_main_port AS "proxyMainPort", proxy_backup_host AS "proxyBackupHost", proxy_backup_port AS "proxyBackupPort",
  outbound_proxy_host AS "outboundProxyHost", outbound_proxy_port AS "outboundProxyPort"`;

const ORDER_COLUMNS: Readonly<Record<RegistrarOrder, string>> = { id: 'id', name: 'name', main_host: 'main_host' };

/** A page of registrars, searched in their id, name and hosts. */
export function listRegistrarPage(db: Queryable, query: PageQuery & { readonly order: RegistrarOrder }): Promise<Page<RegistrarRow>> {
  return selectPage<RegistrarRow>(db, {
    from: 'FROM registrar', columns: COLUMNS, where: [], params: [],
    searchColumns: ['id', 'name', 'main_host', 'backup_host', 'proxy_main_host', 'proxy_backup_host', 'outbound_proxy_host'],
    orderBy: ORDER_COLUMNS[query.order], tieBreaker: 'id',
  }, query);
}

/** One registrar; undefined for an unknown id. */
export async function findRegistrar(db: Queryable, id: string): Promise<RegistrarRow | undefined> {
  const { rows } = await db.query<RegistrarRow>(`SELECT ${COLUMNS} FROM registrar WHERE id = $1`, [id]);
  return rows[0];
}

/**
 * Creates the `default` registrar, main registrar and proxy at `host:port`, unless it exists
 * (then it is left as the administrator or HA made it); answers the registrar as it stands.
 */
export function ensureDefaultRegistrar(db: Queryable, main: { readonly host: string; readonly port: number }): Promise<WriteResult<RegistrarRow>> {
  return writeRow(async () => {
    // The no-op update makes RETURNING give the row that was already there.
    const { rows } = await db.query<RegistrarRow>(
      `INSERT INTO registrar (id, name, main_host, main_port, proxy_main_host, proxy_main_port) VALUES ($1, $1, $2, $3, $2, $3)
       ON CONFLICT (id) DO UPDATE SET id = registrar.id RETURNING ${COLUMNS}`,
      [DEFAULT_REGISTRAR_ID, main.host, main.port],
    );
    return rows;
  });
}

/**
 * Changes the fields given (a null blanks one); an unknown id is `PBX_ERR_STORE_NOT_FOUND`, a
 * value a column refuses `PBX_ERR_STORE_INVALID_VALUE` naming its constraint.
 */
export async function updateRegistrar(db: Queryable, id: string, changes: RegistrarChanges): Promise<WriteResult<RegistrarRow>> {
  const set = rowChanges(FIELD_COLUMNS, changes as Record<string, unknown>, 2);
  if (set.assignments === '') return found(await findRegistrar(db, id), id);
  return writeRow(async () => {
    const { rows } = await db.query<RegistrarRow>(`UPDATE registrar SET ${set.assignments} WHERE id = $1 RETURNING ${COLUMNS}`, [id, ...set.values]);
    return rows;
  }, notFound(`no registrar ${id}`));
}

function found(registrar: RegistrarRow | undefined, id: string): WriteResult<RegistrarRow> {
  return registrar === undefined ? notFound(`no registrar ${id}`) : { type: 'ok', value: registrar };
}
