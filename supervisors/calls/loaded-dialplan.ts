/**
 * One snapshot of the configuration as the routing port reads it: the dialplan as a routing table,
 * each user's lines, tenants and music, the routing objects (incalls, outcalls, permissions,
 * schedules, groups, caller-ID rules, blacklists) and the feature codes, with the configuration
 * version it was read at.
 *
 * @remarks A load that fails answers an error and logs it; the routing port then keeps the
 * previous snapshot in service.
 */
import { routing, type call, type Logger } from '../../actors/index.ts';
import { loadDialplan, loadRoutingObjects, readConfigurationVersion, type Queryable } from '../../store/index.ts';
import { callerIdentity, dialplanFromStore, musicOnHoldOf } from './dialplan-from-store.ts';
import { loadFeatureCodes } from './feature-route.ts';
import { compileTenantCallerIdRules } from './incall-route.ts';
import type { LineIdentity } from './invite-admission.ts';
import { routingObjectsFromStore } from './routing-objects-from-store.ts';
import { userFallbackDestinations, type UserFallbackDestinations } from './destination-fallback.ts';

/** The caller a line stands for: its identity, its user and the music its held parties hear. */
export type CallerLine = LineIdentity & { readonly userId: number; readonly musicOnHold?: call.MusicOnHold };

/** A routing table and the SIP usernames of each user's lines, built from one store snapshot. */
export interface LoadedDialplan {
  readonly table: routing.RoutingTable;
  readonly usernames: ReadonlyMap<number, readonly string[]>;
  readonly musicOnHold: ReadonlyMap<number, call.MusicOnHold>;
  readonly lines: ReadonlyMap<string, CallerLine>;
  /** Each user's tenant, by user uuid. */
  readonly tenants: ReadonlyMap<string, string>;
  /** Each extension's tenant, by extension id (an IVR is read in the tenant of the extension that reached it). */
  readonly extensionTenants: ReadonlyMap<number, string>;
  /** The configuration version the snapshot was read at (or after). */
  readonly version: bigint;
  /** Incalls, outcalls, call permissions, schedules, caller-ID rules and blacklists. */
  readonly objects: routing.RoutingObjects;
  /** The objects' caller-ID rules, compiled per tenant. */
  readonly callerIdRules: ReadonlyMap<string, readonly routing.CompiledCallerIdRule[]>;
  /** The enabled feature codes (global). */
  readonly features: routing.FeatureCodes;
  /** Each user's fallbacks (no answer, busy, congestion, unreachable), by user id; absent: none. */
  readonly userFallbacks: ReadonlyMap<number, UserFallbackDestinations>;
}

export async function loadDialplanSnapshot(options: { readonly database: Queryable; readonly logger: Pick<Logger, 'warn' | 'error'> }): Promise<{ type: 'ok'; loaded: LoadedDialplan; problems: readonly routing.DialplanProblem[] } | { type: 'error'; reason: string }> {
  try {
    // The version first: a change made during the load moves it on again, and the next use reloads.
    const version = await readConfigurationVersion(options.database);
    const stored = await loadDialplan(options.database);
    const objects = routingObjectsFromStore(await loadRoutingObjects(options.database));
    const { table, problems } = routing.indexDialplan(dialplanFromStore(stored));
    for (const problem of problems) options.logger.warn({ problem: problem.type }, 'dialplan entry left out');
    const features = await loadFeatureCodes(options.database, options.logger);
    const usernames = new Map<number, readonly string[]>();
    const musicOnHold = new Map<number, call.MusicOnHold>();
    const lines = new Map<string, CallerLine>();
    const tenants = new Map<string, string>();
    const userFallbacks = new Map<number, UserFallbackDestinations>();
    for (const user of stored.users) {
      tenants.set(user.uuid, user.tenantUuid);
      const fallbacks = userFallbackDestinations(user.fallbacks);
      if (fallbacks !== undefined) userFallbacks.set(Number(user.id), fallbacks);
      usernames.set(Number(user.id), user.lines.flatMap((line) => (line.username === null ? [] : [line.username])));
      const music = musicOnHoldOf(user);
      if (music !== undefined) musicOnHold.set(Number(user.id), music);
      const identity = callerIdentity(user.callerId, `${user.firstname} ${user.lastname}`.trim());
      for (const line of user.lines) {
        if (line.username === null || lines.has(line.username)) continue;
        lines.set(line.username, {
          name: identity.name, number: identity.number ?? line.extensions[0]?.exten ?? line.username, context: line.context,
          userUuid: user.uuid, lineId: String(line.id), userId: Number(user.id), ...(music === undefined ? {} : { musicOnHold: music }),
        });
      }
    }
    const extensionTenants = new Map(stored.extensions.map((extension) => [Number(extension.id), String(extension.tenantUuid)]));
    return { type: 'ok', loaded: { table, usernames, musicOnHold, lines, tenants, extensionTenants, version, objects, callerIdRules: compileTenantCallerIdRules(objects), features, userFallbacks }, problems };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    options.logger.error({ reason }, 'dialplan reload failed; the previous one stays in service');
    return { type: 'error', reason };
  }
}

