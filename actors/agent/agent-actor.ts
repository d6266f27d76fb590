/**
 * The agent actor's shell: the agent machine plus the runners of its ports (the bus and the
 * queues it is a member of, and queue_log), implemented by the composition root
 * (`supervisors/contact-center/`) for each agent.
 */
import { actorAddress, type ActorAddress, type ActorHooks, type ActorSpec, type SpawnOrigin } from '../kernel/index.ts';
import type { QueueLogEvent } from '../queue/index.ts';
import { agentMachine } from './agent-machine.ts';
import type { AgentEffect, AgentMessage, AgentStatusEvent } from './agent-messages.ts';
import type { AgentSnapshot } from './agent-snapshot.ts';

/** What an agent asks of the node. Each call returns at once. */
export interface AgentPorts {
  /**
   * Publishes a change of the agent (login, logout, pause, availability) to the bus and to the
   * queues it is a member of. While the runner runs, the actor's snapshot is already the one after
   * the change.
   */
  publish(event: AgentStatusEvent): void;
  /** Appends rows to queue_log, stamped with the time of the transition that wrote them. */
  log(entries: readonly QueueLogEvent[], atMs: number): void;
}

export type AgentSpec = ActorSpec<AgentSnapshot, AgentMessage, AgentEffect, Record<never, never>>;

/** The address of agent `agentId`. */
export function agentAddress(agentId: number): ActorAddress {
  return actorAddress('agent', String(agentId));
}

/** The spec that spawns an agent actor. */
export function agentSpec(options: {
  readonly agentId: number;
  readonly ports: AgentPorts;
  readonly from: SpawnOrigin<AgentSnapshot>;
  readonly hooks?: ActorHooks<AgentSnapshot>;
}): AgentSpec {
  const { ports } = options;
  return {
    address: agentAddress(options.agentId),
    machine: agentMachine,
    env: {},
    from: options.from,
    ...(options.hooks === undefined ? {} : { hooks: options.hooks }),
    runners: {
      'agent.publish': (effect) => ports.publish(effect.event),
      'agent.queue_log': (effect, context) => ports.log(effect.entries, context.now),
    },
  };
}
