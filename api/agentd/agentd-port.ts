/**
 * The contact-center port of agentd (seed CC-01, Wazo agentd 1.0) and of the live queue
 * statistics: what the routes ask of the node's agents and queues. Owned here, implemented by the
 * composition root. Every verb answers a value, never throws for an expected failure.
 */

/** An agent named by id or by number, in the tenants the token sees. */
export type AgentRef = { readonly by: 'id'; readonly id: number } | { readonly by: 'number'; readonly number: string };

/** Where an agent is, as the agent actor knows it. */
export type AgentActivity = 'logged_out' | 'available' | 'ringing' | 'on_call' | 'wrapup';

/** An agent's status (agentd's `GET /agents/by-id/{id}` model, with the engine's live state). */
export interface AgentStatusView {
  readonly id: number;
  readonly number: string;
  readonly tenantUuid: string;
  readonly logged: boolean;
  readonly paused: boolean;
  readonly pausedReason: string | null;
  /** The extension and context of the phone the agent logged in from (null when logged out). */
  readonly extension: string | null;
  readonly context: string | null;
  readonly activity: AgentActivity;
  /** On a call that is not an ACD call (seed `on_non_acd_call`). */
  readonly onNonAcdCall: boolean;
  /** `Agent/<number>`. */
  readonly stateInterface: string;
  readonly queues: readonly { readonly id: number; readonly name: string; readonly displayName: string }[];
  /** The call the agent is offered or on (its ACD call first, else a non-ACD call); null with none. */
  readonly currentCallId: string | null;
  /**
   * When the agent's present state began (epoch ms): its activity, or its pause while paused;
   * null when unknown (a logged-out agent never seen logged in here).
   */
  readonly stateSinceMs: number | null;
  /** The agent's skills with their weights (seed CC-07), by name. */
  readonly skills: readonly { readonly name: string; readonly weight: number }[];
}

/** What a command did. `refused` codes map to agentd's errors (409 for states, 400 for a bad extension). */
export type AgentCommandResult =
  | { readonly type: 'done' }
  | { readonly type: 'no-agent' }
  | { readonly type: 'refused'; readonly code: 'already_logged_in' | 'not_logged_in' | 'no_such_extension' | 'extension_in_use' | 'already_paused' | 'not_paused'; readonly message: string };

/** A queue now: its waiting calls and its members by state (seed CC-02 `queue show`, CC-10). */
export interface QueueLiveStatistics {
  readonly queueId: number;
  readonly name: string;
  readonly tenantUuid: string;
  readonly waitingCalls: number;
  /** Seconds the longest-waiting call has waited (0 with none). */
  readonly longestWaitSeconds: number;
  /** The estimated waiting time (seed CC-05). */
  readonly estimatedWaitSeconds: number;
  readonly members: { readonly loggedIn: number; readonly available: number; readonly talking: number; readonly paused: number; readonly loggedOut: number };
  /** Calls of the current hour: answered, abandoned, and the share answered within `serviceLevelSeconds`. */
  readonly answered: number;
  readonly abandoned: number;
  readonly serviceLevelSeconds: number;
  /** Percentage 0..100 of answered calls answered within `serviceLevelSeconds`; null with no answered call. */
  readonly serviceLevelPercent: number | null;
}

/** One sample of a queue's waiting calls: the count at `atMs` and the most seen in its slot. */
export interface WaitingSample {
  /** The start of the sample's slot (epoch ms). */
  readonly atMs: number;
  /** The calls waiting at the end of the slot (or now, for the current slot). */
  readonly waiting: number;
  /** The most calls waiting at once during the slot. */
  readonly maxWaiting: number;
}

/** A queue's waiting calls over the last hour, as sampled by the node running the contact center. */
export interface QueueWaitingHistory {
  readonly queueId: number;
  readonly name: string;
  readonly tenantUuid: string;
  /** The span the samples cover at most, and the width of one slot. */
  readonly windowSeconds: number;
  readonly slotSeconds: number;
  /** When sampling began on the node running the contact center (history before is not known). */
  readonly sinceMs: number;
  /** Oldest first; a slot with no sample (the node did not run the contact center then) is absent. */
  readonly samples: readonly WaitingSample[];
}

export interface AgentdPort {
  /** The agents of these tenants, with their status. */
  agents(tenantUuids: readonly string[]): Promise<readonly AgentStatusView[]>;
  agent(ref: AgentRef, tenantUuids: readonly string[]): Promise<AgentStatusView | undefined>;
  /** Logs the agent in at the phone of `extension@context` (an extension of a user's line in the agent's tenant). */
  login(ref: AgentRef, tenantUuids: readonly string[], at: { readonly extension: string; readonly context: string }): Promise<AgentCommandResult>;
  logoff(ref: AgentRef, tenantUuids: readonly string[]): Promise<AgentCommandResult>;
  pause(ref: AgentRef, tenantUuids: readonly string[], reason: string): Promise<AgentCommandResult>;
  unpause(ref: AgentRef, tenantUuids: readonly string[]): Promise<AgentCommandResult>;
  /** Logs off every logged-in agent of these tenants. */
  logoffAll(tenantUuids: readonly string[]): Promise<void>;
  /** Logs every logged-in agent of these tenants off and in again at the same phone (`relog all`). */
  relogAll(tenantUuids: readonly string[]): Promise<void>;
  /** The live statistics of the queues of these tenants (one queue with `queueId`). */
  queueStatistics(tenantUuids: readonly string[], queueId?: number): Promise<readonly QueueLiveStatistics[]>;
  /** The waiting calls over the last hour of the queues of these tenants (one queue with `queueId`). */
  waitingHistory(tenantUuids: readonly string[], queueId?: number): Promise<readonly QueueWaitingHistory[]>;
}
