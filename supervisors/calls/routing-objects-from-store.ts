/**
 * Turns the store's routing-object snapshot (`loadRoutingObjects`) into the routing module's
 * indexed values, beside `dialplanFromStore`: what the incall, outcall, permission and schedule
 * resolvers read.
 *
 * @remarks
 * The composition root is where the two meet: `actors/` cannot import `store/`. Destinations and
 * periods are read from their configuration-API forms by the routing module itself.
 */
import { routing } from '../../actors/index.ts';
import type { RoutingObjectsSnapshot } from '../../store/index.ts';

/** The routing objects of a store snapshot, indexed by id (rules and blacklists by tenant uuid). */
export function routingObjectsFromStore(stored: RoutingObjectsSnapshot): routing.RoutingObjects {
  const permissionsOfUser = new Map<number, routing.CallPermissionId[]>();
  for (const permission of stored.callPermissions) {
    for (const userId of permission.userIds) permissionsOfUser.set(userId, [...(permissionsOfUser.get(userId) ?? []), permission.id as routing.CallPermissionId]);
  }
  const rules = new Map<string, routing.CallerIdRule[]>();
  for (const rule of stored.callerIdRules) rules.set(rule.tenantUuid, [...(rules.get(rule.tenantUuid) ?? []), { id: rule.id, callerId: rule.callerId, strip: rule.strip, add: rule.add }]);
  const blacklists = new Map<string, Map<string, string>>();
  for (const entry of stored.blacklist) blacklists.set(entry.tenantUuid, (blacklists.get(entry.tenantUuid) ?? new Map<string, string>()).set(entry.key, entry.reason));
  return {
    incalls: new Map(stored.incalls.map((incall) => [incall.id as routing.IncallId, {
      id: incall.id as routing.IncallId,
      destination: routing.destinationFromForm(incall.destination),
      callerIdMode: incall.callerIdMode,
      callerIdName: incall.callerIdName,
      ringSeconds: incall.ringSeconds,
      scheduleId: incall.scheduleId as routing.ScheduleId | null,
    }])),
    outcalls: new Map(stored.outcalls.map((outcall) => [outcall.id as routing.OutcallId, {
      id: outcall.id as routing.OutcallId,
      name: outcall.name,
      enabled: outcall.enabled,
      internalCallerId: outcall.internalCallerId,
      trunkIds: outcall.trunkIds.map((id) => id as routing.TrunkId),
      patterns: outcall.patterns.map((pattern) => ({ ...pattern, extensionId: pattern.extensionId as routing.ExtensionId })),
      callPermissionIds: outcall.callPermissionIds.map((id) => id as routing.CallPermissionId),
      scheduleId: outcall.scheduleId as routing.ScheduleId | null,
    }])),
    callPermissions: new Map(stored.callPermissions.map((permission) => [permission.id as routing.CallPermissionId, {
      id: permission.id as routing.CallPermissionId, name: permission.name, mode: permission.mode, extensions: permission.extensions, password: permission.password, enabled: permission.enabled,
    }])),
    schedules: new Map(stored.schedules.map((schedule) => [schedule.id as routing.ScheduleId, {
      id: schedule.id as routing.ScheduleId,
      name: schedule.name,
      enabled: schedule.enabled,
      timezone: schedule.timezone,
      openPeriods: schedule.openPeriods.map(routing.periodFromForm),
      exceptionalPeriods: schedule.exceptionalPeriods.map(routing.exceptionFromForm),
      closedDestination: routing.destinationFromForm(schedule.closedDestination),
    }])),
    users: new Map(stored.users.map((user) => [user.id as routing.UserId, {
      outgoingCallerId: user.outgoingCallerId,
      callPermissionPassword: user.callPermissionPassword,
      callPermissionIds: permissionsOfUser.get(user.id) ?? [],
      scheduleId: user.scheduleId as routing.ScheduleId | null,
    }])),
    callerIdRules: rules,
    blacklists,
    groups: new Map((stored.groups ?? []).map((group) => [group.id, groupFromStore(group)])),
  };
}

/** A stored group as routing reads it: members in ringing order (priority, then user id). */
function groupFromStore(group: NonNullable<RoutingObjectsSnapshot['groups']>[number]): routing.HuntGroup {
  const members = [...group.members].sort((left, right) => left.priority - right.priority || left.userId - right.userId);
  return {
    id: group.id, uuid: group.uuid, tenantUuid: group.tenantUuid, name: group.name, label: group.label, enabled: group.enabled,
    ringStrategy: group.ringStrategy, timeoutSeconds: group.timeout, userTimeoutSeconds: group.userTimeout, retryDelaySeconds: group.retryDelay,
    ringInUse: group.ringInUse, ignoreForward: group.ignoreForward, callerIdMode: group.callerIdMode, callerIdName: group.callerIdName, musicOnHold: group.musicOnHold,
    members: members.map((member) => ({ userId: member.userId as routing.UserId, priority: member.priority })),
    noAnswerDestination: group.noanswerDestination === null ? null : routing.destinationFromForm(group.noanswerDestination),
    callPermissionIds: group.callPermissionIds.map((id) => id as routing.CallPermissionId),
    scheduleId: group.scheduleId as routing.ScheduleId | null,
  };
}
