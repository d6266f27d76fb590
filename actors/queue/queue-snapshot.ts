/** A queue's portable state: its settings, members, waiting calls and the calls its members took. */
import type { EmptyCondition } from './queue-admission.ts';
import type { QueueStrategy } from './queue-strategy.ts';
import type { SkillRule } from './skill-rule-syntax.ts';

/** How a queue distributes calls (seed CC-02, CC-03, CC-05; Asterisk's queues.conf names in comments). */
export interface QueueSettings {
  readonly strategy: QueueStrategy;
  /** How long one attempt rings its members (`timeout` option, the member reachability timeout). */
  readonly memberTimeoutSeconds: number;
  /** The pause after an unanswered attempt (`retry`, Wazo's `retry_on_timeout`). */
  readonly retrySeconds: number;
  /** How long a call may stay in the queue (Wazo's `timeout`, the ringing time); 0 for no limit. */
  readonly queueTimeoutSeconds: number;
  /** Which wins when the queue time ends during an attempt: the attempt (`configuration`) or the queue time (`dialplan`). */
  readonly timeoutPriority: 'configuration' | 'dialplan';
  readonly joinEmpty: readonly EmptyCondition[];
  readonly leaveWhenEmpty: readonly EmptyCondition[];
  /** Most waiting calls; 0 for no limit. */
  readonly maxLength: number;
  readonly waitTimeThreshold?: number;
  readonly waitRatioThreshold?: number;
  readonly penaltyMembersLimit: number;
}

/** A member as configured. */
export interface QueueMemberConfig {
  /** `agent:<id>` or `user:<uuid>`. */
  readonly memberId: string;
  readonly kind: 'agent' | 'user';
  /** Its name in queue_log (`Agent/3001`). */
  readonly name: string;
  readonly position: number;
  readonly penalty: number;
  readonly skills: Readonly<Record<string, number>>;
}

/** A member and what the queue knows of it now. */
export interface QueueMember extends QueueMemberConfig {
  /** Agents: logged in (users always are). */
  readonly loggedIn: boolean;
  /** As last reported: it can take an offer (idle, unpaused, not on a call). */
  readonly available: boolean;
  readonly paused: boolean;
  readonly callsCompleted: number;
  readonly lastCallEndedAtMs?: number;
}

/** The members one attempt offers a call to: those whose reservation is asked, and those ringing. */
export interface QueueAttempt {
  readonly offerId: string;
  readonly startedAtMs: number;
  readonly pending: readonly string[];
  readonly ringing: readonly string[];
  /** When each ringing member started ringing. */
  readonly ringingSinceMs: Readonly<Record<string, number>>;
}

/** A call waiting in the queue. */
export interface WaitingCall {
  readonly callId: string;
  readonly enteredAtMs: number;
  readonly originalPosition: number;
  readonly callerIdNumber: string;
  readonly skillRules?: readonly SkillRule[];
  readonly metaVariables: Readonly<Record<string, string>>;
  /** `linear`: the position of the member to try first. */
  readonly linearCursor: number;
  /**
   * The members the skill rule of the call's distribution selected: while one of them can still
   * take the call, later attempts stay on them and no other rule is tried (seed scenario 1).
   */
  readonly skillRuleMembers?: readonly string[];
  readonly attempt?: QueueAttempt;
  /** No attempt before this time (the pause after an unanswered attempt). */
  readonly retryAtMs?: number;
  /** The queue time ended during an attempt that is let finish (`timeoutPriority: configuration`). */
  readonly timedOut?: boolean;
}

/** A call a member answered, until it ends (for `COMPLETEAGENT` / `COMPLETECALLER`). */
export interface ConnectedCall {
  readonly callId: string;
  readonly memberId: string;
  readonly memberName: string;
  readonly holdSeconds: number;
  readonly originalPosition: number;
  readonly answeredAtMs: number;
}

export interface QueueSnapshot {
  readonly state: 'serving';
  readonly queueId: number;
  /** The queue's name in queue_log. */
  readonly name: string;
  readonly tenantUuid: string;
  readonly settings: QueueSettings;
  readonly members: readonly QueueMember[];
  /** In order of arrival. */
  readonly waiting: readonly WaitingCall[];
  readonly connected: readonly ConnectedCall[];
  /** `rrmemory`: the position of the member to try first. */
  readonly rrCursor: number;
  /** The estimated waiting time, seconds (seed CC-05). */
  readonly waitEstimateSeconds: number;
  readonly offerSequence: number;
  /** The state of the queue's pseudo-random draws (`random`, `wrandom`), so a replay draws the same. */
  readonly randomState: number;
}

/** Asterisk's defaults: 15 s per attempt, 5 s between attempts, no queue time limit. */
export const DEFAULT_QUEUE_SETTINGS: QueueSettings = {
  strategy: 'ringall',
  memberTimeoutSeconds: 15,
  retrySeconds: 5,
  queueTimeoutSeconds: 0,
  timeoutPriority: 'configuration',
  joinEmpty: [],
  leaveWhenEmpty: [],
  maxLength: 0,
  penaltyMembersLimit: 0,
};

/** A queue with no call, its members as configured (agents logged out until they say otherwise). */
export function newQueue(queue: { readonly queueId: number; readonly name: string; readonly tenantUuid: string; readonly settings?: Partial<QueueSettings>; readonly members?: readonly QueueMemberConfig[]; readonly randomSeed?: number }): QueueSnapshot {
  return {
    state: 'serving',
    queueId: queue.queueId,
    name: queue.name,
    tenantUuid: queue.tenantUuid,
    settings: { ...DEFAULT_QUEUE_SETTINGS, ...queue.settings },
    members: (queue.members ?? []).map((member) => ({ ...member, loggedIn: member.kind === 'user', available: member.kind === 'user', paused: false, callsCompleted: 0 })),
    waiting: [],
    connected: [],
    rrCursor: 0,
    waitEstimateSeconds: 0,
    offerSequence: 0,
    randomState: (queue.randomSeed ?? queue.queueId) >>> 0,
  };
}
