/**
 * `/users` of confd 1.1: list, create, read, partial update and delete, a user named by its id or
 * its uuid; changes published as `user_created`, `user_edited` and `user_deleted`.
 *
 * @remarks
 * Fields of Wazo's user this engine does not keep (timezone, language …) are accepted and
 * ignored, since clients send back the whole object they read.
 */
import { z } from 'zod';
import { createUser, deleteUserDetail, findUserDetail, listUserPage, updateUserDetail, type TenantUuid, type UserOrder } from '../../store/index.ts';
import { apiError, type ApiRoute } from '../http/api-route.ts';
import { objectScope } from '../http/tenant-filter.ts';
import { writeFailure } from '../http/write-failure.ts';
import { zodMessages } from '../http/zod-messages.ts';
import { publishChange, type ConfdDeps } from './confd-deps.ts';
import { creationTenant, listAnswer, param } from './confd-lists.ts';
import { PreprocessSubroutineField, preprocessSubroutineProblem } from './preprocess-subroutine.ts';
import { userEventData, userView } from './user-view.ts';

const text = (max: number) => z.string().max(max).regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters');

/** The Wazo clients send an empty string for a field the user cleared: it means null. */
const cleared = <Value extends z.ZodType>(value: Value) => z.union([z.literal('').transform(() => null), value]).nullable();

const UserFields = z.object({
  firstname: text(128).min(1),
  lastname: text(128).nullable(),
  email: cleared(z.email().max(254)),
  caller_id: cleared(text(160)),
  outgoing_caller_id: text(80).min(1),
  userfield: cleared(text(128)),
  ring_seconds: z.number().int().min(5).max(10_800).multipleOf(5),
  simultaneous_calls: z.number().int().min(1).max(20),
  enabled: z.boolean(),
  music_on_hold: text(128).nullable(),
  call_permission_password: cleared(z.string().regex(/^[0-9#*]{1,16}$/, 'must be 1 to 16 digits')),
  preprocess_subroutine: PreprocessSubroutineField,
});
export const NewUser = UserFields.partial().required({ firstname: true });
export const UserUpdate = UserFields.partial();

const ORDERS: readonly UserOrder[] = ['firstname', 'lastname', 'email', 'id', 'uuid'];

function changesOf(body: z.infer<typeof UserUpdate>) {
  return {
    ...(body.firstname === undefined ? {} : { firstname: body.firstname }),
    ...(body.lastname === undefined ? {} : { lastname: body.lastname ?? '' }),
    ...(body.email === undefined ? {} : { email: body.email }),
    ...(body.caller_id === undefined ? {} : { callerId: body.caller_id }),
    ...(body.outgoing_caller_id === undefined ? {} : { outgoingCallerId: body.outgoing_caller_id }),
    ...(body.userfield === undefined ? {} : { userfield: body.userfield }),
    ...(body.ring_seconds === undefined ? {} : { ringSeconds: body.ring_seconds }),
    ...(body.simultaneous_calls === undefined ? {} : { simultaneousCalls: body.simultaneous_calls }),
    ...(body.enabled === undefined ? {} : { enabled: body.enabled }),
    ...(body.music_on_hold === undefined ? {} : { musicOnHold: body.music_on_hold }),
    ...(body.call_permission_password === undefined ? {} : { callPermissionPassword: body.call_permission_password }),
    ...(body.preprocess_subroutine === undefined ? {} : { preprocessSubroutine: body.preprocess_subroutine }),
  };
}

export function userRoutes(deps: ConfdDeps): ApiRoute[] {
  return [
    {
      method: 'GET', path: '/users',
      handle: (request) => listAnswer(request, ORDERS, 'firstname', (tenants, query) => listUserPage(deps.db, tenants, query), userView),
    },
    {
      method: 'POST', path: '/users',
      async handle(request) {
        const parsed = NewUser.safeParse(request.body);
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const body = parsed.data;
        const hookProblem = preprocessSubroutineProblem(deps, body.preprocess_subroutine);
        if (hookProblem !== undefined) return apiError(400, hookProblem);
        const created = await createUser(deps.db, {
          firstname: body.firstname,
          tenantUuid: creationTenant(request) as TenantUuid,
          ...(body.lastname == null ? {} : { lastname: body.lastname }),
          ...(body.email == null ? {} : { email: body.email }),
          ...(body.caller_id == null ? {} : { callerId: body.caller_id }),
          ...(body.outgoing_caller_id === undefined ? {} : { outgoingCallerId: body.outgoing_caller_id }),
          ...(body.userfield == null ? {} : { userfield: body.userfield }),
          ...(body.ring_seconds === undefined ? {} : { ringSeconds: body.ring_seconds }),
          ...(body.simultaneous_calls === undefined ? {} : { simultaneousCalls: body.simultaneous_calls }),
          ...(body.enabled === undefined ? {} : { enabled: body.enabled }),
          ...(body.music_on_hold == null ? {} : { musicOnHold: body.music_on_hold }),
        });
        if (created.type === 'error') return writeFailure(created, 'user');
        if (body.call_permission_password != null || body.preprocess_subroutine != null) {
          const later = changesOf({ call_permission_password: body.call_permission_password ?? null, preprocess_subroutine: body.preprocess_subroutine ?? null });
          const password = await updateUserDetail(deps.db, created.value.uuid, [created.value.tenantUuid], later);
          if (password.type === 'error') return writeFailure(password, 'user');
        }
        const user = await findUserDetail(deps.db, created.value.uuid, [created.value.tenantUuid]);
        if (user === undefined) return apiError(404, 'no such user');
        publishChange(deps, user.tenantUuid, 'user_created', 'config.user.created', userEventData(user));
        return { status: 201, body: userView(user) };
      },
    },
    {
      method: 'GET', path: '/users/:user_id',
      async handle(request) {
        const user = await findUserDetail(deps.db, param(request, 'user_id'), objectScope(request));
        return user === undefined ? apiError(404, 'no such user') : { status: 200, body: userView(user) };
      },
    },
    {
      method: 'PUT', path: '/users/:user_id',
      async handle(request) {
        const parsed = UserUpdate.safeParse(request.body ?? {});
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const hookProblem = preprocessSubroutineProblem(deps, parsed.data.preprocess_subroutine);
        if (hookProblem !== undefined) return apiError(400, hookProblem);
        const updated = await updateUserDetail(deps.db, param(request, 'user_id'), objectScope(request), changesOf(parsed.data));
        if (updated.type === 'error') return writeFailure(updated, 'user');
        publishChange(deps, updated.value.tenantUuid, 'user_edited', 'config.user.edited', userEventData(updated.value));
        return { status: 204, body: undefined };
      },
    },
    {
      method: 'DELETE', path: '/users/:user_id',
      async handle(request) {
        const deleted = await deleteUserDetail(deps.db, param(request, 'user_id'), objectScope(request));
        if (deleted === undefined) return apiError(404, 'no such user');
        publishChange(deps, deleted.tenantUuid, 'user_deleted', 'config.user.deleted', userEventData(deleted));
        return { status: 204, body: undefined };
      },
    },
  ];
}
