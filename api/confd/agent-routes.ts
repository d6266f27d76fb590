/**
 * `/agents` of confd 1.1 (seed CC-01, CC-07): list, create, read, partial update and delete
 * agents (`agent_created`, `agent_edited`, `agent_deleted`), and their skills with a weight
 * (`PUT|DELETE /agents/{agent_id}/skills/{skill_id}`, `agent_skill_associated|dissociated`).
 *
 * @remarks
 * An agent's number is digits, unique in its tenant (its queue member name is `Agent/<number>`);
 * `passwd` is digits too, keyed on a phone to log in. A skill weight is any integer (seed L9496).
 */
import { z } from 'zod';
import { createAgent, deleteAgent, findAgent, findSkill, listAgentPage, putAgentSkill, removeAgentSkill, updateAgent, type AgentFields, type AgentOrder, type AgentRow, type TenantUuid } from '../../store/index.ts';
import { apiError, type ApiRoute } from '../http/api-route.ts';
import { objectScope } from '../http/tenant-filter.ts';
import { writeFailure } from '../http/write-failure.ts';
import { zodMessages } from '../http/zod-messages.ts';
import { publishChange, type ConfdDeps } from './confd-deps.ts';
import { creationTenant, listAnswer, param } from './confd-lists.ts';
import { PreprocessSubroutineField, preprocessSubroutineProblem } from './preprocess-subroutine.ts';

const NO_CONTENT = { status: 204, body: undefined } as const;
const Text = (max: number) => z.string().max(max).regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters');

export function agentView(agent: AgentRow): Record<string, unknown> {
  return {
    id: agent.id,
    tenant_uuid: agent.tenantUuid,
    number: agent.number,
    firstname: agent.firstname,
    lastname: agent.lastname,
    passwd: agent.passwd,
    language: agent.language,
    description: agent.description,
    preprocess_subroutine: agent.preprocessSubroutine,
    queues: agent.queues.map((queue) => ({ id: queue.id, name: queue.name, penalty: queue.penalty, priority: queue.priority })),
    skills: agent.skills.map((skill) => ({ id: skill.id, name: skill.name, skill_weight: skill.weight })),
    users: [],
  };
}

const AgentForm = z.object({
  number: z.string().regex(/^[0-9]{1,40}$/, 'must be 1 to 40 digits'),
  firstname: Text(128),
  lastname: Text(128),
  passwd: z.string().regex(/^[0-9]{0,128}$/, 'must be digits (keyed on a phone)'),
  language: z.string().regex(/^[a-z]{2}(_[A-Z]{2})?$/, 'must be a language such as en_US').nullable(),
  description: z.string().max(1024),
  preprocess_subroutine: PreprocessSubroutineField,
}).strict();
export const NewAgent = AgentForm.partial().required({ number: true });
export const AgentUpdate = AgentForm.partial();
export const AgentSkillBody = z.object({ skill_weight: z.number().int().min(-2_147_483_648).max(2_147_483_647).optional() }).strict();

const AGENT_ORDERS: readonly AgentOrder[] = ['id', 'number', 'firstname', 'lastname'];

function fields(body: z.infer<typeof AgentUpdate>): AgentFields {
  const entries: [keyof AgentFields, unknown][] = [
    ['number', body.number], ['firstname', body.firstname], ['lastname', body.lastname], ['passwd', body.passwd], ['language', body.language],
    ['description', body.description], ['preprocessSubroutine', body.preprocess_subroutine],
  ];
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined)) as AgentFields;
}

export function agentRoutes(deps: ConfdDeps): ApiRoute[] {
  const agentEvent = (action: string, agent: AgentRow) =>
    publishChange(deps, agent.tenantUuid, `agent_${action}`, `config.agent.${action}`, { id: agent.id, number: agent.number, tenant_uuid: agent.tenantUuid });
  return [
    { method: 'GET', path: '/agents', handle: (request) => listAnswer(request, AGENT_ORDERS, 'id', (tenants, query) => listAgentPage(deps.db, tenants, query), agentView) },
    {
      method: 'POST', path: '/agents',
      async handle(request) {
        const parsed = NewAgent.safeParse(request.body);
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const hookProblem = preprocessSubroutineProblem(deps, parsed.data.preprocess_subroutine);
        if (hookProblem !== undefined) return apiError(400, hookProblem);
        const created = await createAgent(deps.db, creationTenant(request) as TenantUuid, { ...fields(parsed.data), number: parsed.data.number });
        if (created.type === 'error') return writeFailure(created, 'agent');
        agentEvent('created', created.value);
        return { status: 201, body: agentView(created.value) };
      },
    },
    {
      method: 'GET', path: '/agents/:agent_id',
      async handle(request) {
        const agent = await findAgent(deps.db, param(request, 'agent_id'), objectScope(request));
        return agent === undefined ? apiError(404, 'no such agent') : { status: 200, body: agentView(agent) };
      },
    },
    {
      method: 'PUT', path: '/agents/:agent_id',
      async handle(request) {
        const parsed = AgentUpdate.safeParse(request.body ?? {});
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const hookProblem = preprocessSubroutineProblem(deps, parsed.data.preprocess_subroutine);
        if (hookProblem !== undefined) return apiError(400, hookProblem);
        const updated = await updateAgent(deps.db, param(request, 'agent_id'), objectScope(request), fields(parsed.data));
        if (updated.type === 'error') return writeFailure(updated, 'agent');
        agentEvent('edited', updated.value);
        return NO_CONTENT;
      },
    },
    {
      method: 'DELETE', path: '/agents/:agent_id',
      async handle(request) {
        const deleted = await deleteAgent(deps.db, param(request, 'agent_id'), objectScope(request));
        if (deleted === undefined) return apiError(404, 'no such agent');
        agentEvent('deleted', deleted);
        return NO_CONTENT;
      },
    },
    {
      method: 'PUT', path: '/agents/:agent_id/skills/:skill_id',
      async handle(request) {
        const parsed = AgentSkillBody.safeParse(request.body ?? {});
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const agent = await findAgent(deps.db, param(request, 'agent_id'), objectScope(request));
        if (agent === undefined) return apiError(404, 'no such agent');
        const skill = await findSkill(deps.db, param(request, 'skill_id'), [agent.tenantUuid]);
        if (skill === undefined) return apiError(404, "no such skill in the agent's tenant");
        const weight = parsed.data.skill_weight ?? 0;
        const written = await putAgentSkill(deps.db, agent.id, skill.id, agent.tenantUuid, weight);
        if (written.type === 'error') return writeFailure(written, 'agent skill');
        publishChange(deps, agent.tenantUuid, 'agent_skill_associated', 'config.agents.skills.updated', { agent_id: agent.id, skill_id: skill.id, skill_weight: weight });
        return NO_CONTENT;
      },
    },
    {
      method: 'DELETE', path: '/agents/:agent_id/skills/:skill_id',
      async handle(request) {
        const agent = await findAgent(deps.db, param(request, 'agent_id'), objectScope(request));
        if (agent === undefined) return apiError(404, 'no such agent');
        const skill = await findSkill(deps.db, param(request, 'skill_id'), [agent.tenantUuid]);
        if (skill === undefined) return apiError(404, "no such skill in the agent's tenant");
        if (await removeAgentSkill(deps.db, agent.id, skill.id)) {
          publishChange(deps, agent.tenantUuid, 'agent_skill_dissociated', 'config.agents.skills.deleted', { agent_id: agent.id, skill_id: skill.id });
        }
        return NO_CONTENT;
      },
    },
  ];
}
