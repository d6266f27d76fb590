/**
 * agentd's verbs as commands of the control WebSocket, for the console's "Agents" and "Queues":
 * `agents.list`, `agents.logoff`, `agents.pause`, `agents.unpause`, `queues.statistics` and
 * `queues.waiting_history`. Each requires the ACL of the agentd REST route it mirrors
 * (`agents.pause {agent_id: 7}` needs `agentd.agents.by-id.7.pause.create` like
 * `POST /agents/by-id/7/pause`) and acts only on the agents and queues of the tenants the token
 * sees: another tenant's agent is `not_found`, as agentd answers 404.
 *
 * @remarks
 * agentd's 409 refusals (not logged in, already paused, not paused) are `invalid_state` with
 * agentd's message, as the call commands answer a verb that does not apply now. The waiting
 * history has no REST route: it is a queue statistic, so it needs the statistics' ACLs
 * (`agentd.queues.statistics.read`, or `agentd.queues.{queue_id}.statistics.read` for one queue).
 * A contact center that cannot be reached (no node runs it now) is `unavailable`.
 */
import { z } from 'zod';
import { isServiceUnavailable } from '../http/service-unavailable.ts';
import { controlCommand, type CommandOutcome, type CommandRegistry } from '../ws/control-commands.ts';
import { agentConsoleModel } from './agent-console-model.ts';
import type { AgentCommandResult, AgentdPort, QueueWaitingHistory } from './agentd-port.ts';
import { queueStatisticsModel } from './queue-statistics-model.ts';

const MAX_ID = 2_147_483_647;
const id = z.number().int().positive().max(MAX_ID);
const byAgent = z.object({ agent_id: id }).strict();
const pauseArgs = z.object({
  agent_id: id,
  reason: z.string().max(80).refine((reason) => !/[\u0000-\u001f\u007f]/.test(reason), 'must not hold control characters').optional(),
}).strict();

const ok = (result: unknown): CommandOutcome => ({ type: 'ok', result });
const failure = (code: string, message: string): CommandOutcome => ({ type: 'error', error: { code, message } });

function outcome(result: AgentCommandResult): CommandOutcome {
  switch (result.type) {
    case 'done':
      return ok({ done: true });
    case 'no-agent':
      return failure('not_found', 'no such agent');
    case 'refused':
      return failure('invalid_state', result.message);
  }
}

/** Runs a port verb; a contact center no node runs now (or not running here) is `unavailable`. */
export async function guarded(verb: () => Promise<CommandOutcome>): Promise<CommandOutcome> {
  try {
    return await verb();
  } catch (error) {
    if (isServiceUnavailable(error)) return failure('unavailable', error.message);
    throw error;
  }
}

/** The snake_case model of a queue's waiting history. */
function waitingHistoryModel(history: QueueWaitingHistory): unknown {
  return {
    queue_id: history.queueId, name: history.name, tenant_uuid: history.tenantUuid,
    window_seconds: history.windowSeconds, slot_seconds: history.slotSeconds, since_ms: history.sinceMs,
    samples: history.samples.map((sample) => ({ at_ms: sample.atMs, waiting: sample.waiting, max_waiting: sample.maxWaiting })),
  };
}

export function agentdCommands(port: AgentdPort): CommandRegistry {
  const agentVerb = (verb: 'logoff' | 'pause' | 'unpause', summary: string) => controlCommand({
    acl: (args: { agent_id: number }) => `agentd.agents.by-id.${args.agent_id}.${verb}.create`,
    args: verb === 'pause' ? pauseArgs : byAgent,
    summary,
    run: (args: { agent_id: number; reason?: string | undefined }, caller) => guarded(async () => {
      const ref = { by: 'id', id: args.agent_id } as const;
      const tenants = caller.visibleTenantUuids;
      return outcome(await (verb === 'pause' ? port.pause(ref, tenants, args.reason ?? '') : port[verb](ref, tenants)));
    }),
  });
  return {
    'agents.list': controlCommand({
      acl: 'agentd.agents.read',
      args: z.object({}).strict().optional(),
      summary: 'The agents of the tenants the token sees: status, current call, time in state, queues and skills.',
      run: (_args, caller) => guarded(async () => {
        const items = [...(await port.agents(caller.visibleTenantUuids))].sort((left, right) => left.id - right.id).map(agentConsoleModel);
        return ok({ total: items.length, items });
      }),
    }),
    'agents.logoff': agentVerb('logoff', 'Logs the agent off: it leaves its queues and its pause ends.'),
    'agents.pause': agentVerb('pause', 'Pauses the agent in all its queues, with an optional reason.'),
    'agents.unpause': agentVerb('unpause', 'Ends the pause of the agent.'),
    'queues.statistics': controlCommand({
      acl: 'agentd.queues.statistics.read',
      args: z.object({}).strict().optional(),
      summary: 'The live statistics of the queues of the tenants the token sees.',
      run: (_args, caller) => guarded(async () => {
        const items = [...(await port.queueStatistics(caller.visibleTenantUuids))].sort((left, right) => left.queueId - right.queueId).map(queueStatisticsModel);
        return ok({ total: items.length, items });
      }),
    }),
    'queues.waiting_history': controlCommand({
      acl: (args: { queue_id?: number | undefined } | undefined) => (args?.queue_id === undefined ? 'agentd.queues.statistics.read' : `agentd.queues.${args.queue_id}.statistics.read`),
      args: z.object({ queue_id: id.optional() }).strict().optional(),
      summary: 'The waiting calls of the visible queues (or one) over the last hour, per 10 s slot.',
      run: (args, caller) => guarded(async () => {
        const histories = [...(await port.waitingHistory(caller.visibleTenantUuids, args?.queue_id))].sort((left, right) => left.queueId - right.queueId);
        if (args?.queue_id !== undefined && histories.length === 0) return failure('not_found', 'no such queue');
        return ok({ total: histories.length, items: histories.map(waitingHistoryModel) });
      }),
    }),
  };
}
