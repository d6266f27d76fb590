/**
 * `/ivr` of confd 1.1 (Wazo's IVR resource): an IVR's prompts, digit timeout, tries, choices and
 * the destinations of its invalid, timeout and abort branches, listed, created, read, partly
 * updated (choices replaced as a whole when given) and deleted; `ivr_created`, `ivr_edited` and
 * `ivr_deleted` events on each change.
 *
 * @remarks
 * Bodies are checked whole (400 with every problem): sound names stay in the tenant's sound folder,
 * a choice's exten is digits, `*` or `#` and appears once, destinations are Wazo's objects, and an
 * `ivr` destination names an IVR of the tenant, a `queue` destination a queue (and skill rule set) of it.
 */
import { z } from 'zod';
import {
  createIvr, deleteIvr, findIvr, freeIvrExtensions, listIvrPage, updateIvr,
  type IvrChanges, type IvrOrder, type IvrRow, type StoredDestination, type TenantUuid,
} from '../../store/index.ts';
import { apiError, type ApiRoute } from '../http/api-route.ts';
import type { JsonAnswer } from '../http/respond-json.ts';
import { objectScope } from '../http/tenant-filter.ts';
import { writeFailure } from '../http/write-failure.ts';
import { zodMessages } from '../http/zod-messages.ts';
import { publishChange, type ConfdDeps } from './confd-deps.ts';
import { creationTenant, listAnswer, param } from './confd-lists.ts';
import { queueDestinationProblems } from './queue-destinations.ts';
import { Destination, SoundName } from './ivr-destinations.ts';
import { unknownConferenceTargets } from './conference-destinations.ts';

export function ivrView(ivr: IvrRow): Record<string, unknown> {
  return {
    id: ivr.id,
    tenant_uuid: ivr.tenantUuid,
    name: ivr.name,
    description: ivr.description,
    greeting_sound: ivr.greetingSound,
    menu_sound: ivr.menuSound,
    invalid_sound: ivr.invalidSound,
    abort_sound: ivr.abortSound,
    timeout: ivr.timeout,
    max_tries: ivr.maxTries,
    invalid_destination: ivr.invalidDestination,
    timeout_destination: ivr.timeoutDestination,
    abort_destination: ivr.abortDestination,
    choices: ivr.choices.map((choice) => ({ exten: choice.exten, destination: choice.destination })),
    incalls: [],
  };
}

const Choice = z.object({ exten: z.string().regex(/^[0-9*#]{1,40}$/, 'must be 1 to 40 digits, * or #'), destination: Destination });
const Choices = z.array(Choice).max(100).superRefine((choices, context) => {
  const seen = new Set<string>();
  choices.forEach((choice, index) => {
    if (seen.has(choice.exten)) context.addIssue({ code: 'custom', path: [index, 'exten'], message: `${choice.exten} is already used by another choice` });
    seen.add(choice.exten);
  });
});
const IvrFields = z.object({
  name: z.string().min(1).max(128).regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters'),
  description: z.string().max(1024).nullable(),
  greeting_sound: SoundName.nullable(),
  menu_sound: SoundName,
  invalid_sound: SoundName.nullable(),
  abort_sound: SoundName.nullable(),
  timeout: z.number().int().min(0).max(3600),
  max_tries: z.number().int().min(1).max(100),
  invalid_destination: Destination.nullable(),
  timeout_destination: Destination.nullable(),
  abort_destination: Destination.nullable(),
  choices: Choices,
});
export const NewIvrBody = IvrFields.partial().required({ name: true, menu_sound: true });
export const IvrUpdate = IvrFields.partial();

type IvrBody = z.infer<typeof IvrUpdate>;

const ORDERS: readonly IvrOrder[] = ['id', 'name', 'description'];

/** The request's fields as store changes (absent stays absent, null clears). */
function changesOf(body: IvrBody): IvrChanges {
  const destination = (value: z.infer<typeof Destination> | null | undefined) => value as StoredDestination | null | undefined;
  const entries: [keyof IvrChanges, unknown][] = [
    ['name', body.name], ['description', body.description], ['greetingSound', body.greeting_sound], ['menuSound', body.menu_sound],
    ['invalidSound', body.invalid_sound], ['abortSound', body.abort_sound], ['timeout', body.timeout], ['maxTries', body.max_tries],
    ['invalidDestination', destination(body.invalid_destination)], ['timeoutDestination', destination(body.timeout_destination)],
    ['abortDestination', destination(body.abort_destination)],
    ['choices', body.choices?.map((choice) => ({ exten: choice.exten, destination: choice.destination as StoredDestination }))],
  ];
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined)) as IvrChanges;
}

/** The `ivr` and `conference` destinations of a body that name no IVR (`self` may name the IVR being updated) or room of the tenant. */
async function unknownIvrTargets(deps: ConfdDeps, tenantUuid: string, body: IvrBody, self?: number): Promise<string[]> {
  const named = [
    ['invalid_destination', body.invalid_destination], ['timeout_destination', body.timeout_destination], ['abort_destination', body.abort_destination],
    ...(body.choices ?? []).map((choice, index) => [`choices.${index}.destination`, choice.destination] as const),
  ] as const;
  const problems = await unknownConferenceTargets(deps, tenantUuid, named);
  for (const [field, destination] of named) {
    if (destination?.type !== 'ivr' || destination.ivr_id === self) continue;
    const target = await findIvr(deps.db, String(destination.ivr_id), [tenantUuid]);
    if (target === undefined) problems.push(`${field}.ivr_id: no IVR ${destination.ivr_id} in this tenant`);
  }
  return [...problems, ...await queueDestinationProblems(deps, tenantUuid, named)];
}

export function ivrRoutes(deps: ConfdDeps): ApiRoute[] {
  const ivrEvent = (action: string, ivr: IvrRow) => publishChange(deps, ivr.tenantUuid, `ivr_${action}`, `config.ivr.${action}`, { id: ivr.id, tenant_uuid: ivr.tenantUuid });
  const invalid = (error: z.ZodError): JsonAnswer => apiError(400, ...zodMessages(error));
  return [
    { method: 'GET', path: '/ivr', handle: (request) => listAnswer(request, ORDERS, 'name', (tenants, query) => listIvrPage(deps.db, tenants, query), ivrView) },
    {
      method: 'POST', path: '/ivr',
      async handle(request) {
        const parsed = NewIvrBody.safeParse(request.body);
        if (!parsed.success) return invalid(parsed.error);
        const tenantUuid = creationTenant(request) as TenantUuid;
        const problems = await unknownIvrTargets(deps, tenantUuid, parsed.data);
        if (problems.length > 0) return apiError(400, ...problems);
        const created = await createIvr(deps.db, { ...changesOf(parsed.data), tenantUuid, name: parsed.data.name, menuSound: parsed.data.menu_sound });
        if (created.type === 'error') return writeFailure(created, 'ivr');
        ivrEvent('created', created.value);
        return { status: 201, body: ivrView(created.value) };
      },
    },
    {
      method: 'GET', path: '/ivr/:ivr_id',
      async handle(request) {
        const ivr = await findIvr(deps.db, param(request, 'ivr_id'), objectScope(request));
        return ivr === undefined ? apiError(404, 'no such ivr') : { status: 200, body: ivrView(ivr) };
      },
    },
    {
      method: 'PUT', path: '/ivr/:ivr_id',
      async handle(request) {
        const parsed = IvrUpdate.safeParse(request.body ?? {});
        if (!parsed.success) return invalid(parsed.error);
        const current = await findIvr(deps.db, param(request, 'ivr_id'), objectScope(request));
        if (current === undefined) return apiError(404, 'no such ivr');
        const problems = await unknownIvrTargets(deps, current.tenantUuid, parsed.data, current.id);
        if (problems.length > 0) return apiError(400, ...problems);
        const updated = await updateIvr(deps.db, String(current.id), [current.tenantUuid], changesOf(parsed.data));
        if (updated.type === 'error') return writeFailure(updated, 'ivr');
        ivrEvent('edited', updated.value);
        return { status: 204, body: undefined };
      },
    },
    {
      method: 'DELETE', path: '/ivr/:ivr_id',
      async handle(request) {
        const deleted = await deleteIvr(deps.db, param(request, 'ivr_id'), objectScope(request));
        if (deleted === undefined) return apiError(404, 'no such ivr');
        // Its extensions lead nowhere now: they are freed, as a deleted incall frees its DIDs.
        await freeIvrExtensions(deps.db, deleted.id);
        ivrEvent('deleted', deleted);
        return { status: 204, body: undefined };
      },
    },
  ];
}
