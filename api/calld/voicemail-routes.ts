/**
 * The token user's mailbox in calld 1.0 (seed CF-18), as Wazo calld serves it:
 * `GET /users/me/voicemails` (the mailbox with its folders and messages),
 * `GET /users/me/voicemails/messages/{message_id}/recording` (the message as `audio/wav`) and
 * `DELETE /users/me/voicemails/messages/{message_id}`. ACLs are derived from the path, as for the
 * other calld routes (`calld.users.me.voicemails.read` …).
 *
 * @remarks
 * A user without a mailbox, or a message of another mailbox, is a 404. Only the inbox holds
 * messages until the consultation menu moves them to `old` (docs/decisions.md).
 */
import { readFile, rm } from 'node:fs/promises';
import {
  deleteVoicemailMessage, findUserDetail, findUserVoicemail, findVoicemailMessage, listVoicemailMessages,
  type Queryable, type VoicemailMessageRow, type VoicemailRow,
} from '../../store/index.ts';
import { apiError, type ApiRequest, type ApiRoute } from '../http/api-route.ts';
import type { JsonAnswer } from '../http/respond-json.ts';

/** What the mailbox routes need: the store. */
export interface CalldVoicemailDeps {
  readonly db: Queryable;
}

const FOLDERS = [
  { id: 1, name: 'inbox', type: 'new' },
  { id: 2, name: 'old', type: 'old' },
  { id: 3, name: 'urgent', type: 'urgent' },
] as const;

function messageOfFolder(message: VoicemailMessageRow): Record<string, unknown> {
  return { id: message.id, caller_id_name: message.callerIdName, caller_id_num: message.callerIdNum, duration: message.duration, timestamp: message.timestamp };
}

function mailboxView(voicemail: VoicemailRow, messages: readonly VoicemailMessageRow[]): Record<string, unknown> {
  return {
    id: voicemail.id, name: voicemail.name, number: voicemail.number,
    folders: FOLDERS.map((folder) => ({ ...folder, messages: messages.filter((message) => message.folder === folder.name).map(messageOfFolder) })),
  };
}

async function tokenMailbox(deps: CalldVoicemailDeps, request: ApiRequest): Promise<VoicemailRow | undefined> {
  const userUuid = request.token?.userUuid;
  if (userUuid === undefined || userUuid === null) return undefined;
  const user = await findUserDetail(deps.db, userUuid, request.visibleTenantUuids);
  return user === undefined ? undefined : findUserVoicemail(deps.db, user.id);
}

async function withMessage(deps: CalldVoicemailDeps, request: ApiRequest, use: (voicemail: VoicemailRow, message: VoicemailMessageRow) => Promise<JsonAnswer>): Promise<JsonAnswer> {
  const voicemail = await tokenMailbox(deps, request);
  if (voicemail === undefined) return apiError(404, 'the user has no voicemail');
  const messageId = request.params['message_id'] ?? '';
  const message = await findVoicemailMessage(deps.db, voicemail.id, messageId);
  return message === undefined ? apiError(404, `no such voicemail message: ${messageId}`) : use(voicemail, message);
}

export function calldVoicemailRoutes(deps: CalldVoicemailDeps): ApiRoute[] {
  return [
    {
      method: 'GET', path: '/users/me/voicemails',
      async handle(request) {
        const voicemail = await tokenMailbox(deps, request);
        if (voicemail === undefined) return apiError(404, 'the user has no voicemail');
        return { status: 200, body: mailboxView(voicemail, await listVoicemailMessages(deps.db, voicemail.id)) };
      },
    },
    {
      method: 'GET', path: '/users/me/voicemails/messages/:message_id/recording', produces: 'audio/wav',
      handle: (request) => withMessage(deps, request, async (_voicemail, message) => {
        const bytes = await readFile(message.file).catch(() => undefined);
        if (bytes === undefined) return apiError(404, `the recording of message ${message.id} is gone`);
        return { status: 200, body: new Uint8Array(bytes), headers: { 'content-type': 'audio/wav' } };
      }),
    },
    {
      method: 'DELETE', path: '/users/me/voicemails/messages/:message_id',
      handle: (request) => withMessage(deps, request, async (voicemail, message) => {
        await deleteVoicemailMessage(deps.db, voicemail.id, message.id);
        await rm(message.file, { force: true });
        return { status: 204, body: undefined };
      }),
    },
  ];
}
