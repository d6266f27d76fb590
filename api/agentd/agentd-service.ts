/**
 * The agentd service of the reference platform (seed CC-01, Wazo agentd) under `/api/agentd/1.0`:
 * the agents' status and commands, and the queues' live statistics, with its OpenAPI document
 * (served at `api/api.yml`).
 */
import type { ApiRoute } from '../http/api-route.ts';
import { openApiDocument } from '../http/openapi-document.ts';
import { withRequestBodies } from '../http/openapi-request-bodies.ts';
import { AgentLoginBody, AgentPauseBody } from './agent-command-bodies.ts';
import { agentRoutes } from './agent-routes.ts';
import type { AgentdPort } from './agentd-port.ts';
import { queueStatisticsRoutes } from './queue-statistics-routes.ts';

export const AGENTD_PREFIX = '/api/agentd/1.0';

/** The routes of agentd over `port`; `originUuid` (the node's uuid) is each status's `origin_uuid`. */
export function agentdRoutes(port: AgentdPort, originUuid: string): ApiRoute[] {
  return [...agentRoutes(port, originUuid), ...queueStatisticsRoutes(port)];
}

const SUMMARIES: Readonly<Record<string, string>> = {
  'GET /agents': "List the status of every agent of the tenant (recurse: and of the tenants below): logged, paused, the phone's extension and context, queues, live activity",
  'GET /agents/by-id/:agent_id': "Show an agent's status (404 for an agent of no visible tenant)",
  'GET /agents/by-number/:agent_number': "Show the status of the agent of this number",
  'POST /agents/by-id/:agent_id/login': 'Log the agent in at the phone of extension@context (409 already logged in or extension in use, 400 no such extension)',
  'POST /agents/by-number/:agent_number/login': 'Log the agent of this number in at the phone of extension@context',
  'POST /agents/by-id/:agent_id/logoff': 'Log the agent off: it leaves its queues and its pause ends (409 when not logged in)',
  'POST /agents/by-number/:agent_number/logoff': 'Log the agent of this number off',
  'POST /agents/by-id/:agent_id/pause': 'Pause the agent in all its queues, with an optional reason (409 when not logged in or already paused)',
  'POST /agents/by-number/:agent_number/pause': 'Pause the agent of this number in all its queues',
  'POST /agents/by-id/:agent_id/unpause': 'End the pause of the agent (409 when not logged in or not paused)',
  'POST /agents/by-number/:agent_number/unpause': 'End the pause of the agent of this number',
  'POST /agents/logoff': 'Log off every logged-in agent of the tenant (recurse: and of the tenants below)',
  'POST /agents/relog': 'Log every logged-in agent of the tenant off and in again at the same phone (relog all)',
  'GET /queues/statistics': 'List the live statistics of the queues of the tenant: waiting calls, longest and estimated wait, members by state, answered and abandoned calls of the hour, service level',
  'GET /queues/:queue_id/statistics': "Show a queue's live statistics (404 for a queue of no visible tenant)",
};

type Operations = Record<string, Record<string, { requestBody?: { required: boolean } }>>;

export function agentdOpenApi(routes: readonly ApiRoute[]): unknown {
  const document = withRequestBodies(openApiDocument({ title: 'parley agentd', version: '1.0', prefix: AGENTD_PREFIX, service: 'agentd', routes, summaries: SUMMARIES }), {
    'POST /agents/by-id/{agent_id}/login': AgentLoginBody,
    'POST /agents/by-number/{agent_number}/login': AgentLoginBody,
    'POST /agents/by-id/{agent_id}/pause': AgentPauseBody,
    'POST /agents/by-number/{agent_number}/pause': AgentPauseBody,
  }) as { readonly paths: Operations };
  // A pause needs no body: the reason is optional.
  for (const path of ['/agents/by-id/{agent_id}/pause', '/agents/by-number/{agent_number}/pause']) {
    const body = document.paths[path]?.['post']?.requestBody;
    if (body !== undefined) body.required = false;
  }
  return document;
}
