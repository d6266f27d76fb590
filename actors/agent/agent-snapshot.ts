/** An agent's portable state (see agent-state.ts). */
import type { AgentState } from './agent-state.ts';

/** Where the agent is logged in: the extension and context of the phone (queue_log `exten@context`). */
export interface AgentLogin {
  readonly extension: string;
  readonly context: string;
  readonly atMs: number;
}

/** The ACD call reserved for the agent (ringing its phone), or the one it is on. */
export interface AgentAcdCall {
  readonly offerId: string;
  readonly queue: string;
  readonly callId: string;
  /** The wrap-up after this call, seconds, when its queue sets one. */
  readonly wrapupSeconds?: number;
  /** When the agent answered it (state `onCall`). */
  readonly answeredAtMs?: number;
}

export interface AgentSnapshot {
  readonly state: AgentState;
  readonly agentId: number;
  /** The agent's number (queue member name `Agent/<number>`). */
  readonly number: string;
  readonly tenantUuid: string;
  /** Seconds of wrap-up after an ACD call; 0 for none. */
  readonly wrapupSeconds: number;
  /** The queues the agent is a member of (for the per-queue pause rows of queue_log). */
  readonly queues: readonly string[];
  readonly login?: AgentLogin;
  readonly paused?: { readonly reason: string; readonly sinceMs: number };
  readonly acdCall?: AgentAcdCall;
  /** Calls the agent is on that are not ACD calls (incoming or outgoing). */
  readonly nonAcdCalls: readonly string[];
}

/** A logged-out agent. */
export function loggedOutAgent(agent: { readonly agentId: number; readonly number: string; readonly tenantUuid: string; readonly wrapupSeconds?: number; readonly queues?: readonly string[] }): AgentSnapshot {
  return { state: 'loggedOut', agentId: agent.agentId, number: agent.number, tenantUuid: agent.tenantUuid, wrapupSeconds: agent.wrapupSeconds ?? 0, queues: agent.queues ?? [], nonAcdCalls: [] };
}
