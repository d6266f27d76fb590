/**
 * `/agents/skills` and `/queues/skillrules` of confd 1.1 (seed CC-07, CC-08): skills (a name a
 * rule can test, a category, a description; `skill_created|edited|deleted`) and skill rule sets
 * (a name and an ordered list of `{definition}`; `skill_rule_created|edited|deleted`).
 *
 * @remarks
 * The reference platform stores rules unchecked, and a bad one surfaces only when a call uses it
 * (seed L1019). Here each rule is compiled when written: a rule that does not compile is a 400
 * naming the rule, the error code and the position in its text.
 */
import { z } from 'zod';
import { queue } from '../../actors/index.ts';
import {
  createSkill, createSkillRule, deleteSkill, deleteSkillRule, findSkill, findSkillRule, listSkillPage, listSkillRulePage, updateSkill, updateSkillRule,
  type SkillOrder, type SkillRow, type SkillRuleOrder, type SkillRuleRow, type TenantUuid,
} from '../../store/index.ts';
import { apiError, type ApiRequest, type ApiRoute } from '../http/api-route.ts';
import type { JsonAnswer } from '../http/respond-json.ts';
import { objectScope } from '../http/tenant-filter.ts';
import { writeFailure } from '../http/write-failure.ts';
import { zodMessages } from '../http/zod-messages.ts';
import { publishChange, type ConfdDeps } from './confd-deps.ts';
import { creationTenant, listAnswer, param } from './confd-lists.ts';

const NO_CONTENT = { status: 204, body: undefined } as const;
const Text = (max: number) => z.string().max(max).regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters');

export function skillView(skill: SkillRow): Record<string, unknown> {
  return {
    id: skill.id, tenant_uuid: skill.tenantUuid, name: skill.name, category: skill.category, description: skill.description,
    agents: skill.agents.map((agent) => ({ id: agent.id, number: agent.number, skill_weight: agent.weight })),
  };
}

export function skillRuleView(rule: SkillRuleRow): Record<string, unknown> {
  return { id: rule.id, tenant_uuid: rule.tenantUuid, name: rule.name, rules: rule.rules };
}

const SkillForm = z.object({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'must be a name a skill rule can test (a letter or _, then letters, digits or _, at most 64)'),
  category: Text(64).nullable(),
  description: z.string().max(1024).nullable(),
}).strict();
export const NewSkill = SkillForm.partial().required({ name: true });
export const SkillUpdate = SkillForm.partial();

const Rule = z.object({ definition: z.string().max(queue.MAX_RULE_LENGTH) }).strict();
const SkillRuleForm = z.object({ name: Text(64).min(1), rules: z.array(Rule).max(100) }).strict();
export const NewSkillRule = SkillRuleForm.partial().required({ name: true });
export const SkillRuleUpdate = SkillRuleForm.partial();

/** The rules that do not compile, each named with its index, text, error code and position. */
export function skillRuleProblems(rules: readonly { readonly definition: string }[] | undefined): string[] {
  return (rules ?? []).flatMap((rule, index) => {
    const compiled = queue.compileSkillRule(rule.definition);
    return compiled.type === 'error'
      ? [`rules.${index}.definition: rule ${JSON.stringify(rule.definition)} is refused: ${compiled.code} at position ${compiled.position} (${compiled.reason})`]
      : [];
  });
}

const SKILL_ORDERS: readonly SkillOrder[] = ['id', 'name', 'category'];
const SKILL_RULE_ORDERS: readonly SkillRuleOrder[] = ['id', 'name'];
/** The fields given (a partial update leaves the others alone). */
const defined = <T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } =>
  Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };

export function skillRoutes(deps: ConfdDeps): ApiRoute[] {
  const skillEvent = (action: string, skill: SkillRow) =>
    publishChange(deps, skill.tenantUuid, `skill_${action}`, `config.agents.skills.${action}`, { id: skill.id, name: skill.name, tenant_uuid: skill.tenantUuid });
  const ruleEvent = (action: string, rule: SkillRuleRow) =>
    publishChange(deps, rule.tenantUuid, `skill_rule_${action}`, `config.queues.skillrules.${action}`, { id: rule.id, name: rule.name, tenant_uuid: rule.tenantUuid });
  const read = <Row>(find: (id: string, request: ApiRequest) => Promise<Row | undefined>, view: (row: Row) => unknown, what: string) =>
    async (request: ApiRequest, id: string): Promise<JsonAnswer> => {
      const row = await find(id, request);
      return row === undefined ? apiError(404, `no such ${what}`) : { status: 200, body: view(row) };
    };
  const readSkill = read((id, request) => findSkill(deps.db, id, objectScope(request)), skillView, 'skill');
  const readRule = read((id, request) => findSkillRule(deps.db, id, objectScope(request)), skillRuleView, 'skill rule');
  return [
    { method: 'GET', path: '/agents/skills', handle: (request) => listAnswer(request, SKILL_ORDERS, 'id', (tenants, query) => listSkillPage(deps.db, tenants, query), skillView) },
    {
      method: 'POST', path: '/agents/skills',
      async handle(request) {
        const parsed = NewSkill.safeParse(request.body);
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const created = await createSkill(deps.db, creationTenant(request) as TenantUuid, defined({ ...parsed.data, name: parsed.data.name }));
        if (created.type === 'error') return writeFailure(created, 'skill');
        skillEvent('created', created.value);
        return { status: 201, body: skillView(created.value) };
      },
    },
    { method: 'GET', path: '/agents/skills/:skill_id', handle: (request) => readSkill(request, param(request, 'skill_id')) },
    {
      method: 'PUT', path: '/agents/skills/:skill_id',
      async handle(request) {
        const parsed = SkillUpdate.safeParse(request.body ?? {});
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const updated = await updateSkill(deps.db, param(request, 'skill_id'), objectScope(request), defined(parsed.data));
        if (updated.type === 'error') return writeFailure(updated, 'skill');
        skillEvent('edited', updated.value);
        return NO_CONTENT;
      },
    },
    {
      method: 'DELETE', path: '/agents/skills/:skill_id',
      async handle(request) {
        const deleted = await deleteSkill(deps.db, param(request, 'skill_id'), objectScope(request));
        if (deleted === undefined) return apiError(404, 'no such skill');
        skillEvent('deleted', deleted);
        return NO_CONTENT;
      },
    },
    { method: 'GET', path: '/queues/skillrules', handle: (request) => listAnswer(request, SKILL_RULE_ORDERS, 'id', (tenants, query) => listSkillRulePage(deps.db, tenants, query), skillRuleView) },
    {
      method: 'POST', path: '/queues/skillrules',
      async handle(request) {
        const parsed = NewSkillRule.safeParse(request.body);
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const problems = skillRuleProblems(parsed.data.rules);
        if (problems.length > 0) return apiError(400, ...problems);
        const created = await createSkillRule(deps.db, creationTenant(request) as TenantUuid, defined({ ...parsed.data, name: parsed.data.name }));
        if (created.type === 'error') return writeFailure(created, 'skill rule');
        ruleEvent('created', created.value);
        return { status: 201, body: skillRuleView(created.value) };
      },
    },
    { method: 'GET', path: '/queues/skillrules/:skill_rule_id', handle: (request) => readRule(request, param(request, 'skill_rule_id')) },
    {
      method: 'PUT', path: '/queues/skillrules/:skill_rule_id',
      async handle(request) {
        const parsed = SkillRuleUpdate.safeParse(request.body ?? {});
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const problems = skillRuleProblems(parsed.data.rules);
        if (problems.length > 0) return apiError(400, ...problems);
        const updated = await updateSkillRule(deps.db, param(request, 'skill_rule_id'), objectScope(request), defined(parsed.data));
        if (updated.type === 'error') return writeFailure(updated, 'skill rule');
        ruleEvent('edited', updated.value);
        return NO_CONTENT;
      },
    },
    {
      method: 'DELETE', path: '/queues/skillrules/:skill_rule_id',
      async handle(request) {
        const deleted = await deleteSkillRule(deps.db, param(request, 'skill_rule_id'), objectScope(request));
        if (deleted === undefined) return apiError(404, 'no such skill rule');
        ruleEvent('deleted', deleted);
        return NO_CONTENT;
      },
    },
  ];
}
