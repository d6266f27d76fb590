/**
 * The HA configuration of the nodes (seed HA-03, confd `/ha`), one row per node name in the
 * database every node of the cluster shares (migration 0020).
 */
import type { Queryable } from '../database.ts';
import { writeRow, type WriteResult } from '../write-result.ts';

/** A node's HA role as configured: `disabled`, or one side of a master/slave pair. */
export type HaNodeType = 'disabled' | 'master' | 'slave';

/** One node's HA configuration. */
export interface HaNodeRow {
  readonly nodeName: string;
  readonly nodeType: HaNodeType;
  /** The other node's VoIP address; empty when disabled. */
  readonly remoteAddress: string;
  /** The node's own advertised SIP address as it last recorded it; empty when never recorded. */
  readonly sipAddress: string;
  /** When the configuration (type or remote address) last changed, epoch ms. */
  readonly updatedAtMs: number;
}

/** What a node stores of its configuration. */
export interface HaNodeConfiguration {
  readonly nodeType: HaNodeType;
  readonly remoteAddress: string;
}

const COLUMNS = `node_name AS "nodeName", node_type AS "nodeType", remote_address AS "remoteAddress", sip_address AS "sipAddress",
  (extract(epoch FROM updated_at) * 1000)::float8 AS "updatedAtMs"`;

/** A node's row; undefined for a node never configured nor started on this database. */
export async function findHaNode(db: Queryable, nodeName: string): Promise<HaNodeRow | undefined> {
  const { rows } = await db.query<HaNodeRow>(`SELECT ${COLUMNS} FROM ha_node WHERE node_name = $1`, [nodeName]);
  return rows[0];
}

/**
 * Locks the nodes' configurations against other changes until the transaction `tx` ends, so that
 * what is derived from all of them (the registrar's backups) is derived from what commits.
 */
export async function lockHaNodes(tx: Queryable): Promise<void> {
  await tx.query('LOCK TABLE ha_node IN SHARE ROW EXCLUSIVE MODE');
}

/** Every node's row, the most recently configured first. */
export async function listHaNodes(db: Queryable): Promise<readonly HaNodeRow[]> {
  const { rows } = await db.query<HaNodeRow>(`SELECT ${COLUMNS} FROM ha_node ORDER BY updated_at DESC, node_name`);
  return rows;
}

/**
 * Stores a node's configuration (creating its row when needed) and marks it as changed now.
 *
 * @remarks A remote address with `disabled`, or none with a master or slave, is
 * `PBX_ERR_STORE_INVALID_VALUE` (constraint `ha_node_remote_address`).
 */
export function saveHaNode(db: Queryable, nodeName: string, configuration: HaNodeConfiguration): Promise<WriteResult<HaNodeRow>> {
  return writeRow(async () => {
    const { rows } = await db.query<HaNodeRow>(
      `INSERT INTO ha_node (node_name, node_type, remote_address) VALUES ($1, $2, $3)
       ON CONFLICT (node_name) DO UPDATE SET node_type = EXCLUDED.node_type, remote_address = EXCLUDED.remote_address, updated_at = clock_timestamp()
       RETURNING ${COLUMNS}`,
      [nodeName, configuration.nodeType, configuration.remoteAddress],
    );
    return rows;
  });
}

/**
 * Records a node's own advertised SIP address (at its start), creating a `disabled` row for a
 * node seen for the first time; the configuration and its change time stay as they are.
 */
export function recordHaNodeAddress(db: Queryable, nodeName: string, sipAddress: string): Promise<WriteResult<HaNodeRow>> {
  return writeRow(async () => {
    const { rows } = await db.query<HaNodeRow>(
      `INSERT INTO ha_node (node_name, sip_address) VALUES ($1, $2)
       ON CONFLICT (node_name) DO UPDATE SET sip_address = EXCLUDED.sip_address
       RETURNING ${COLUMNS}`,
      [nodeName, sipAddress],
    );
    return rows;
  });
}

/** Whether any node of the database has HA enabled (is configured master or slave). */
export async function haEnabledOnAnyNode(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ enabled: boolean }>(`SELECT EXISTS (SELECT 1 FROM ha_node WHERE node_type <> 'disabled') AS enabled`);
  return rows[0]?.enabled === true;
}
