/**
 * A user's fallbacks (Wazo confd 1.1 `GET|PUT /users/{user_id}/fallbacks`): where a call to the
 * user goes when the user does not answer (`noanswer_destination`), is busy (`busy_destination`),
 * the call is congested (`congestion_destination`) or the user's phones cannot be reached
 * (`fail_destination`); the user's mailbox is the usual one. `user_fallback_edited` tells a change.
 */
import { z } from 'zod';
import { findUserDetail, findUserFallbacks, findVoicemail, setUserFallbacks, USER_FALLBACK_NAMES, type StoredDestination } from '../../store/index.ts';
import { apiError, type ApiRoute } from '../http/api-route.ts';
import { objectScope } from '../http/tenant-filter.ts';
import { writeFailure } from '../http/write-failure.ts';
import { zodMessages } from '../http/zod-messages.ts';
import { publishChange, type ConfdDeps } from './confd-deps.ts';
import { param } from './confd-lists.ts';
import { Destination } from './routing-forms.ts';
import { userFallbacksView } from './user-view.ts';

const Fallback = Destination.nullable().optional();

/** The body of `PUT /users/{user_id}/fallbacks`: the cases named change, the others stay. */
export const UserFallbacksBody = z.object({
  noanswer_destination: Fallback,
  busy_destination: Fallback,
  congestion_destination: Fallback,
  fail_destination: Fallback,
}).strict();

export function userFallbackRoutes(deps: ConfdDeps): ApiRoute[] {
  return [
    {
      method: 'GET', path: '/users/:user_id/fallbacks',
      async handle(request) {
        const user = await findUserDetail(deps.db, param(request, 'user_id'), objectScope(request));
        const fallbacks = user === undefined ? undefined : await findUserFallbacks(deps.db, Number(user.id));
        return fallbacks === undefined ? apiError(404, 'no such user') : { status: 200, body: userFallbacksView(fallbacks) };
      },
    },
    {
      method: 'PUT', path: '/users/:user_id/fallbacks',
      async handle(request) {
        const user = await findUserDetail(deps.db, param(request, 'user_id'), objectScope(request));
        if (user === undefined) return apiError(404, 'no such user');
        const parsed = UserFallbacksBody.safeParse(request.body ?? {});
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const changes: Partial<Record<(typeof USER_FALLBACK_NAMES)[number], StoredDestination | null>> = {};
        for (const name of USER_FALLBACK_NAMES) {
          const form = parsed.data[`${name}_destination`];
          if (form === undefined) continue;
          // A mailbox must be one of the user's tenant, as Wazo checks the destination's object.
          if (form?.type === 'voicemail' && await findVoicemail(deps.db, String(form.voicemail_id), [user.tenantUuid]) === undefined) {
            return apiError(400, `${name}_destination: no voicemail ${form.voicemail_id} in the user's tenant`);
          }
          changes[name] = form === null || form.type === 'none' ? null : form as StoredDestination;
        }
        const written = await setUserFallbacks(deps.db, Number(user.id), changes);
        if (written.type === 'error') return writeFailure(written, 'user fallbacks');
        publishChange(deps, user.tenantUuid, 'user_fallback_edited', 'config.users.fallbacks.edited', { id: Number(user.id), uuid: user.uuid, tenant_uuid: user.tenantUuid });
        return { status: 204, body: undefined };
      },
    },
  ];
}
