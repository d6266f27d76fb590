/**
 * The calld service of the reference platform (seed API-01, API-06) under `/api/calld/1.0`:
 * the calls of the node and their control, transfers and relocates, with its OpenAPI document
 * (served at `api/api.yml`).
 */
import type { ApiRoute } from '../http/api-route.ts';
import { openApiDocument } from '../http/openapi-document.ts';
import type { CallControlPort } from './call-control-port.ts';
import { callRoutes } from './call-routes.ts';
import { originateRoutes } from './originate-routes.ts';
import { relocateRoutes } from './relocate-routes.ts';
import { transferRoutes } from './transfer-routes.ts';
import { trunkStatusRoutes, type TrunkStatusPort } from './trunk-routes.ts';
import { calldVoicemailRoutes, type CalldVoicemailDeps } from './voicemail-routes.ts';
import type { ConferenceControlPort } from './conference-control-port.ts';
import { conferenceRoutes } from './conference-routes.ts';

export const CALLD_PREFIX = '/api/calld/1.0';

export function calldRoutes(port: CallControlPort, trunks?: TrunkStatusPort, voicemails?: CalldVoicemailDeps, conferences?: ConferenceControlPort): ApiRoute[] {
  return [
    ...originateRoutes(port), ...callRoutes(port), ...transferRoutes(port), ...relocateRoutes(port), ...(trunks === undefined ? [] : trunkStatusRoutes(trunks)),
    ...(voicemails === undefined ? [] : calldVoicemailRoutes(voicemails)),
    ...(conferences === undefined ? [] : conferenceRoutes(conferences)),
  ];
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
  'POST /transfers': 'Start a transfer: the initiator call hands the transferred call (its peer) over to an extension in a context, attended (consulting first) or blind (201, the transfer)',
  'GET /transfers/:transfer_id': 'Show a transfer in progress',
  'DELETE /transfers/:transfer_id': 'Cancel a transfer: the recipient is hung up and the transferred call returns to the initiator',
  'PUT /transfers/:transfer_id/complete': 'Complete an attended transfer: the transferred call and the recipient talk, the initiator is hung up',
  'GET /users/me/transfers': "List the transfers the token's user initiated ({items})",
  'POST /users/me/transfers': "Transfer the peer of one of the token user's calls to an extension in the user's line context (201, the transfer)",
  'DELETE /users/me/transfers/:transfer_id': "Cancel one of the token user's transfers",
  'PUT /users/me/transfers/:transfer_id/complete': "Complete one of the token user's attended transfers",
  'GET /users/me/relocates': "List the token user's relocates in progress ({items})",
  'POST /users/me/relocates': "Move the token user's side of a call to another of their devices (a line, their mobile, an interface), keeping the peer (201, the relocate)",
  'GET /users/me/relocates/:relocate_uuid': "Show one of the token user's relocates",
  'PUT /users/me/relocates/:relocate_uuid/complete': "Complete a relocate waiting for the API (completion 'api'), once the new device answered",
  'PUT /users/me/relocates/:relocate_uuid/cancel': 'Cancel a relocate: the new device is hung up and the call stays where it was',
  'GET /users/me/voicemails': "Show the token user's mailbox: its folders (inbox, old, urgent) and their messages",
  'GET /users/me/voicemails/messages/:message_id/recording': "Download a message of the token user's mailbox (audio/wav)",
  'DELETE /users/me/voicemails/messages/:message_id': "Delete a message of the token user's mailbox with its recording",
  'GET /conferences/:conference_id/participants': 'List the participants of a conference room ({total, items}; 404 for an unknown conference)',
  'PUT /conferences/:conference_id/participants/:participant_id/mute': "Mute a participant: its audio no longer reaches the room's mix",
  'PUT /conferences/:conference_id/participants/:participant_id/unmute': 'Unmute a participant',
  'DELETE /conferences/:conference_id/participants/:participant_id': 'Kick a participant: its call hears conf-kicked and hangs up',
  'POST /conferences/:conference_id/record': "Record the room's mix (400 when already recorded or without participants)",
  'DELETE /conferences/:conference_id/record': 'Stop recording the room (400 when it is not recorded)',
  'GET /users/me/conferences/:conference_id/participants': "List the participants of a conference the token's user is in (403 otherwise)",
  'GET /trunks': "List the trunks' status: registered (outbound registration and qualify), current call count",
  'GET /trunks/:trunk_id': "Show a trunk's status",
};

export function calldOpenApi(routes: readonly ApiRoute[]): unknown {
  return openApiDocument({ title: 'parley calld', version: '1.0', prefix: CALLD_PREFIX, service: 'calld', routes, summaries: SUMMARIES });
}
