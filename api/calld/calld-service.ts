/**
 * The calld service of the reference platform (seed API-01, API-06) under `/api/calld/1.0`:
 * the calls of the node and their control, with its OpenAPI document (served at `api/api.yml`).
 */
import type { ApiRoute } from '../http/api-route.ts';
import { openApiDocument } from '../http/openapi-document.ts';
import type { CallControlPort } from './call-control-port.ts';
import { callRoutes } from './call-routes.ts';
import { originateRoutes } from './originate-routes.ts';

export const CALLD_PREFIX = '/api/calld/1.0';

export function calldRoutes(port: CallControlPort): ApiRoute[] {
  return [...originateRoutes(port), ...callRoutes(port)];
}

const SUMMARIES: Readonly<Record<string, string>> = {
  'POST /calls': "Originate a call: ring the source user's line, then dial the destination extension in its context (201, the source channel)",
  'POST /users/me/calls': "Originate a call for the token's user: ring their line, then dial the extension in the line's context",
  'GET /calls': 'List the calls of the tenant (application, user_uuid and recurse filter them)',
  'GET /calls/:call_id': 'Show a call (one channel, with the calld call model)',
  'DELETE /calls/:call_id': 'Hang up a call',
  'PUT /calls/:call_id/answer': 'Answer a ringing call: its phone is asked to pick up (SIP NOTIFY Event: talk); 400 when the phone does not accept remote answer',
  'PUT /calls/:call_id/hold/start': 'Hold a call: its peer hears music on hold',
  'PUT /calls/:call_id/hold/stop': 'Resume a held call',
  'PUT /calls/:call_id/mute/start': "Mute a call: the channel's audio no longer reaches its peer",
  'PUT /calls/:call_id/mute/stop': 'Unmute a call',
  'PUT /calls/:call_id/dtmf': 'Send DTMF (query digits: 0-9, *, #, A-D) to the peer of a call as RFC 4733 events',
  'GET /users/me/calls': "List the token user's calls",
  'DELETE /users/me/calls/:call_id': "Hang up one of the token user's calls",
  'PUT /users/me/calls/:call_id/answer': "Answer one of the token user's ringing calls: their phone is asked to pick up (SIP NOTIFY Event: talk)",
  'PUT /users/me/calls/:call_id/hold/start': "Hold one of the token user's calls",
  'PUT /users/me/calls/:call_id/hold/stop': "Resume one of the token user's calls",
  'PUT /users/me/calls/:call_id/mute/start': "Mute one of the token user's calls",
  'PUT /users/me/calls/:call_id/mute/stop': "Unmute one of the token user's calls",
  'PUT /users/me/calls/:call_id/dtmf': "Send DTMF on one of the token user's calls",
};

export function calldOpenApi(routes: readonly ApiRoute[]): unknown {
  return openApiDocument({ title: 'parley calld', version: '1.0', prefix: CALLD_PREFIX, service: 'calld', routes, summaries: SUMMARIES });
}
