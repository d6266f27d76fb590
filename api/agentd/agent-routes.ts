/**
 * agentd 1.0's agent routes (seed CC-01, Wazo agentd): the status of the agents of the token's
 * tenants (`GET /agents`, `/agents/by-id/{agent_id}`, `/agents/by-number/{agent_number}`), the
 * commands on one agent (`POST …/login` with `{ extension, context }`, `…/logoff`, `…/pause` with
 * an optional `{ reason }`, `…/unpause`), and the bulk `POST /agents/logoff` and `/agents/relog`
 * (`wazo-agentd-cli -c "relog all"`, seed L766).
 *
 * @remarks
 * The ACLs are derived from the path as agentd names them: `agentd.agents.read`,
 * `agentd.agents.by-id.{id}.read`, `agentd.agents.by-number.{number}.login.create`,
 * `agentd.agents.relog.create` …, so a policy's `agentd.agents.by-id.{{ agent.id }}.read`
 * (seed L3763) grants an agent its own status. Errors are agentd's: 404 for an agent unknown in the
 * tenants the token sees (or a path that cannot name one), 409 for a state the command does not
 * apply to (already logged in, not logged in, the extension used by another agent, already
 * paused, not paused), 400 for an unknown extension or an invalid body.
 */
import type { ApiRequest, ApiRoute } from '../http/api-route.ts';
import { apiError } from '../http/api-route.ts';
import type { JsonAnswer } from '../http/respond-json.ts';
import { listScope, objectScope } from '../http/tenant-filter.ts';
import { zodMessages } from '../http/zod-messages.ts';
import { AgentLoginBody, AgentPauseBody } from './agent-command-bodies.ts';
import { agentStatusModel } from './agent-status-model.ts';
import type { AgentCommandResult, AgentdPort, AgentRef } from './agentd-port.ts';

const MAX_AGENT_ID = 2_147_483_647;
const AGENT_NUMBER = /^[0-9]{1,40}$/;

/** The two ways a path names an agent. */
const AGENT_PATHS = { id: '/agents/by-id/:agent_id', number: '/agents/by-number/:agent_number' } as const;

/** The agent the path names, or undefined when the segment cannot be an id or a number. */
function agentRefOf(by: keyof typeof AGENT_PATHS, request: ApiRequest): AgentRef | undefined {
  if (by === 'number') {
    const number = request.params['agent_number'] ?? '';
    return AGENT_NUMBER.test(number) ? { by: 'number', number } : undefined;
  }
  const raw = request.params['agent_id'] ?? '';
  if (!/^[0-9]{1,10}$/.test(raw)) return undefined;
  const id = Number(raw);
  return id > 0 && id <= MAX_AGENT_ID ? { by: 'id', id } : undefined;
}

function noAgent(request: ApiRequest): JsonAnswer {
  const named = request.params['agent_id'] ?? request.params['agent_number'] ?? '';
  return apiError(404, `no such agent: ${named.slice(0, 64)}`);
}

/** What a command did, as agentd answers it. */
function commandAnswer(result: AgentCommandResult, request: ApiRequest): JsonAnswer {
  switch (result.type) {
    case 'done':
      return { status: 204, body: undefined };
    case 'no-agent':
      return noAgent(request);
    case 'refused':
      return apiError(result.code === 'no_such_extension' ? 400 : 409, result.message);
  }
}

type Command = (ref: AgentRef, tenantUuids: readonly string[], request: ApiRequest) => Promise<AgentCommandResult | JsonAnswer>;

const isAnswer = (value: AgentCommandResult | JsonAnswer): value is JsonAnswer => 'status' in value;

/** `POST /agents/by-id/{agent_id}/<verb>` and `/agents/by-number/{agent_number}/<verb>`. */
function commandRoutes(verb: string, command: Command): ApiRoute[] {
  return (['id', 'number'] as const).map((by): ApiRoute => ({
    method: 'POST', path: `${AGENT_PATHS[by]}/${verb}`,
    async handle(request) {
      const ref = agentRefOf(by, request);
      if (ref === undefined) return noAgent(request);
      const result = await command(ref, objectScope(request), request);
      return isAnswer(result) ? result : commandAnswer(result, request);
    },
  }));
}

/** The agent routes over `port`; `originUuid` is the answering node's uuid. */
export function agentRoutes(port: AgentdPort, originUuid: string): ApiRoute[] {
  const statusRoute = (by: keyof typeof AGENT_PATHS): ApiRoute => ({
    method: 'GET', path: AGENT_PATHS[by],
    async handle(request) {
      const ref = agentRefOf(by, request);
      const view = ref === undefined ? undefined : await port.agent(ref, objectScope(request));
      return view === undefined ? noAgent(request) : { status: 200, body: agentStatusModel(view, originUuid) };
    },
  });
  return [
    {
      method: 'GET', path: '/agents',
      async handle(request) {
        const views = await port.agents(listScope(request));
        return { status: 200, body: [...views].sort((left, right) => left.id - right.id).map((view) => agentStatusModel(view, originUuid)) };
      },
    },
    statusRoute('id'),
    statusRoute('number'),
    ...commandRoutes('login', async (ref, tenantUuids, request) => {
      const parsed = AgentLoginBody.safeParse(request.body ?? {});
      if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
      return port.login(ref, tenantUuids, parsed.data);
    }),
    ...commandRoutes('logoff', (ref, tenantUuids) => port.logoff(ref, tenantUuids)),
    ...commandRoutes('pause', async (ref, tenantUuids, request) => {
      const parsed = AgentPauseBody.safeParse(request.body);
      if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
      return port.pause(ref, tenantUuids, parsed.data?.reason ?? '');
    }),
    ...commandRoutes('unpause', (ref, tenantUuids) => port.unpause(ref, tenantUuids)),
    bulkRoute('/agents/logoff', (tenantUuids) => port.logoffAll(tenantUuids)),
    bulkRoute('/agents/relog', (tenantUuids) => port.relogAll(tenantUuids)),
  ];
}

/** A command on every agent of the tenant the request acts in (and those below with `recurse=true`). */
function bulkRoute(path: string, command: (tenantUuids: readonly string[]) => Promise<void>): ApiRoute {
  return {
    method: 'POST', path,
    async handle(request) {
      await command(listScope(request));
      return { status: 204, body: undefined };
    },
  };
}
