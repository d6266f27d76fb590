/**
 * Agents (Wazo confd's `/agents`, seed CC-01): a number unique in its tenant, names, a password
 * for logging in from a phone, and the skills with their weights (seed CC-07).
 */
import type { Queryable } from '../database.ts';
import type { TenantUuid } from '../ids.ts';
import { writeRow, type WriteResult } from '../write-result.ts';
import { selectPage, type Page, type PageQuery } from './list-page.ts';
import { rowId } from './row-changes.ts';
import { deleteRowById, insertRow, updateRowById, type RowTable } from './routing-object-rows.ts';

export interface AgentRow {
  readonly id: number;
  readonly tenantUuid: TenantUuid;
  readonly number: string;
  readonly firstname: string;
  readonly lastname: string;
  readonly passwd: string;
  readonly language: string | null;
  readonly description: string;
  readonly preprocessSubroutine: string | null;
  readonly skills: readonly { readonly id: number; readonly name: string; readonly weight: number }[];
  readonly queues: readonly { readonly id: number; readonly name: string; readonly penalty: number; readonly priority: number }[];
}

export type AgentFields = Partial<Omit<AgentRow, 'id' | 'tenantUuid' | 'skills' | 'queues'>>;
export type AgentOrder = 'id' | 'number' | 'firstname' | 'lastname';

const COLUMNS = `agent.id, agent.tenant_uuid::text AS "tenantUuid", agent.number, agent.firstname, agent.lastname, agent.passwd, agent.language,
  agent.description, agent.preprocess_subroutine AS "preprocessSubroutine",
  COALESCE((SELECT json_agg(json_build_object('id', skill.id, 'name', skill.name, 'weight', agent_skill.weight) ORDER BY skill.id)
    FROM agent_skill JOIN skill ON skill.id = agent_skill.skill_id WHERE agent_skill.agent_id = agent.id), '[]'::json) AS skills,
  COALESCE((SELECT json_agg(json_build_object('id', queue.id, 'name', queue.name, 'penalty', queue_member_agent.penalty, 'priority', queue_member_agent.priority) ORDER BY queue.id)
    FROM queue_member_agent JOIN queue ON queue.id = queue_member_agent.queue_id WHERE queue_member_agent.agent_id = agent.id), '[]'::json) AS queues`;

const ORDER_COLUMNS: Readonly<Record<AgentOrder, string>> = { id: 'agent.id', number: 'agent.number', firstname: 'agent.firstname', lastname: 'agent.lastname' };

export async function findAgent(db: Queryable, agentId: string, tenantUuids: readonly string[]): Promise<AgentRow | undefined> {
  const id = rowId(agentId);
  if (id === undefined) return undefined;
  const { rows } = await db.query<AgentRow>(`SELECT ${COLUMNS} FROM agent WHERE agent.id = $1 AND agent.tenant_uuid = ANY($2::uuid[])`, [id, tenantUuids]);
  return rows[0];
}

/** The agent of `number` in `tenantUuid` (numbers are unique in a tenant: `agent_tenant_number_key`). */
export async function findAgentByNumber(db: Queryable, tenantUuid: string, number: string): Promise<AgentRow | undefined> {
  if (!/^[0-9]{1,40}$/.test(number)) return undefined;
  const { rows } = await db.query<AgentRow>(`SELECT ${COLUMNS} FROM agent WHERE agent.tenant_uuid = $1::uuid AND agent.number = $2`, [tenantUuid, number]);
  return rows[0];
}

const TABLE: RowTable<AgentRow> = {
  table: 'agent',
  resource: 'agent',
  columns: { number: 'number', firstname: 'firstname', lastname: 'lastname', passwd: 'passwd', language: 'language', description: 'description', preprocessSubroutine: 'preprocess_subroutine' },
  find: findAgent,
};

export function listAgentPage(db: Queryable, tenantUuids: readonly string[], query: PageQuery & { readonly order: AgentOrder }): Promise<Page<AgentRow>> {
  return selectPage<AgentRow>(db, {
    from: 'FROM agent',
    columns: COLUMNS,
    where: ['agent.tenant_uuid = ANY($1::uuid[])'],
    params: [tenantUuids],
    searchColumns: ['agent.number', 'agent.firstname', 'agent.lastname', 'agent.description'],
    orderBy: ORDER_COLUMNS[query.order],
    tieBreaker: 'agent.id',
  }, query);
}

export function createAgent(db: Queryable, tenantUuid: TenantUuid, fields: AgentFields & { readonly number: string }): Promise<WriteResult<AgentRow>> {
  return insertRow(db, TABLE, tenantUuid, fields);
}

export function updateAgent(db: Queryable, agentId: string, tenantUuids: readonly string[], changes: AgentFields): Promise<WriteResult<AgentRow>> {
  return updateRowById(db, TABLE, agentId, tenantUuids, changes);
}

export function deleteAgent(db: Queryable, agentId: string, tenantUuids: readonly string[]): Promise<AgentRow | undefined> {
  return deleteRowById(db, TABLE, agentId, tenantUuids);
}

/** Gives an agent a skill with its weight, or changes the weight (both of `tenantUuid`). */
export function putAgentSkill(db: Queryable, agentId: number, skillId: number, tenantUuid: string, weight: number): Promise<WriteResult<{ readonly id: number }>> {
  return writeRow(async () => (await db.query<{ id: number }>(
    `INSERT INTO agent_skill (agent_id, skill_id, tenant_uuid, weight) VALUES ($1, $2, $3, $4)
     ON CONFLICT (agent_id, skill_id) DO UPDATE SET weight = EXCLUDED.weight RETURNING agent_id AS id`,
    [agentId, skillId, tenantUuid, weight],
  )).rows);
}

/** Takes a skill from an agent; false when it did not have it. */
export async function removeAgentSkill(db: Queryable, agentId: number, skillId: number): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM agent_skill WHERE agent_id = $1 AND skill_id = $2', [agentId, skillId]);
  return rowCount > 0;
}
