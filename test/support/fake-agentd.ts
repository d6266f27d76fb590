/**
 * An in-memory agentd port for the handler tests of agentd's routes and the agent feature codes:
 * agents and queue statistics placed by the test, the phones agents may log in at, and the rules
 * the engine answers by (an agent of another tenant is not found; logging in twice, at a phone
 * another agent holds, or logging off, pausing or unpausing in the wrong state is refused), with
 * every command recorded.
 */
import type { AgentCommandResult, AgentdPort, AgentRef, AgentStatusView, QueueLiveStatistics, QueueWaitingHistory } from '../../api/index.ts';

export interface FakeAgentd extends AgentdPort {
  readonly agentsById: Map<number, AgentStatusView>;
  readonly statistics: QueueLiveStatistics[];
  readonly histories: QueueWaitingHistory[];
  /** The phones that exist, as `extension@context`. */
  readonly phones: Set<string>;
  /** The commands run, as `login 7 1001@default`, `logoff 7`, `pause 7 lunch`, `logoffAll tenant-a`. */
  readonly commands: string[];
}

/** A logged-out agent of `tenantUuid`, with whatever the test overrides. */
export function fakeAgent(id: number, number: string, tenantUuid: string, overrides: Partial<AgentStatusView> = {}): AgentStatusView {
  return {
    id, number, tenantUuid, logged: false, paused: false, pausedReason: null, extension: null, context: null,
    activity: 'logged_out', onNonAcdCall: false, stateInterface: `Agent/${number}`, queues: [],
    currentCallId: null, stateSinceMs: null, skills: [], ...overrides,
  };
}

export function createFakeAgentd(): FakeAgentd {
  const agentsById = new Map<number, AgentStatusView>();
  const statistics: QueueLiveStatistics[] = [];
  const histories: QueueWaitingHistory[] = [];
  const phones = new Set<string>();
  const commands: string[] = [];
  const find = (ref: AgentRef, tenantUuids: readonly string[]): AgentStatusView | undefined =>
    [...agentsById.values()].find((agent) => tenantUuids.includes(agent.tenantUuid) && (ref.by === 'id' ? agent.id === ref.id : agent.number === ref.number));
  const refused = (code: Extract<AgentCommandResult, { type: 'refused' }>['code'], message: string): AgentCommandResult => ({ type: 'refused', code, message });
  const put = (agent: AgentStatusView, changes: Partial<AgentStatusView>): AgentCommandResult => {
    agentsById.set(agent.id, { ...agent, ...changes });
    return { type: 'done' };
  };
  const loggedOut: Partial<AgentStatusView> = { logged: false, paused: false, pausedReason: null, extension: null, context: null, activity: 'logged_out' };
  return {
    agentsById, statistics, histories, phones, commands,
    agents: (tenantUuids) => Promise.resolve([...agentsById.values()].filter((agent) => tenantUuids.includes(agent.tenantUuid))),
    agent: (ref, tenantUuids) => Promise.resolve(find(ref, tenantUuids)),
    login(ref, tenantUuids, at) {
      const agent = find(ref, tenantUuids);
      if (agent === undefined) return Promise.resolve({ type: 'no-agent' });
      commands.push(`login ${agent.id} ${at.extension}@${at.context}`);
      if (agent.logged) return Promise.resolve(refused('already_logged_in', `agent ${agent.number} is already logged in`));
      if (!phones.has(`${at.extension}@${at.context}`)) return Promise.resolve(refused('no_such_extension', `no such extension: ${at.extension}@${at.context}`));
      if ([...agentsById.values()].some((other) => other.logged && other.extension === at.extension && other.context === at.context)) {
        return Promise.resolve(refused('extension_in_use', `extension ${at.extension}@${at.context} is in use by another agent`));
      }
      return Promise.resolve(put(agent, { logged: true, extension: at.extension, context: at.context, activity: 'available' }));
    },
    logoff(ref, tenantUuids) {
      const agent = find(ref, tenantUuids);
      if (agent === undefined) return Promise.resolve({ type: 'no-agent' });
      commands.push(`logoff ${agent.id}`);
      return Promise.resolve(agent.logged ? put(agent, loggedOut) : refused('not_logged_in', `agent ${agent.number} is not logged in`));
    },
    pause(ref, tenantUuids, reason) {
      const agent = find(ref, tenantUuids);
      if (agent === undefined) return Promise.resolve({ type: 'no-agent' });
      commands.push(`pause ${agent.id} ${reason}`);
      if (!agent.logged) return Promise.resolve(refused('not_logged_in', `agent ${agent.number} is not logged in`));
      return Promise.resolve(agent.paused ? refused('already_paused', `agent ${agent.number} is already paused`) : put(agent, { paused: true, pausedReason: reason }));
    },
    unpause(ref, tenantUuids) {
      const agent = find(ref, tenantUuids);
      if (agent === undefined) return Promise.resolve({ type: 'no-agent' });
      commands.push(`unpause ${agent.id}`);
      if (!agent.logged) return Promise.resolve(refused('not_logged_in', `agent ${agent.number} is not logged in`));
      return Promise.resolve(agent.paused ? put(agent, { paused: false, pausedReason: null }) : refused('not_paused', `agent ${agent.number} is not paused`));
    },
    logoffAll(tenantUuids) {
      commands.push(`logoffAll ${tenantUuids.join(',')}`);
      for (const agent of agentsById.values()) if (agent.logged && tenantUuids.includes(agent.tenantUuid)) put(agent, loggedOut);
      return Promise.resolve();
    },
    relogAll(tenantUuids) {
      commands.push(`relogAll ${tenantUuids.join(',')}`);
      return Promise.resolve();
    },
    queueStatistics: (tenantUuids, queueId) =>
      Promise.resolve(statistics.filter((queue) => tenantUuids.includes(queue.tenantUuid) && (queueId === undefined || queue.queueId === queueId))),
    waitingHistory: (tenantUuids, queueId) =>
      Promise.resolve(histories.filter((queue) => tenantUuids.includes(queue.tenantUuid) && (queueId === undefined || queue.queueId === queueId))),
  };
}
