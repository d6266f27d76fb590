/**
 * A queue's configuration as its actor runs it (seed CC-02..CC-05): the settings read from confd's
 * columns and Asterisk `options` pairs, and its members named as queue_log names them.
 *
 * @remarks
 * Read as Asterisk reads queues.conf: `strategy`, `timeout` (the member reachability timeout),
 * `retry`, `timeoutpriority` (`app`: the queue time wins, `conf`: the attempt in progress
 * finishes; Asterisk's default is `app`), `joinempty`, `leavewhenempty`, `maxlen`, `wrapuptime`
 * and `servicelevel`. confd's `timeout` column is the queue time (Wazo's ringing time, null or 0
 * for none) and `retry_on_timeout` false removes the pause between attempts. A diversion threshold
 * counts only when its destination is set: without one a diverted call would have nowhere to go.
 * Values that do not read are left at their defaults (confd checks them before they are stored).
 * Pure.
 */
import { queue } from '../../actors/index.ts';
import type { QueueRow } from '../../store/index.ts';

/** What the contact center needs of an agent to name it as a member. */
export interface MemberAgent {
  readonly id: number;
  readonly number: string;
  readonly skills: readonly { readonly name: string; readonly weight: number }[];
}

/** A queue as the contact center runs it. */
export interface QueueConfiguration {
  readonly queueId: number;
  readonly tenantUuid: string;
  readonly name: string;
  readonly label: string;
  readonly settings: queue.QueueSettings;
  /** Seconds an agent rests after a call of this queue (`wrapuptime`); 0 for none. */
  readonly wrapupSeconds: number;
  /** The answer time the service level counts within (`servicelevel`). */
  readonly serviceLevelSeconds: number;
  readonly members: readonly queue.QueueMemberConfig[];
}

/** The service level of a queue whose options set none (seconds). */
export const DEFAULT_SERVICE_LEVEL_SECONDS = 20;

/** The queue member id of an agent. */
export const agentMemberId = (agentId: number): string => `agent:${agentId}`;
/** The queue member id of a user. */
export const userMemberId = (userId: number): string => `user:${userId}`;

/** The agent id or user id a member id names. */
export function memberOf(memberId: string): { readonly kind: 'agent' | 'user'; readonly id: number } | undefined {
  const match = /^(agent|user):([0-9]{1,9})$/.exec(memberId);
  if (match === null) return undefined;
  return { kind: match[1] as 'agent' | 'user', id: Number(match[2]) };
}

/**
 * The queue_log name of a user member: `PJSIP/<username>` of the user's first line with a SIP
 * endpoint (the seed's interfaces are PJSIP ones), `Local/<user uuid>` for a user without one.
 */
export function userInterface(user: { readonly uuid: string; readonly usernames: readonly string[] }): string {
  const username = user.usernames[0];
  return username === undefined ? `Local/${user.uuid}` : `PJSIP/${username}`;
}

const wholeNumber = (text: string | undefined): number | undefined => (text !== undefined && /^[0-9]{1,6}$/.test(text) ? Number(text) : undefined);

/** The settings, wrap-up and service level a queue row gives. */
export function queueSettingsOf(row: Pick<QueueRow, 'options' | 'timeout' | 'retryOnTimeout' | 'waitTimeThreshold' | 'waitTimeDestination' | 'waitRatioThreshold' | 'waitRatioDestination'>): Pick<QueueConfiguration, 'settings' | 'wrapupSeconds' | 'serviceLevelSeconds'> {
  const options = new Map(row.options.map(([key, value]) => [key, value]));
  const defaults = queue.DEFAULT_QUEUE_SETTINGS;
  const strategy = options.get('strategy');
  const empty = (key: 'joinempty' | 'leavewhenempty'): queue.EmptyCondition[] => {
    const text = options.get(key);
    const parsed = text === undefined ? undefined : queue.parseEmptyConditions(text, key);
    return parsed?.type === 'ok' ? [...parsed.conditions] : [];
  };
  const settings: queue.QueueSettings = {
    strategy: strategy !== undefined && (queue.QUEUE_STRATEGIES as readonly string[]).includes(strategy) ? (strategy as queue.QueueStrategy) : defaults.strategy,
    memberTimeoutSeconds: wholeNumber(options.get('timeout')) ?? defaults.memberTimeoutSeconds,
    retrySeconds: row.retryOnTimeout ? (wholeNumber(options.get('retry')) ?? defaults.retrySeconds) : 0,
    queueTimeoutSeconds: row.timeout ?? 0,
    timeoutPriority: options.get('timeoutpriority') === 'conf' ? 'configuration' : 'dialplan',
    joinEmpty: empty('joinempty'),
    leaveWhenEmpty: empty('leavewhenempty'),
    maxLength: wholeNumber(options.get('maxlen')) ?? 0,
    penaltyMembersLimit: defaults.penaltyMembersLimit,
    ...(row.waitTimeThreshold !== null && row.waitTimeDestination !== null ? { waitTimeThreshold: row.waitTimeThreshold } : {}),
    ...(row.waitRatioThreshold !== null && row.waitRatioDestination !== null ? { waitRatioThreshold: row.waitRatioThreshold } : {}),
  };
  return { settings, wrapupSeconds: wholeNumber(options.get('wrapuptime')) ?? 0, serviceLevelSeconds: wholeNumber(options.get('servicelevel')) || DEFAULT_SERVICE_LEVEL_SECONDS };
}

/**
 * The members of a queue in the order they were defined (by priority, agents before users at the
 * same priority), agents named `Agent/<number>` with their skills, users by their interface.
 * An agent or user the configuration no longer has is left out.
 */
export function queueMembersOf(
  row: Pick<QueueRow, 'agents' | 'users'>,
  agents: ReadonlyMap<number, MemberAgent>,
  users: ReadonlyMap<number, { readonly uuid: string; readonly usernames: readonly string[] }>,
): queue.QueueMemberConfig[] {
  const entries = [
    ...row.agents.map((member) => ({ kind: 'agent' as const, ...member })),
    ...row.users.map((member) => ({ kind: 'user' as const, ...member })),
  ].sort((left, right) => left.priority - right.priority || (left.kind === right.kind ? 0 : left.kind === 'agent' ? -1 : 1));
  const members: queue.QueueMemberConfig[] = [];
  for (const entry of entries) {
    if (entry.kind === 'agent') {
      const agent = agents.get(entry.id);
      if (agent === undefined) continue;
      members.push({ memberId: agentMemberId(agent.id), kind: 'agent', name: queue.agentInterface(agent.number), position: members.length, penalty: entry.penalty, skills: Object.fromEntries(agent.skills.map((skill) => [skill.name, skill.weight])) });
    } else {
      const user = users.get(entry.id);
      if (user === undefined) continue;
      members.push({ memberId: userMemberId(entry.id), kind: 'user', name: userInterface(user), position: members.length, penalty: entry.penalty, skills: {} });
    }
  }
  return members;
}

/** The whole configuration of a queue. */
export function queueConfigurationOf(
  row: QueueRow,
  agents: ReadonlyMap<number, MemberAgent>,
  users: ReadonlyMap<number, { readonly uuid: string; readonly usernames: readonly string[] }>,
): QueueConfiguration {
  return { queueId: row.id, tenantUuid: row.tenantUuid, name: row.name, label: row.label, ...queueSettingsOf(row), members: queueMembersOf(row, agents, users) };
}
