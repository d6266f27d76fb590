/**
 * What the parts of the contact center share: the actor system, the configuration in service,
 * the agents' live state, the members' phones and the way to the calls.
 */
import type { agent, ActorSystem, call, queue } from '../../actors/index.ts';
import type { NodeLogger } from '../logging/create-logger.ts';
import type { PhoneBook } from './phone-book.ts';
import type { QueueConfiguration } from './queue-configuration.ts';

/** An agent as configured: its tenant, number and the queues it is a member of. */
export interface AgentEntry {
  readonly id: number;
  readonly tenantUuid: string;
  readonly number: string;
  readonly queueIds: readonly number[];
  /** The agent's skills with their weights (seed CC-07). */
  readonly skills: readonly { readonly name: string; readonly weight: number }[];
}

export interface ContactCenterContext {
  readonly system: ActorSystem;
  readonly logger: NodeLogger;
  /** How long an ask of a queue or agent actor may take. */
  readonly askTimeoutMs: number;
  queue(queueId: number): QueueConfiguration | undefined;
  /** The queues a member (`agent:<id>`, `user:<id>`) is in. */
  queuesOfMember(memberId: string): readonly number[];
  agentSnapshot(agentId: number): agent.AgentSnapshot | undefined;
  phoneBook(): PhoneBook;
  /** The registered phones of these SIP usernames. */
  contacts(usernames: readonly string[]): Promise<readonly call.DialTarget[]>;
  /** The calls a user has now that the queues did not give it (ringing or connected). */
  activeCalls(userId: number): number;
  /** Tells a call what its queue says; updates reach each call in the order they were told. */
  tellCall(callId: string, queueId: number, update: call.QueueUpdate | Promise<call.QueueUpdate>): void;
  writeLog(entries: readonly queue.QueueLogEvent[], atMs: number): void;
}
