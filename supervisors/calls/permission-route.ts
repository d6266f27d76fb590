/**
 * Call permissions applied to live calls (seed CF-10): a call to a user's extension meets the
 * caller's own permissions, a call through an outcall meets the caller's and the outcall's. A
 * refused call gets 403; a permission with a password is a challenge the call puts to its caller.
 *
 * @remarks
 * The decision itself is the routing module's (`checkCallPermissions`, docs/decisions.md D-054).
 * A call answers a challenge by routing the same request again with the digits entered (reason
 * `password`): the decision is taken again from the configuration of that moment and the digits
 * are compared with its password in constant time (both sides hashed first, so neither the length
 * nor the first wrong digit shows in the time taken). A wrong entry is answered with the challenge
 * again; the call counts the attempts. The password never leaves this port.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { channel, routing, type call } from '../../actors/index.ts';
import { memberGroupPermissionIds } from './group-route.ts';

/** What a permission check reads, built once per route request. */
export interface PermissionGuard {
  readonly objects: routing.RoutingObjects;
  readonly caller: routing.Caller;
  /** The request as the call sent it (routed again, with the digits, after a challenge). */
  readonly request: { readonly dialed: string; readonly context: string; readonly password?: string };
  /** The caller's tenant: the challenge's prompts are looked up in its sounds. */
  readonly tenantUuid: string;
}

/** The guard of a route request, from the loaded configuration. */
export function permissionGuard(
  loaded: { readonly table: routing.RoutingTable; readonly objects: routing.RoutingObjects; readonly tenants: ReadonlyMap<string, string> },
  caller: routing.Caller,
  request: PermissionGuard['request'],
): PermissionGuard {
  const userUuid = caller.type === 'user' ? loaded.table.users.get(caller.userId)?.uuid : undefined;
  const tenantUuid = userUuid === undefined ? '' : loaded.tenants.get(userUuid) ?? '';
  return { objects: loaded.objects, caller, request, tenantUuid };
}

/**
 * A call to a user's extension: the caller's permissions (their user's, then those of the groups
 * they are a member of) for the number dialed. Undefined: the call goes on.
 */
export function guardUserCall(guard: PermissionGuard, dialed: string): call.RouteOutcome | undefined {
  return guardCall(guard, dialed, []);
}

/** A call through an outcall: the caller's permissions, then the outcall's. Undefined: the call goes on. */
export function guardOutcall(guard: PermissionGuard, dialed: string, outcallPermissionIds: readonly routing.CallPermissionId[]): call.RouteOutcome | undefined {
  return guardCall(guard, dialed, outcallPermissionIds);
}

function guardCall(guard: PermissionGuard, dialed: string, outcallPermissionIds: readonly routing.CallPermissionId[]): call.RouteOutcome | undefined {
  const { objects, caller } = guard;
  const user = caller.type === 'user' ? objects.users.get(caller.userId) : undefined;
  const permissions = (ids: readonly routing.CallPermissionId[]) => ids.flatMap((id) => objects.callPermissions.get(id) ?? []);
  const decision = routing.checkCallPermissions({
    dialed,
    user: permissions(user?.callPermissionIds ?? []),
    groups: permissions(caller.type === 'user' ? memberGroupPermissionIds(objects, caller.userId) : []),
    outcall: permissions(outcallPermissionIds),
    userPassword: user?.callPermissionPassword ?? null,
  });
  switch (decision.type) {
    case 'allowed':
      return undefined;
    case 'denied':
      return { type: 'refuse', cause: channel.causeFromSip(403, `call permission ${decision.permissionId} (${decision.source}) denies ${dialed}`) };
    case 'password': {
      const entered = guard.request.password;
      if (entered !== undefined && passwordMatches(entered, decision.password)) return undefined;
      return { type: 'challenge', tenantUuid: guard.tenantUuid, request: { dialed: guard.request.dialed, context: guard.request.context } };
    }
  }
}

/** Whether the digits entered are the password, compared in constant time; an empty password matches nothing. */
export function passwordMatches(entered: string, password: string): boolean {
  if (password === '') return false;
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(entered), digest(password));
}
