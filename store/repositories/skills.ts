/**
 * Skills and skill rule sets (Wazo confd's `/agents/skills` and `/queues/skillrules`, seed CC-07):
 * a skill is a name a rule can test, a rule set an ordered list of `{definition}`.
 *
 * @remarks
 * The rules are stored as written; the configuration API compiles each one before writing it.
 */
import type { Queryable } from '../database.ts';
import type { TenantUuid } from '../ids.ts';
import type { WriteResult } from '../write-result.ts';
import { selectPage, type Page, type PageQuery } from './list-page.ts';
import { rowId } from './row-changes.ts';
import { deleteRowById, insertRow, updateRowById, type RowTable } from './routing-object-rows.ts';

export interface SkillRow {
  readonly id: number;
  readonly tenantUuid: TenantUuid;
  readonly name: string;
  readonly category: string | null;
  readonly description: string | null;
  readonly agents: readonly { readonly id: number; readonly number: string; readonly weight: number }[];
}

export type SkillFields = Partial<Pick<SkillRow, 'name' | 'category' | 'description'>>;
export type SkillOrder = 'id' | 'name' | 'category';

const SKILL_COLUMNS = `skill.id, skill.tenant_uuid::text AS "tenantUuid", skill.name, skill.category, skill.description,
  COALESCE((SELECT json_agg(json_build_object('id', agent.id, 'number', agent.number, 'weight', agent_skill.weight) ORDER BY agent.id)
    FROM agent_skill JOIN agent ON agent.id = agent_skill.agent_id WHERE agent_skill.skill_id = skill.id), '[]'::json) AS agents`;

export async function findSkill(db: Queryable, skillId: string, tenantUuids: readonly string[]): Promise<SkillRow | undefined> {
  const id = rowId(skillId);
  if (id === undefined) return undefined;
  const { rows } = await db.query<SkillRow>(`SELECT ${SKILL_COLUMNS} FROM skill WHERE skill.id = $1 AND skill.tenant_uuid = ANY($2::uuid[])`, [id, tenantUuids]);
  return rows[0];
}

const SKILL_TABLE: RowTable<SkillRow> = { table: 'skill', resource: 'skill', columns: { name: 'name', category: 'category', description: 'description' }, find: findSkill };
const SKILL_ORDERS: Readonly<Record<SkillOrder, string>> = { id: 'skill.id', name: 'skill.name', category: 'skill.category' };

export function listSkillPage(db: Queryable, tenantUuids: readonly string[], query: PageQuery & { readonly order: SkillOrder }): Promise<Page<SkillRow>> {
  return selectPage<SkillRow>(db, {
    from: 'FROM skill', columns: SKILL_COLUMNS, where: ['skill.tenant_uuid = ANY($1::uuid[])'], params: [tenantUuids],
    searchColumns: ['skill.name', 'skill.category', 'skill.description'], orderBy: SKILL_ORDERS[query.order], tieBreaker: 'skill.id',
  }, query);
}

export function createSkill(db: Queryable, tenantUuid: TenantUuid, fields: SkillFields & { readonly name: string }): Promise<WriteResult<SkillRow>> {
  return insertRow(db, SKILL_TABLE, tenantUuid, fields);
}

export function updateSkill(db: Queryable, skillId: string, tenantUuids: readonly string[], changes: SkillFields): Promise<WriteResult<SkillRow>> {
  return updateRowById(db, SKILL_TABLE, skillId, tenantUuids, changes);
}

export function deleteSkill(db: Queryable, skillId: string, tenantUuids: readonly string[]): Promise<SkillRow | undefined> {
  return deleteRowById(db, SKILL_TABLE, skillId, tenantUuids);
}

export interface SkillRuleRow {
  readonly id: number;
  readonly tenantUuid: TenantUuid;
  readonly name: string;
  readonly rules: readonly { readonly definition: string }[];
}

export type SkillRuleFields = Partial<Pick<SkillRuleRow, 'name' | 'rules'>>;
export type SkillRuleOrder = 'id' | 'name';

const RULE_COLUMNS = 'skill_rule.id, skill_rule.tenant_uuid::text AS "tenantUuid", skill_rule.name, skill_rule.rules';

export async function findSkillRule(db: Queryable, skillRuleId: string, tenantUuids: readonly string[]): Promise<SkillRuleRow | undefined> {
  const id = rowId(skillRuleId);
  if (id === undefined) return undefined;
  const { rows } = await db.query<SkillRuleRow>(`SELECT ${RULE_COLUMNS} FROM skill_rule WHERE skill_rule.id = $1 AND skill_rule.tenant_uuid = ANY($2::uuid[])`, [id, tenantUuids]);
  return rows[0];
}

const RULE_TABLE: RowTable<SkillRuleRow> = { table: 'skill_rule', resource: 'skill rule', columns: { name: 'name', rules: 'rules' }, jsonColumns: ['rules'], find: findSkillRule };
const RULE_ORDERS: Readonly<Record<SkillRuleOrder, string>> = { id: 'skill_rule.id', name: 'skill_rule.name' };

export function listSkillRulePage(db: Queryable, tenantUuids: readonly string[], query: PageQuery & { readonly order: SkillRuleOrder }): Promise<Page<SkillRuleRow>> {
  return selectPage<SkillRuleRow>(db, {
    from: 'FROM skill_rule', columns: RULE_COLUMNS, where: ['skill_rule.tenant_uuid = ANY($1::uuid[])'], params: [tenantUuids],
    searchColumns: ['skill_rule.name'], orderBy: RULE_ORDERS[query.order], tieBreaker: 'skill_rule.id',
  }, query);
}

export function createSkillRule(db: Queryable, tenantUuid: TenantUuid, fields: SkillRuleFields & { readonly name: string }): Promise<WriteResult<SkillRuleRow>> {
  return insertRow(db, RULE_TABLE, tenantUuid, fields);
}

export function updateSkillRule(db: Queryable, skillRuleId: string, tenantUuids: readonly string[], changes: SkillRuleFields): Promise<WriteResult<SkillRuleRow>> {
  return updateRowById(db, RULE_TABLE, skillRuleId, tenantUuids, changes);
}

export function deleteSkillRule(db: Queryable, skillRuleId: string, tenantUuids: readonly string[]): Promise<SkillRuleRow | undefined> {
  return deleteRowById(db, RULE_TABLE, skillRuleId, tenantUuids);
}
