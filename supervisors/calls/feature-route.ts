/**
 * The routing port's feature codes (seed CF-26): a user dialing an enabled feature extension
 * runs the feature for themself. The change goes through the store writes confd uses, so the same
 * events are published and the configuration version moves (the next call follows it on every
 * node); the call then answers, plays the confirmation and hangs up.
 *
 * @remarks
 * Confirmations are the Asterisk core sounds Wazo's feature dialplan plays: `activated` when a
 * service or forward is now on, `de-activated` when off, looked up in the user's tenant's sounds
 * then the shared ones. A feature of the catalogue without an engine yet is refused with 480 and
 * a log line; a forward or agent code whose number is not one is refused with 484 (Address
 * Incomplete). The agent codes run through the contact center (agent-feature-route.ts).
 */
import { channel, routing, type call, type Logger } from '../../actors/index.ts';
import { MAILBOX_FEATURES, mailboxConsultOutcome } from './mailbox-consult-route.ts';
import { AGENT_FEATURES, agentFeatureOutcome, callerPhone, type AgentCodeCaller, type AgentFeaturePort } from './agent-feature-route.ts';
import { findUserCallSettings, loadFeatureExtensions, setUserForward, setUserService, type Queryable, type UserForwardName, type UserUuid } from '../../store/index.ts';

/** Publishes a configuration change as confd does (`required_acl` `events.<routingKey>`). */
export type PublishConfigChange = (tenantUuid: string, name: string, routingKey: string, data: unknown) => void;

/** What {@link featureOutcome} needs. */
export interface FeatureRouteOptions {
  readonly database: Queryable;
  readonly publishConfigChange?: PublishConfigChange;
  readonly logger: Pick<Logger, 'warn' | 'error'>;
  /** The node's contact center, for the agent codes; without it they are refused with 480. */
  readonly agents?: AgentFeaturePort;
}

/** The user who dialed the code. */
export interface FeatureUser {
  readonly uuid: string;
  readonly tenantUuid: string;
  /** Where the user dials from (the agent codes log an agent in at that phone). */
  readonly dialing?: Omit<AgentCodeCaller, 'tenantUuid'>;
}

/** The codes a password challenge routes again with the digits entered. */
const PASSWORD_FEATURES: ReadonlySet<string> = new Set([...MAILBOX_FEATURES, ...AGENT_FEATURES]);

/** Confirmation sounds (Asterisk core sounds, as Wazo plays them). */
export const FEATURE_SOUNDS = { on: 'activated', off: 'de-activated' } as const;

const ALL_FORWARDS: readonly UserForwardName[] = ['busy', 'noanswer', 'unconditional'];

/** Runs the feature `match` for `user` and answers the call's outcome. */
export async function featureOutcome(options: FeatureRouteOptions, match: routing.FeatureCodeMatch, user: FeatureUser): Promise<call.RouteOutcome> {
  const action = routing.featureAction(match);
  const userUuid = user.uuid as UserUuid;
  const publish = (name: string, routingKey: string, data: unknown): void => options.publishConfigChange?.(user.tenantUuid, name, routingKey, data);
  const confirm = (on: boolean): call.RouteOutcome => ({ type: 'feature', feature: match.feature, sound: on ? FEATURE_SOUNDS.on : FEATURE_SOUNDS.off, tenantUuid: user.tenantUuid });
  switch (action.type) {
    case 'unavailable':
      options.logger.warn({ feature: action.feature, userUuid }, `feature code refused: ${action.reason}`);
      return refuse(480, `feature ${action.feature} ${action.reason}`);
    case 'invalid-argument':
      return refuse(484, `feature ${action.feature}: ${action.argument} is not a number`);
    case 'service.toggle': {
      const settings = await findUserCallSettings(options.database, userUuid);
      if (settings === undefined) return refuse(404, 'the user is gone');
      const enabled = !settings.services[action.service].enabled;
      const written = await setUserService(options.database, userUuid, action.service, enabled);
      if (written.type === 'error') return failed(options, match.feature, written.message);
      publish(`users_services_${action.service}_updated`, `config.users.${userUuid}.services.${action.service}.updated`, { user_uuid: userUuid, enabled });
      return confirm(enabled);
    }
    case 'forward.set':
    case 'forwards.disable_all': {
      const settings = await findUserCallSettings(options.database, userUuid);
      if (settings === undefined) return refuse(404, 'the user is gone');
      const names = action.type === 'forward.set' ? [action.forward] : ALL_FORWARDS;
      const destination = action.type === 'forward.set' ? action.destination : null;
      for (const name of names) {
        // Disabling keeps the destination, as Wazo's `*21` alone does.
        const value = destination === null ? { enabled: false, destination: settings.forwards[name].destination } : { enabled: true, destination };
        const written = await setUserForward(options.database, userUuid, name, value);
        if (written.type === 'error') return failed(options, match.feature, written.message);
        publish(`users_forwards_${name}_updated`, `config.users.${userUuid}.forwards.${name}.updated`, { user_uuid: userUuid, ...value });
      }
      return confirm(destination !== null);
    }
    case 'agent':
      return agentFeatureOutcome(options, match.feature, action, { tenantUuid: user.tenantUuid, ...(user.dialing ?? { phone: undefined, dialed: '', context: '' }) });
    default:
      return assertNever(action);
  }
}

function failed(options: FeatureRouteOptions, feature: string, reason: string): call.RouteOutcome {
  options.logger.error({ feature, reason }, 'feature code not applied');
  return refuse(503, `feature ${feature} not applied`);
}

function refuse(status: number, text: string): call.RouteOutcome {
  return { type: 'refuse', cause: channel.causeFromSip(status, text) };
}

function assertNever(value: never): never {
  throw new Error(`unexpected feature action ${JSON.stringify(value)}`);
}

/** What {@link featureCodeCall} reads of the loaded dialplan. */
export interface FeatureCodeTables {
  readonly table: routing.RoutingTable;
  readonly features: routing.FeatureCodes;
  /** Each user's tenant, by user uuid. */
  readonly tenants: ReadonlyMap<string, string>;
}

/**
 * The outcome of a dialed number that is a feature code of the calling user, or undefined when it
 * is not one (then the number routes as usual).
 *
 * @remarks Wazo's internal contexts include xivo-features: a context's own (and otherwise
 * included) extensions come first, so a code is looked up only when nothing else matches. A caller
 * that is not a user (a trunk) has no feature codes: its number routes, and is not found, as usual.
 * Only a number the user dialed runs a code (not a forward's, a transfer's or an IVR's).
 */
export async function featureCodeCall(
  options: FeatureRouteOptions, tables: FeatureCodeTables,
  request: { readonly context: string; readonly dialed: string; readonly reason: call.RouteReason; readonly password?: string }, caller: routing.Caller,
): Promise<call.RouteOutcome | undefined> {
  // A mailbox's or an agent's password challenge routes the code again with the digits (reason `password`).
  if (caller.type !== 'user' || (request.reason !== 'dialed' && request.reason !== 'password')) return undefined;
  if (routing.findExtension(tables.table, request.context, request.dialed) !== undefined) return undefined;
  const match = routing.matchFeatureCode(tables.features, request.dialed);
  if (match === undefined || (request.reason === 'password' && !PASSWORD_FEATURES.has(match.feature))) return undefined;
  const user = tables.table.users.get(caller.userId);
  const tenantUuid = user === undefined ? undefined : tables.tenants.get(user.uuid);
  if (user === undefined || tenantUuid === undefined) return refuse(404, 'the calling user left the dialplan');
  if (MAILBOX_FEATURES.has(match.feature)) {
    return mailboxConsultOutcome(options.database, match, {
      userId: Number(caller.userId), tenantUuid, context: request.context, dialed: request.dialed, ...(request.password === undefined ? {} : { password: request.password }),
    });
  }
  const dialing = { phone: callerPhone(tables.table, request.context, caller.userId), dialed: request.dialed, context: request.context, ...(request.password === undefined ? {} : { password: request.password }) };
  return featureOutcome(options, match, { uuid: user.uuid, tenantUuid, dialing });
}

/** The enabled feature codes from the store; a code whose exten does not compile is left out with a warning. */
export async function loadFeatureCodes(database: Queryable, logger: Pick<Logger, 'warn'>): Promise<routing.FeatureCodes> {
  const { codes, problems } = routing.compileFeatureCodes(await loadFeatureExtensions(database));
  for (const problem of problems) logger.warn({ feature: problem.code.feature, reason: problem.reason }, 'feature code left out');
  return codes;
}
