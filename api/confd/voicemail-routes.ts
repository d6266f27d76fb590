/**
 * `/voicemails` of confd 1.1 (seed CF-18): list, create, read, partial update and delete a
 * mailbox, and associate one with a user (`PUT|DELETE /users/{user_id}/voicemails/{voicemail_id}`,
 * one per user). Deleting a mailbox deletes its messages and their recordings. `voicemail_*`
 * events on each change.
 */
import { rm } from 'node:fs/promises';
import { z } from 'zod';
import {
  associateUserVoicemail, createVoicemail, deleteVoicemail, dissociateUserVoicemail, findUserDetail, findVoicemail, listVoicemailMessages,
  listVoicemailPage, updateVoicemail, type TenantUuid, type VoicemailFields, type VoicemailOrder, type VoicemailRow,
} from '../../store/index.ts';
import { apiError, type ApiRequest, type ApiRoute } from '../http/api-route.ts';
import { objectScope } from '../http/tenant-filter.ts';
import { writeFailure } from '../http/write-failure.ts';
import { zodMessages } from '../http/zod-messages.ts';
import { publishChange, type ConfdDeps } from './confd-deps.ts';
import { creationTenant, listAnswer, param } from './confd-lists.ts';
import { Timezone } from './routing-forms.ts';

const NO_CONTENT = { status: 204, body: undefined } as const;

export function voicemailView(voicemail: VoicemailRow): Record<string, unknown> {
  return {
    id: voicemail.id,
    uuid: voicemail.uuid,
    tenant_uuid: voicemail.tenantUuid,
    name: voicemail.name,
    number: voicemail.number,
    context: voicemail.context,
    password: voicemail.password,
    email: voicemail.email,
    pager: null,
    language: voicemail.language,
    timezone: voicemail.timezone,
    max_messages: voicemail.maxMessages,
    attach_audio: voicemail.attachAudio,
    delete_messages: voicemail.deleteMessages,
    ask_password: voicemail.askPassword,
    enabled: voicemail.enabled,
    options: voicemail.options,
    users: voicemail.users,
  };
}

const Text = (max: number) => z.string().max(max).regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters');
const OptionText = z.string().min(1).max(255).regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters');

const VoicemailFieldsForm = z.object({
  name: Text(80).min(1),
  number: z.string().regex(/^[0-9]{1,40}$/, 'must be digits'),
  context: z.string().regex(/^[A-Za-z0-9_-]{1,79}$/, 'must be a context name'),
  password: z.string().regex(/^[0-9]{1,80}$/, 'must be digits').nullable(),
  email: z.string().max(80).regex(/^[^@\s\u0000-\u001f]+@[^@\s\u0000-\u001f]+$/, 'must be an email address').nullable(),
  pager: z.null(),
  language: z.string().regex(/^[a-z]{2}(_[A-Z]{2})?$/, 'must be a language such as en_US').nullable(),
  timezone: Timezone.nullable(),
  max_messages: z.number().int().min(0).max(100_000).nullable(),
  attach_audio: z.boolean().nullable(),
  delete_messages: z.boolean(),
  ask_password: z.boolean(),
  enabled: z.boolean(),
  options: z.array(z.tuple([OptionText, OptionText])).max(64),
}).strict();
export const NewVoicemail = VoicemailFieldsForm.partial().required({ name: true, number: true, context: true });
export const VoicemailUpdate = VoicemailFieldsForm.partial();

const VOICEMAIL_ORDERS: readonly VoicemailOrder[] = ['id', 'name', 'number', 'context', 'email', 'language', 'timezone'];

function fields(body: z.infer<typeof VoicemailUpdate>): VoicemailFields {
  const copied: Record<string, unknown> = {
    name: body.name, number: body.number, context: body.context, password: body.password, email: body.email, language: body.language,
    timezone: body.timezone, maxMessages: body.max_messages, attachAudio: body.attach_audio, deleteMessages: body.delete_messages,
    askPassword: body.ask_password, enabled: body.enabled, options: body.options,
  };
  return Object.fromEntries(Object.entries(copied).filter(([, value]) => value !== undefined)) as VoicemailFields;
}

/** Deletes a mailbox, then the recordings of its messages (their rows went with it). */
async function deleteWithMessages(deps: ConfdDeps, voicemail: VoicemailRow, request: ApiRequest): Promise<VoicemailRow | undefined> {
  const messages = await listVoicemailMessages(deps.db, voicemail.id);
  const deleted = await deleteVoicemail(deps.db, String(voicemail.id), objectScope(request));
  if (deleted !== undefined) await Promise.all(messages.map((message) => rm(message.file, { force: true })));
  return deleted;
}

export function voicemailRoutes(deps: ConfdDeps): ApiRoute[] {
  const voicemailEvent = (action: string, voicemail: VoicemailRow) =>
    publishChange(deps, voicemail.tenantUuid, `voicemail_${action}`, `config.voicemails.${action}`, { id: voicemail.id, tenant_uuid: voicemail.tenantUuid });
  const voicemailOf = (request: ApiRequest) => findVoicemail(deps.db, param(request, 'voicemail_id'), objectScope(request));
  const userAndVoicemail = async (request: ApiRequest) => ({ user: await findUserDetail(deps.db, param(request, 'user_id'), objectScope(request)), voicemail: await voicemailOf(request) });
  return [
    { method: 'GET', path: '/voicemails', handle: (request) => listAnswer(request, VOICEMAIL_ORDERS, 'number', (tenants, query) => listVoicemailPage(deps.db, tenants, query), voicemailView) },
    {
      method: 'POST', path: '/voicemails',
      async handle(request) {
        const parsed = NewVoicemail.safeParse(request.body);
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const { name, number, context } = parsed.data;
        const created = await createVoicemail(deps.db, creationTenant(request) as TenantUuid, { ...fields(parsed.data), name, number, context });
        if (created.type === 'error') return writeFailure(created, 'voicemail');
        voicemailEvent('created', created.value);
        return { status: 201, body: voicemailView(created.value) };
      },
    },
    {
      method: 'GET', path: '/voicemails/:voicemail_id',
      async handle(request) {
        const voicemail = await voicemailOf(request);
        return voicemail === undefined ? apiError(404, 'no such voicemail') : { status: 200, body: voicemailView(voicemail) };
      },
    },
    {
      method: 'PUT', path: '/voicemails/:voicemail_id',
      async handle(request) {
        const parsed = VoicemailUpdate.safeParse(request.body ?? {});
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const updated = await updateVoicemail(deps.db, param(request, 'voicemail_id'), objectScope(request), fields(parsed.data));
        if (updated.type === 'error') return writeFailure(updated, 'voicemail');
        voicemailEvent('edited', updated.value);
        return NO_CONTENT;
      },
    },
    {
      method: 'DELETE', path: '/voicemails/:voicemail_id',
      async handle(request) {
        const voicemail = await voicemailOf(request);
        const deleted = voicemail === undefined ? undefined : await deleteWithMessages(deps, voicemail, request);
        if (deleted === undefined) return apiError(404, 'no such voicemail');
        voicemailEvent('deleted', deleted);
        return NO_CONTENT;
      },
    },
    {
      method: 'PUT', path: '/users/:user_id/voicemails/:voicemail_id',
      async handle(request) {
        const { user, voicemail } = await userAndVoicemail(request);
        if (user === undefined) return apiError(404, 'no such user');
        if (voicemail === undefined) return apiError(404, 'no such voicemail');
        if (user.tenantUuid !== voicemail.tenantUuid) return apiError(400, 'the user and the voicemail belong to different tenants');
        if (voicemail.users.some((other) => other.id === user.id)) return NO_CONTENT;
        const written = await associateUserVoicemail(deps.db, user, voicemail.id);
        if (written.type === 'error') return written.code === 'PBX_ERR_STORE_DUPLICATE' ? apiError(400, 'the user already has a voicemail') : writeFailure(written, 'user voicemail');
        publishChange(deps, user.tenantUuid, 'user_voicemail_associated', `config.users.${user.uuid}.voicemails.updated`, { user_uuid: user.uuid, voicemail_id: voicemail.id });
        return NO_CONTENT;
      },
    },
    {
      method: 'DELETE', path: '/users/:user_id/voicemails/:voicemail_id',
      async handle(request) {
        const { user, voicemail } = await userAndVoicemail(request);
        if (user === undefined) return apiError(404, 'no such user');
        if (voicemail === undefined) return apiError(404, 'no such voicemail');
        if (!(await dissociateUserVoicemail(deps.db, user.id, voicemail.id))) return NO_CONTENT;
        publishChange(deps, user.tenantUuid, 'user_voicemail_dissociated', `config.users.${user.uuid}.voicemails.deleted`, { user_uuid: user.uuid, voicemail_id: voicemail.id });
        return NO_CONTENT;
      },
    },
  ];
}
