/**
 * The agent feature codes (seed CC-01, Wazo's `agentstaticlogin`, `agentstaticlogoff`,
 * `agentstaticlogtoggle`: `*31<number>`, `*32<number>`, `*30<number>`): a user logs the agent of
 * that number, in their tenant, in at the phone they dial from, off, or either, through the
 * contact center's agentd port; the call then answers, plays the confirmation and hangs up.
 *
 * @remarks
 * The phone is the caller's extension in the context the call is routed in (the calling line's),
 * as Wazo's dialplan passes `XIVO_SRCNUM` and the base context to agentd's login. An agent with a
 * password is asked for it before a login (the call's password challenge with Asterisk's
 * `agent-pass`, as chan_agent's AgentLogin asked), never before a logoff. The confirmations are the
 * Asterisk core sounds of chan_agent: `agent-loginok`, `agent-loggedoff`, `agent-alreadylogged`,
 * and `agent-incorrect` for an unknown agent, a phone without an extension or one another agent
 * holds. Logging off an agent already logged off confirms `agent-loggedoff`: what was asked holds.
 * Without a contact center on the node the codes are refused with 480, as every feature without
 * its engine.
 */
import { channel, type call, type Logger, type routing } from '../../actors/index.ts';
import type { AgentCommandResult, AgentdPort } from '../../api/index.ts';
import { findAgentByNumber, type Queryable } from '../../store/index.ts';
import { passwordMatches } from './permission-route.ts';

/** What the agent codes ask of the contact center. */
export type AgentFeaturePort = Pick<AgentdPort, 'agent' | 'login' | 'logoff'>;

/** The feature names of the agent codes (they may be routed again with a password). */
export const AGENT_FEATURES: ReadonlySet<string> = new Set(['agentstaticlogin', 'agentstaticlogoff', 'agentstaticlogtoggle']);

/** Confirmation sounds (Asterisk core sounds of chan_agent). */
export const AGENT_FEATURE_SOUNDS = { loggedIn: 'agent-loginok', loggedOff: 'agent-loggedoff', alreadyLogged: 'agent-alreadylogged', incorrect: 'agent-incorrect' } as const;

/** The phone an agent logs in at. */
export interface AgentPhone {
  readonly extension: string;
  readonly context: string;
}

/** Who dials an agent code, from where, with the digits of a password prompt if any. */
export interface AgentCodeCaller {
  readonly tenantUuid: string;
  /** The caller's extension; undefined when their line has none in the context. */
  readonly phone: AgentPhone | undefined;
  readonly dialed: string;
  readonly context: string;
  readonly password?: string;
}

/** What {@link agentFeatureOutcome} needs. */
export interface AgentFeatureOptions {
  readonly database: Queryable;
  readonly agents?: AgentFeaturePort;
  readonly logger: Pick<Logger, 'warn' | 'error'>;
}

/**
 * The caller's extension in `context`: the first literal extension of the context leading to the
 * user, in the table's (Asterisk's) order.
 */
export function callerPhone(table: routing.RoutingTable, context: string, userId: routing.UserId): AgentPhone | undefined {
  const found = table.extensionsByContext.get(context)?.find((compiled) =>
    compiled.pattern.type === 'literal' && compiled.extension.destination.type === 'user' && compiled.extension.destination.userId === userId);
  return found === undefined ? undefined : { extension: found.extension.exten, context };
}

/** Runs an agent code for `caller` and answers the call's outcome. */
export async function agentFeatureOutcome(
  options: AgentFeatureOptions, feature: string, action: Extract<routing.FeatureAction, { type: 'agent' }>, caller: AgentCodeCaller,
): Promise<call.RouteOutcome> {
  const { agents } = options;
  if (agents === undefined) {
    options.logger.warn({ feature }, 'feature code refused: no contact center on this node');
    return { type: 'refuse', cause: channel.causeFromSip(480, `feature ${feature} not available on this node`) };
  }
  const confirm = (sound: string): call.RouteOutcome => ({ type: 'feature', feature, sound, tenantUuid: caller.tenantUuid });
  const ref = { by: 'number', number: action.agentNumber } as const;
  const tenants = [caller.tenantUuid];
  let command = action.command;
  if (command === 'toggle') {
    const status = await agents.agent(ref, tenants);
    if (status === undefined) return confirm(AGENT_FEATURE_SOUNDS.incorrect);
    command = status.logged ? 'logoff' : 'login';
  }
  if (command === 'logoff') {
    const result = await agents.logoff(ref, tenants);
    return confirm(result.type === 'done' || (result.type === 'refused' && result.code === 'not_logged_in') ? AGENT_FEATURE_SOUNDS.loggedOff : AGENT_FEATURE_SOUNDS.incorrect);
  }
  const agent = await findAgentByNumber(options.database, caller.tenantUuid, action.agentNumber);
  if (agent === undefined || caller.phone === undefined) return confirm(AGENT_FEATURE_SOUNDS.incorrect);
  if (agent.passwd !== '' && (caller.password === undefined || !passwordMatches(caller.password, agent.passwd))) {
    return { type: 'challenge', tenantUuid: caller.tenantUuid, request: { dialed: caller.dialed, context: caller.context } };
  }
  return confirm(loginSound(await agents.login(ref, tenants, caller.phone)));
}

function loginSound(result: AgentCommandResult): string {
  if (result.type === 'done') return AGENT_FEATURE_SOUNDS.loggedIn;
  if (result.type === 'refused' && result.code === 'already_logged_in') return AGENT_FEATURE_SOUNDS.alreadyLogged;
  return AGENT_FEATURE_SOUNDS.incorrect;
}
