/**
 * agentd's verbs over the node's agents and queues (seed CC-01, CC-02, CC-10): status from the
 * agent actors' snapshots, commands asked of them, queue statistics from the queue actors'
 * snapshots and the statistics tables of the current hour.
 *
 * @remarks
 * An agent logs in at an `extension@context` that must be the extension of a user's line in the
 * agent's tenant (`no_such_extension`), and that no other agent is logged in at
 * (`extension_in_use`), as Wazo agentd refuses both. Pause and unpause apply to every queue.
 */
import { agent, queue } from '../../actors/index.ts';
import type { AgentCommandResult, AgentdPort, AgentRef, AgentStatusView, QueueLiveStatistics } from '../../api/index.ts';
import type { QueueHourCounts } from '../../store/index.ts';
import type { AgentEntry, ContactCenterContext } from './contact-center-context.ts';
import type { QueueConfiguration } from './queue-configuration.ts';
import { HISTORY_SLOT_MS, HISTORY_WINDOW_MS, type WaitingHistory } from './waiting-history.ts';

export interface ContactCenterAgentdOptions {
  readonly context: ContactCenterContext;
  readonly now: () => number;
  readonly agents: () => Iterable<AgentEntry>;
  readonly queues: () => Iterable<QueueConfiguration>;
  readonly queueSnapshot: (queueId: number) => queue.QueueSnapshot | undefined;
  readonly hourCounts: (queueName: string, hourMs: number, serviceLevelSeconds: number) => Promise<QueueHourCounts>;
  /** When the agent's present state began (agent-state-clock.ts). */
  readonly stateSince: (snapshot: agent.AgentSnapshot) => number | null;
  readonly waitingHistory: WaitingHistory;
}

const ACTIVITY: Readonly<Record<agent.AgentState, AgentStatusView['activity']>> = { loggedOut: 'logged_out', idle: 'available', offered: 'ringing', onCall: 'on_call', wrapup: 'wrapup' };

export function createContactCenterAgentd(options: ContactCenterAgentdOptions): AgentdPort {
  const { context } = options;
  const inTenants = (tenantUuids: readonly string[]) => (entry: { readonly tenantUuid: string }) => tenantUuids.includes(entry.tenantUuid);
  const find = (ref: AgentRef, tenantUuids: readonly string[]): AgentEntry | undefined =>
    [...options.agents()].find((entry) => inTenants(tenantUuids)(entry) && (ref.by === 'id' ? entry.id === ref.id : entry.number === ref.number));

  const view = (entry: AgentEntry): AgentStatusView => {
    const snapshot = context.agentSnapshot(entry.id);
    const login = snapshot?.login;
    return {
      id: entry.id, number: entry.number, tenantUuid: entry.tenantUuid,
      logged: snapshot !== undefined && snapshot.state !== 'loggedOut',
      paused: snapshot?.paused !== undefined, pausedReason: snapshot?.paused?.reason ?? null,
      extension: login?.extension ?? null, context: login?.context ?? null,
      activity: ACTIVITY[snapshot?.state ?? 'loggedOut'],
      onNonAcdCall: (snapshot?.nonAcdCalls.length ?? 0) > 0 || phoneBusy(snapshot),
      stateInterface: queue.agentInterface(entry.number),
      queues: entry.queueIds.flatMap((queueId) => {
        const configuration = context.queue(queueId);
        return configuration === undefined ? [] : [{ id: queueId, name: configuration.name, displayName: configuration.label }];
      }),
      currentCallId: snapshot?.acdCall?.callId ?? snapshot?.nonAcdCalls[0] ?? null,
      stateSinceMs: snapshot === undefined ? null : options.stateSince(snapshot),
      skills: entry.skills,
    };
  };
  const phoneBusy = (snapshot: agent.AgentSnapshot | undefined): boolean => {
    const login = snapshot?.login;
    const line = login === undefined || snapshot === undefined ? undefined : context.phoneBook().at(snapshot.tenantUuid, login.extension, login.context);
    return line !== undefined && context.activeCalls(line.userId) > 0;
  };

  const ask = async (agentId: number, message: agent.AgentMessage): Promise<agent.AgentReply | undefined> => {
    const answer = await context.system.lookup<agent.AgentMessage>(agent.agentAddress(agentId))?.ask<agent.AgentReply>(message, context.askTimeoutMs);
    return answer?.type === 'replied' ? answer.reply : undefined;
  };
  const commandResult = (reply: agent.AgentReply | undefined): AgentCommandResult => {
    if (reply === undefined) return { type: 'no-agent' };
    if (reply.type === 'agent.refused') return { type: 'refused', code: reply.reason, message: reply.reason === 'already_logged_in' ? 'the agent is already logged in' : 'the agent is not logged in' };
    return { type: 'done' };
  };

  const login = async (entry: AgentEntry, at: { readonly extension: string; readonly context: string }): Promise<AgentCommandResult> => {
    if (context.phoneBook().at(entry.tenantUuid, at.extension, at.context) === undefined) return { type: 'refused', code: 'no_such_extension', message: `${at.extension}@${at.context} is no extension of a user's line` };
    const holder = [...options.agents()].find((other) => {
      const other_login = other.id === entry.id ? undefined : context.agentSnapshot(other.id)?.login;
      return other_login !== undefined && other_login.extension === at.extension && other_login.context === at.context;
    });
    if (holder !== undefined) return { type: 'refused', code: 'extension_in_use', message: `agent ${holder.number} is logged in at ${at.extension}@${at.context}` };
    return commandResult(await ask(entry.id, { type: 'agent.login', extension: at.extension, context: at.context }));
  };

  const statistics = async (configuration: QueueConfiguration): Promise<QueueLiveStatistics> => {
    const snapshot = options.queueSnapshot(configuration.queueId);
    const at = options.now();
    const members = snapshot?.members ?? [];
    const talking = new Set(snapshot?.connected.map((connected) => connected.memberId));
    const counts = await options.hourCounts(configuration.name, queue.hourOf(at), configuration.serviceLevelSeconds);
    const oldest = Math.min(...(snapshot?.waiting.map((call) => call.enteredAtMs) ?? []), at);
    return {
      queueId: configuration.queueId, name: configuration.name, tenantUuid: configuration.tenantUuid,
      waitingCalls: snapshot?.waiting.length ?? 0,
      longestWaitSeconds: Math.max(0, Math.round((at - oldest) / 1000)),
      estimatedWaitSeconds: Math.round(snapshot?.waitEstimateSeconds ?? 0),
      members: {
        loggedIn: members.filter((member) => member.loggedIn).length,
        available: members.filter((member) => member.loggedIn && member.available && !member.paused && !talking.has(member.memberId)).length,
        talking: members.filter((member) => talking.has(member.memberId)).length,
        paused: members.filter((member) => member.loggedIn && member.paused).length,
        loggedOut: members.filter((member) => !member.loggedIn).length,
      },
      answered: counts.answered,
      abandoned: counts.abandoned,
      serviceLevelSeconds: configuration.serviceLevelSeconds,
      serviceLevelPercent: counts.answered === 0 ? null : Math.round((1000 * counts.answeredWithinServiceLevel) / counts.answered) / 10,
    };
  };

  const loggedIn = (tenantUuids: readonly string[]) => [...options.agents()].filter(inTenants(tenantUuids)).filter((entry) => context.agentSnapshot(entry.id)?.login !== undefined);

  return {
    agents: async (tenantUuids) => [...options.agents()].filter(inTenants(tenantUuids)).map(view),
    async agent(ref, tenantUuids) {
      const entry = find(ref, tenantUuids);
      return entry === undefined ? undefined : view(entry);
    },
    async login(ref, tenantUuids, at) {
      const entry = find(ref, tenantUuids);
      return entry === undefined ? { type: 'no-agent' } : login(entry, at);
    },
    async logoff(ref, tenantUuids) {
      const entry = find(ref, tenantUuids);
      return entry === undefined ? { type: 'no-agent' } : commandResult(await ask(entry.id, { type: 'agent.logout' }));
    },
    async pause(ref, tenantUuids, reason) {
      const entry = find(ref, tenantUuids);
      if (entry === undefined) return { type: 'no-agent' };
      const snapshot = context.agentSnapshot(entry.id);
      if (snapshot === undefined || snapshot.state === 'loggedOut') return { type: 'refused', code: 'not_logged_in', message: 'the agent is not logged in' };
      if (snapshot.paused !== undefined) return { type: 'refused', code: 'already_paused', message: 'the agent is already paused' };
      await ask(entry.id, { type: 'agent.pause', reason });
      return { type: 'done' };
    },
    async unpause(ref, tenantUuids) {
      const entry = find(ref, tenantUuids);
      if (entry === undefined) return { type: 'no-agent' };
      const snapshot = context.agentSnapshot(entry.id);
      if (snapshot === undefined || snapshot.state === 'loggedOut') return { type: 'refused', code: 'not_logged_in', message: 'the agent is not logged in' };
      if (snapshot.paused === undefined) return { type: 'refused', code: 'not_paused', message: 'the agent is not paused' };
      await ask(entry.id, { type: 'agent.unpause' });
      return { type: 'done' };
    },
    async logoffAll(tenantUuids) {
      await Promise.all(loggedIn(tenantUuids).map((entry) => ask(entry.id, { type: 'agent.logout' })));
    },
    async relogAll(tenantUuids) {
      await Promise.all(loggedIn(tenantUuids).map(async (entry) => {
        const at = context.agentSnapshot(entry.id)?.login;
        if (at === undefined) return;
        await ask(entry.id, { type: 'agent.logout', reason: 'Relog' });
        await ask(entry.id, { type: 'agent.login', extension: at.extension, context: at.context });
      }));
    },
    async queueStatistics(tenantUuids, queueId) {
      const chosen = [...options.queues()].filter(inTenants(tenantUuids)).filter((configuration) => queueId === undefined || configuration.queueId === queueId);
      return Promise.all(chosen.map(statistics));
    },
    async waitingHistory(tenantUuids, queueId) {
      const at = options.now();
      return [...options.queues()].filter(inTenants(tenantUuids)).filter((configuration) => queueId === undefined || configuration.queueId === queueId).map((configuration) => ({
        queueId: configuration.queueId, name: configuration.name, tenantUuid: configuration.tenantUuid,
        windowSeconds: HISTORY_WINDOW_MS / 1000, slotSeconds: HISTORY_SLOT_MS / 1000, sinceMs: options.waitingHistory.sinceMs,
        samples: options.waitingHistory.samples(configuration.queueId, at),
      }));
    },
  };
}
