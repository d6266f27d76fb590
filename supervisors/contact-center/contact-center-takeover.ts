/**
 * What a contact center started on a node taking it over does once its actors run from the
 * replicas (docs/decisions.md, cc-replication): it drops what was deleted meanwhile, tells the
 * rehydrated actors the configuration as it is now, settles the offers in flight, and later drops
 * the calls that went away with the previous owner.
 */
import { agent, queue, type ActorSnapshot, type ActorSystem, type call } from '../../actors/index.ts';
import type { NodeLogger } from '../logging/create-logger.ts';
import type { ContactCenterContext } from './contact-center-context.ts';
import type { QueueConfiguration } from './queue-configuration.ts';
import type { ReplicatedActors } from './replicated-actors.ts';
import { takeoverMessages } from './takeover-reconciliation.ts';

export interface ContactCenterTakeoverOptions {
  readonly system: ActorSystem;
  readonly context: ContactCenterContext;
  readonly replicated: ReplicatedActors;
  readonly logger: NodeLogger;
  readonly now: () => number;
  readonly calls: () => NonNullable<call.CallPorts['queues']>;
  /** The queues configured now. */
  readonly queues: () => readonly QueueConfiguration[];
  /** The agents configured now, with the names of their queues. */
  readonly agents: () => readonly { readonly id: number; readonly queues: readonly string[] }[];
}

export interface ContactCenterTakeover {
  /** Once the configuration was applied a first time: drops, reconfigures and reconciles the rehydrated actors. */
  takeOver(): void;
  /**
   * After the grace time: abandons the waiting calls `present` does not know, ends the connected
   * ones, and tells the `named` calls (`[callId, queueId]`) no queue holds to leave.
   */
  reconcileCalls(present: (callId: string) => boolean, named: readonly (readonly [string, number])[]): void;
}

export function createContactCenterTakeover(options: ContactCenterTakeoverOptions): ContactCenterTakeover {
  const { system, context, replicated } = options;
  const queueSnapshot = (queueId: number): queue.QueueSnapshot | undefined => system.lookup(queue.queueAddress(queueId))?.toSnapshot().data as queue.QueueSnapshot | undefined;

  /** An agent deleted meanwhile was logged in: it is logged off, as a deletion does (reason `Deleted`). */
  const logOff = (data: agent.AgentSnapshot): void => {
    const { login } = data;
    if (login === undefined) return;
    const agentName = queue.agentInterface(data.number);
    const logoff: queue.QueueLogEvent = { event: 'AGENTCALLBACKLOGOFF', agent: agentName, extension: login.extension, context: login.context, loggedInSeconds: Math.max(0, Math.round((options.now() - login.atMs) / 1000)), reason: 'Deleted' };
    const unpause: queue.QueueLogEvent[] = data.queues.length === 0 ? [] : [{ event: 'UNPAUSEALL', agent: agentName }, ...data.queues.map((name): queue.QueueLogEvent => ({ event: 'UNPAUSE', queue: name, agent: agentName }))];
    context.writeLog([logoff, ...unpause], options.now());
  };
  /** The replicas of queues and agents deleted meanwhile go; the calls waiting in such a queue leave it, such an agent is logged off. */
  const dropDeleted = (configured: readonly QueueConfiguration[]): void => {
    const kept = new Set([...configured.map((configuration) => `queue-${configuration.queueId}`), ...options.agents().map((entry) => `agent-${entry.id}`)]);
    for (const dropped of replicated.dropOthers(kept)) {
      if (dropped.kind === 'agent') logOff(dropped.data as agent.AgentSnapshot);
      if (dropped.kind !== 'queue') continue;
      const data = dropped.data as queue.QueueSnapshot;
      for (const waiting of data.waiting) context.tellCall(waiting.callId, data.queueId, { type: 'exit', status: 'leaveempty' });
    }
  };

  return {
    takeOver() {
      const configured = options.queues();
      dropDeleted(configured);
      const queueSnapshots = configured.filter((configuration) => replicated.rehydrated(`queue-${configuration.queueId}`)).flatMap((configuration) => {
        system.send(queue.queueAddress(configuration.queueId), { type: 'queue.settings', settings: configuration.settings } satisfies queue.QueueMessage);
        system.send(queue.queueAddress(configuration.queueId), { type: 'queue.members', members: configuration.members } satisfies queue.QueueMessage);
        return queueSnapshot(configuration.queueId) ?? [];
      });
      const agentSnapshots = options.agents().filter((entry) => replicated.rehydrated(`agent-${entry.id}`)).flatMap((entry) => {
        system.send(agent.agentAddress(entry.id), { type: 'agent.queues', queues: entry.queues } satisfies agent.AgentMessage);
        return context.agentSnapshot(entry.id) ?? [];
      });
      for (const message of takeoverMessages(queueSnapshots, agentSnapshots)) {
        if (message.type === 'to_queue') system.send(queue.queueAddress(message.queueId), message.message);
        else system.send(agent.agentAddress(message.agentId), message.message);
      }
      if (queueSnapshots.length + agentSnapshots.length > 0) options.logger.info({ queues: queueSnapshots.length, agents: agentSnapshots.length }, 'contact center rehydrated from its replicas');
    },
    reconcileCalls(present, named) {
      const calls = options.calls();
      const held = new Set<string>();
      for (const configuration of options.queues()) {
        const { queueId } = configuration;
        const snapshot = queueSnapshot(queueId);
        for (const waiting of snapshot?.waiting ?? []) if (!present(waiting.callId)) calls.abandon(waiting.callId, queueId);
        for (const connected of snapshot?.connected ?? []) if (!present(connected.callId)) calls.callEnded(connected.callId, queueId, connected.memberId, 'caller');
        for (const call of [...(snapshot?.waiting ?? []), ...(snapshot?.connected ?? [])]) held.add(call.callId);
      }
      for (const [callId, queueId] of named) if (!held.has(callId)) context.tellCall(callId, queueId, { type: 'exit', status: 'leaveempty' });
    },
  };
}

/** The calls waiting in, or connected through, the queues of the replicas: the previous owner may have logged their entry and answer already. */
export function inheritedCalls(restored: ReadonlyMap<string, ActorSnapshot> | undefined): ReadonlySet<string> {
  const calls = new Set<string>();
  for (const snapshot of restored?.values() ?? []) {
    if (snapshot.kind !== 'queue') continue;
    const data = snapshot.data as queue.QueueSnapshot;
    for (const waiting of data.waiting) calls.add(waiting.callId);
    for (const connected of data.connected) calls.add(connected.callId);
  }
  return calls;
}
