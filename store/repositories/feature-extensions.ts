/**
 * The feature extensions (star codes, seed CF-26): Wazo's `feature_extension` rows, global to the
 * installation (migration 0012), listed and edited by confd and read by routing.
 */
import type { Queryable } from '../database.ts';
import { isUuid } from '../ids.ts';
import { selectPage, type Page, type PageQuery } from './list-page.ts';
import { notFound, writeRow, type WriteResult } from '../write-result.ts';

/** A feature extension: what is dialed (`exten`, a number or a `_` pattern) and the feature it runs. */
export interface FeatureExtensionRow {
  readonly uuid: string;
  readonly enabled: boolean;
  readonly exten: string;
  /** Wazo's name of the feature (`enablednd`, `fwdunc` …). */
  readonly feature: string;
}

/** The columns a list may be sorted by. */
export type FeatureExtensionOrder = 'exten' | 'feature' | 'enabled' | 'uuid';

const ORDER_COLUMNS: Readonly<Record<FeatureExtensionOrder, string>> = { exten: 'exten', feature: 'feature', enabled: 'enabled', uuid: 'uuid' };
const COLUMNS = 'uuid::text AS uuid, enabled, exten, feature';

/** Every feature extension, by feature name (routing reads them all at each dialplan load). */
export async function loadFeatureExtensions(db: Queryable): Promise<readonly FeatureExtensionRow[]> {
  const { rows } = await db.query<FeatureExtensionRow>(`SELECT ${COLUMNS} FROM feature_extension ORDER BY feature`);
  return rows;
}

/**
 * Locks the feature extensions against other edits until the transaction `tx` ends, so that a
 * check across them (no two enabled codes alike) holds when the edit commits.
 */
export async function lockFeatureExtensions(tx: Queryable): Promise<void> {
  await tx.query('LOCK TABLE feature_extension IN SHARE ROW EXCLUSIVE MODE');
}

/** A page of feature extensions, searched in exten and feature. */
export function listFeatureExtensionPage(db: Queryable, query: PageQuery & { readonly order: FeatureExtensionOrder }): Promise<Page<FeatureExtensionRow>> {
  return selectPage<FeatureExtensionRow>(db, {
    from: 'FROM feature_extension', columns: COLUMNS, where: [], params: [],
    searchColumns: ['exten', 'feature'], orderBy: ORDER_COLUMNS[query.order], tieBreaker: 'feature',
  }, query);
}

/** One feature extension; undefined for an unknown (or malformed) uuid. */
export async function findFeatureExtension(db: Queryable, uuid: string): Promise<FeatureExtensionRow | undefined> {
  if (!isUuid(uuid)) return undefined;
  const { rows } = await db.query<FeatureExtensionRow>(`SELECT ${COLUMNS} FROM feature_extension WHERE uuid = $1`, [uuid]);
  return rows[0];
}

/**
 * Sets a feature extension's exten and whether it is enabled.
 *
 * @remarks An unknown uuid is `PBX_ERR_STORE_NOT_FOUND`; an exten the table's check refuses is
 * `PBX_ERR_STORE_INVALID_VALUE`. Whether two enabled codes collide is the caller's check (it
 * compares patterns as routing does).
 */
export function updateFeatureExtension(db: Queryable, uuid: string, change: { readonly exten: string; readonly enabled: boolean }): Promise<WriteResult<FeatureExtensionRow>> {
  if (!isUuid(uuid)) return Promise.resolve(notFound(`no feature extension ${uuid}`));
  return writeRow(async () => {
    const { rows } = await db.query<FeatureExtensionRow>(
      `UPDATE feature_extension SET exten = $2, enabled = $3 WHERE uuid = $1 RETURNING ${COLUMNS}`,
      [uuid, change.exten, change.enabled],
    );
    return rows;
  }, notFound(`no feature extension ${uuid}`));
}
