/**
 * A user's services and forwards in confd 1.1 (seed CF-05): `GET /users/{id}/services`,
 * `GET|PUT /users/{id}/services/{dnd|incallfilter}`, `GET|PUT /users/{id}/forwards` and
 * `GET|PUT /users/{id}/forwards/{busy|noanswer|unconditional}`, the user named by id or uuid.
 *
 * @remarks
 * A change is published as `users_services_<name>_updated` (`{user_uuid, enabled}`) or
 * `users_forwards_<name>_updated` (`{user_uuid, enabled, destination}`), routing key
 * `config.users.<uuid>.<services|forwards>.<name>.updated`. It reaches calls through the store's
 * configuration version: the next call routed on any node follows it.
 */
import { z } from 'zod';
import {
  findUserCallSettings, findUserDetail, setUserForward, setUserService,
  type UserCallSettings, type UserForward, type UserForwardName, type UserServiceName, type UserUuid,
} from '../../store/index.ts';
import { apiError, type ApiRequest, type ApiRoute } from '../http/api-route.ts';
import type { JsonAnswer } from '../http/respond-json.ts';
import { objectScope } from '../http/tenant-filter.ts';
import { writeFailure } from '../http/write-failure.ts';
import { zodMessages } from '../http/zod-messages.ts';
import { publishChange, type ConfdDeps } from './confd-deps.ts';
import { param } from './confd-lists.ts';

const SERVICES: readonly UserServiceName[] = ['dnd', 'incallfilter'];
const FORWARDS: readonly UserForwardName[] = ['busy', 'noanswer', 'unconditional'];

export const ServiceBody = z.object({ enabled: z.boolean() });
export const ForwardBody = z.object({
  enabled: z.boolean().optional(),
  // The store's check (`users_<name>_forward_destination_check`), here so that every problem is told at once.
  destination: z.string().regex(/^(\+?[0-9*#]{1,40})?$/, 'must be an extension number').nullable().optional(),
});
export const ForwardsBody = z.object({ busy: ForwardBody.optional(), noanswer: ForwardBody.optional(), unconditional: ForwardBody.optional() });

type Settings = { readonly type: 'found'; readonly settings: UserCallSettings; readonly tenantUuid: string } | { readonly type: 'answer'; readonly answer: JsonAnswer };

async function settingsOf(deps: ConfdDeps, request: ApiRequest): Promise<Settings> {
  const user = await findUserDetail(deps.db, param(request, 'user_id'), objectScope(request));
  const settings = user === undefined ? undefined : await findUserCallSettings(deps.db, user.uuid as UserUuid);
  return user === undefined || settings === undefined ? { type: 'answer', answer: apiError(404, 'no such user') } : { type: 'found', settings, tenantUuid: user.tenantUuid };
}

const merged = (current: UserForward, change: z.infer<typeof ForwardBody>): UserForward => ({
  enabled: change.enabled ?? current.enabled,
  destination: change.destination === undefined ? current.destination : change.destination === '' ? null : change.destination,
});

export function userServiceRoutes(deps: ConfdDeps): ApiRoute[] {
  const serviceRoutes = SERVICES.flatMap((service): ApiRoute[] => [
    {
      method: 'GET', path: `/users/:user_id/services/${service}`,
      async handle(request) {
        const found = await settingsOf(deps, request);
        return found.type === 'answer' ? found.answer : { status: 200, body: found.settings.services[service] };
      },
    },
    {
      method: 'PUT', path: `/users/:user_id/services/${service}`,
      async handle(request) {
        const parsed = ServiceBody.safeParse(request.body);
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const found = await settingsOf(deps, request);
        if (found.type === 'answer') return found.answer;
        const userUuid = found.settings.userUuid;
        const written = await setUserService(deps.db, userUuid, service, parsed.data.enabled);
        if (written.type === 'error') return writeFailure(written, 'user');
        publishChange(deps, found.tenantUuid, `users_services_${service}_updated`, `config.users.${userUuid}.services.${service}.updated`, { user_uuid: userUuid, enabled: parsed.data.enabled });
        return { status: 204, body: undefined };
      },
    },
  ]);
  const writeForward = async (tenantUuid: string, userUuid: UserUuid, name: UserForwardName, value: UserForward): Promise<JsonAnswer | undefined> => {
    const written = await setUserForward(deps.db, userUuid, name, value);
    if (written.type === 'error') {
      return written.code === 'PBX_ERR_STORE_INVALID_VALUE' ? apiError(400, `${name}.destination: must be an extension number`) : writeFailure(written, 'user');
    }
    publishChange(deps, tenantUuid, `users_forwards_${name}_updated`, `config.users.${userUuid}.forwards.${name}.updated`, { user_uuid: userUuid, ...value });
    return undefined;
  };
  const forwardRoutes = FORWARDS.flatMap((name): ApiRoute[] => [
    {
      method: 'GET', path: `/users/:user_id/forwards/${name}`,
      async handle(request) {
        const found = await settingsOf(deps, request);
        return found.type === 'answer' ? found.answer : { status: 200, body: found.settings.forwards[name] };
      },
    },
    {
      method: 'PUT', path: `/users/:user_id/forwards/${name}`,
      async handle(request) {
        const parsed = ForwardBody.safeParse(request.body);
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const found = await settingsOf(deps, request);
        if (found.type === 'answer') return found.answer;
        const refused = await writeForward(found.tenantUuid, found.settings.userUuid, name, merged(found.settings.forwards[name], parsed.data));
        return refused ?? { status: 204, body: undefined };
      },
    },
  ]);
  return [
    {
      method: 'GET', path: '/users/:user_id/services',
      async handle(request) {
        const found = await settingsOf(deps, request);
        return found.type === 'answer' ? found.answer : { status: 200, body: found.settings.services };
      },
    },
    ...serviceRoutes,
    {
      method: 'GET', path: '/users/:user_id/forwards',
      async handle(request) {
        const found = await settingsOf(deps, request);
        return found.type === 'answer' ? found.answer : { status: 200, body: found.settings.forwards };
      },
    },
    {
      method: 'PUT', path: '/users/:user_id/forwards',
      async handle(request) {
        const parsed = ForwardsBody.safeParse(request.body);
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const found = await settingsOf(deps, request);
        if (found.type === 'answer') return found.answer;
        for (const name of FORWARDS) {
          const change = parsed.data[name];
          if (change === undefined) continue;
          const refused = await writeForward(found.tenantUuid, found.settings.userUuid, name, merged(found.settings.forwards[name], change));
          if (refused !== undefined) return refused;
        }
        return { status: 204, body: undefined };
      },
    },
    ...forwardRoutes,
  ];
}
