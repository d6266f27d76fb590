/**
 * Calls that reach a group (hunt group, seed CF-22): the members the call can ring now, in the
 * order of the group's strategy, the group's times, and where the call goes when nobody answers.
 *
 * @remarks
 * Members are skipped when disabled, in do not disturb, already in a call while the group does not
 * ring members in use (`ring_in_use` false), or without a registered phone. Their own forwards are
 * never followed from a group (the seed: `*21` forwards were always ignored in groups, L1378-L1386).
 * `random` draws its order here, at routing, so the call machine stays deterministic. A group whose
 * schedule is closed sends the call to the schedule's destination without ringing anyone
 * (`groupScheduleClosure`, kept apart so that the live schedule checks of the other routing objects
 * can share it).
 */
import { routing, type call } from '../../actors/index.ts';
import { contactsOf, type LineContactsOptions } from './line-contacts.ts';
import { destinationFallback } from './destination-fallback.ts';

/** What the group routing needs of the loaded configuration and of live state. */
export interface GroupRouteInput {
  readonly table: routing.RoutingTable;
  readonly objects: routing.RoutingObjects;
  /** Calls the user has now (ringing or connected). */
  readonly activeCalls: (userId: number) => number;
  /** The registered phones of a user. */
  readonly contactsOfUser: (userId: number) => Promise<readonly call.DialTarget[]>;
  readonly musicOnHoldOf?: (userId: number) => call.MusicOnHold | undefined;
  /** Now, for the group's schedule. */
  readonly nowMs: number;
  /** A random number in [0, 1) for `random` (Math.random by default). */
  readonly random?: () => number;
}

/** Why a member is not rung for this call. */
export type MemberSkip = 'unknown' | 'disabled' | 'dnd' | 'in-use' | 'unregistered';

/** Whether a member can be rung: undefined when it can, else why not. */
export function memberSkip(user: routing.DialplanUser | undefined, state: { readonly activeCalls: number; readonly contacts: number }, ringInUse: boolean): MemberSkip | undefined {
  if (user === undefined) return 'unknown';
  if (!user.enabled) return 'disabled';
  if (user.services.dnd) return 'dnd';
  if (!ringInUse && state.activeCalls > 0) return 'in-use';
  if (state.contacts === 0) return 'unregistered';
  return undefined;
}

/** The closed destination of the group's schedule now, or undefined when it is open (or has none). */
export function groupScheduleClosure(objects: routing.RoutingObjects, group: routing.HuntGroup, nowMs: number): routing.RoutingDestination | undefined {
  const schedule = group.scheduleId === null ? undefined : objects.schedules.get(group.scheduleId);
  if (schedule === undefined) return undefined;
  const state = routing.scheduleState(schedule, nowMs);
  return state.type === 'closed' ? state.destination : undefined;
}

/** Where a destination (the group's no-answer fallback, or its schedule's closed destination) sends the call. */
export function huntFallback(destination: routing.RoutingDestination | null, group: routing.HuntGroup, dialed: string): call.HuntFallback | undefined {
  return destinationFallback(destination, group.tenantUuid, dialed);
}

/** The members in the order the strategy rings them (priority order; shuffled for `random`). */
export function strategyOrder<Member>(members: readonly Member[], strategy: routing.RingStrategy, random: () => number): Member[] {
  const ordered = [...members];
  if (strategy !== 'random') return ordered;
  for (let index = ordered.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [ordered[index], ordered[other]] = [ordered[other] as Member, ordered[index] as Member];
  }
  return ordered;
}

/** The routing answer for a call that reaches group `groupId` (dialed as `dialed`). */
export async function groupOutcome(input: GroupRouteInput, groupId: number, dialed: string): Promise<call.RouteOutcome> {
  const group = input.objects.groups?.get(groupId);
  if (group === undefined) return { type: 'refuse', cause: { q850: 1, sipStatus: 404, text: `group ${groupId} does not exist` } };
  const base = planBase(group);
  const closed = groupScheduleClosure(input.objects, group, input.nowMs);
  if (closed !== undefined) return withFallback({ ...base, steps: [] }, huntFallback(closed, group, dialed));
  const fallback = huntFallback(group.noAnswerDestination, group, dialed);
  if (!group.enabled) return withFallback({ ...base, steps: [] }, fallback);
  const members = await reachableMembers(input, group);
  const ordered = strategyOrder(members, group.ringStrategy, input.random ?? Math.random);
  const steps = group.ringStrategy === 'all' ? (ordered.length === 0 ? [] : [ordered]) : ordered.map((member) => [member]);
  return withFallback({ ...base, steps }, fallback);
}

function planBase(group: routing.HuntGroup): Omit<call.HuntPlan, 'steps'> {
  const callerIdName = group.callerIdMode !== null && group.callerIdName !== null && group.callerIdName !== '' ? { mode: group.callerIdMode, name: group.callerIdName } : undefined;
  return {
    groupId: group.id, groupUuid: group.uuid, groupName: group.name,
    stepSeconds: group.userTimeoutSeconds, retryDelaySeconds: group.retryDelaySeconds, timeoutSeconds: group.timeoutSeconds,
    ...(callerIdName === undefined ? {} : { callerIdName }),
  };
}

function withFallback(plan: call.HuntPlan, fallback: call.HuntFallback | undefined): call.RouteOutcome {
  return { type: 'hunt', plan: fallback === undefined ? plan : { ...plan, fallback } };
}

/** The members that can be rung now, with their phones, in priority order. */
async function reachableMembers(input: GroupRouteInput, group: routing.HuntGroup): Promise<call.HuntMember[]> {
  const members: call.HuntMember[] = [];
  for (const member of group.members) {
    const user = input.table.users.get(member.userId);
    const userId = Number(member.userId);
    const contacts = user === undefined || !user.enabled || user.services.dnd ? [] : await input.contactsOfUser(userId);
    if (memberSkip(user, { activeCalls: input.activeCalls(userId), contacts: contacts.length }, group.ringInUse) !== undefined || user === undefined) continue;
    const musicOnHold = input.musicOnHoldOf?.(userId);
    members.push({
      user: { userId, userUuid: user.uuid, name: user.callerIdName, number: user.callerIdNumber ?? '', context: user.context, ...(musicOnHold === undefined ? {} : { musicOnHold }) },
      contacts,
    });
  }
  return members;
}

/** The group routing's input from the routing port's loaded configuration and its options. */
export function groupRouteInput(
  options: LineContactsOptions & { readonly activeCalls: (userId: number) => number },
  loaded: { readonly table: routing.RoutingTable; readonly objects: routing.RoutingObjects; readonly usernames: ReadonlyMap<number, readonly string[]>; readonly musicOnHold: ReadonlyMap<number, call.MusicOnHold> },
): GroupRouteInput {
  return {
    table: loaded.table, objects: loaded.objects, activeCalls: options.activeCalls, nowMs: Date.now(),
    contactsOfUser: (userId) => contactsOf(options, loaded.usernames.get(userId) ?? []),
    musicOnHoldOf: (userId) => loaded.musicOnHold.get(userId),
  };
}

/**
 * The call permissions of the groups a user is a member of (seed CF-10: a permission attached to a
 * group applies to all its members), in group order, each once.
 */
export function memberGroupPermissionIds(objects: routing.RoutingObjects, userId: routing.UserId): routing.CallPermissionId[] {
  const ids = new Set<routing.CallPermissionId>();
  for (const group of objects.groups?.values() ?? []) {
    if (!group.members.some((member) => member.userId === userId)) continue;
    for (const id of group.callPermissionIds) ids.add(id);
  }
  return [...ids];
}
