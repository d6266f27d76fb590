/**
 * What a call carries when it reaches a queue (seed CC-02..CC-06) and what the queue tells it:
 * plain data, part of the routing answer, of the call's snapshot and of its messages.
 *
 * @remarks
 * The queue itself is an actor (actors/queue/) reached through the call's `queues` port: the call
 * asks to enter, waits (music on hold) while the queue offers it to its members, rings the members
 * the queue reserved for it (`ring`), stops ringing those the queue withdrew (`stop_ringing`), and
 * leaves when the queue says so (`exit`) or when a member answers. The call reports each member's
 * answer or failure, its caller's hang-up while waiting, and the end of the call a member took.
 */
import type { DialTarget } from '../channel/channel-messages.ts';
import type { HuntFallback, HuntMemberUser } from './hunt-plan.ts';

/** The cases of a queue's fallbacks (confd `/queues/{id}/fallbacks`, seed CC-04). */
export type QueueFallbackCase = 'noanswer' | 'busy' | 'congestion' | 'fail';

/** A queue as a call reaches it. */
export interface QueueRoute {
  readonly queueId: number;
  readonly tenantUuid: string;
  /** The queue's name (queue_log, statistics). */
  readonly name: string;
  readonly label: string;
  /** What the caller hears while waiting, and when a member who answered holds the call (seed CC-06). */
  readonly musicOnHold: { readonly mohClass: string; readonly order: 'sequential' | 'random' };
  /** The queue's caller-ID mode: its name put before, after or instead of the caller's name on the members' phones. */
  readonly callerIdName?: { readonly mode: 'prepend' | 'append' | 'overwrite'; readonly name: string };
  /** Where the call goes when it does not enter or leaves unanswered, by case (absent: the call ends). */
  readonly fallbacks: Readonly<Partial<Record<QueueFallbackCase, HuntFallback>>>;
  /** Where a diverted call goes (seed CC-05): the wait-time and the wait-ratio destinations. */
  readonly diversions: { readonly waitTime?: HuntFallback; readonly waitRatio?: HuntFallback };
  /** The skill rule set the call is distributed by (an incall destination's `skill_rule_id`). */
  readonly skillRuleSetId?: number;
  /** The `$meta` variables of the skill rules (an incall destination's `skill_rule_variables`). */
  readonly skillRuleVariables?: Readonly<Record<string, string>>;
}

/** A member the queue reserved for the call: the user its phones belong to (named once they answer) and those phones. */
export interface QueueRingMember {
  /** The queue's id of the member (`agent:<id>` or `user:<id>`). */
  readonly memberId: string;
  readonly user: HuntMemberUser;
  /** The member's registered phones; empty: it cannot be rung (the call reports it failed at once). */
  readonly contacts: readonly DialTarget[];
}

/** Why a call did not enter a queue: the queue's refusals, or `unavailable` (no such queue, no queue service). */
export type QueueRefusal = 'divert_waittime' | 'divert_ca_ratio' | 'joinempty' | 'full' | 'unavailable';

/** What a queue tells a call. */
export type QueueUpdate =
  | { readonly type: 'entered'; readonly position: number }
  | { readonly type: 'not_entered'; readonly status: QueueRefusal }
  /** Ring these members (reserved for this call) under offer `offerId`. */
  | { readonly type: 'ring'; readonly offerId: string; readonly members: readonly QueueRingMember[] }
  /** Stop ringing these members of offer `offerId`. */
  | { readonly type: 'stop_ringing'; readonly offerId: string; readonly memberIds: readonly string[] }
  /** Leave the queue unanswered: its time is over (`timeout`) or no member can take calls (`leaveempty`). */
  | { readonly type: 'exit'; readonly status: 'timeout' | 'leaveempty' };

/** What the call asks of its queue port. */
export type QueueCallEffect =
  /** Ask to enter (answered by `call.queue_update` messages). */
  | { readonly type: 'queue.enter'; readonly queue: QueueRoute; readonly caller: { readonly name: string; readonly number: string } }
  /** The caller hung up while waiting. */
  | { readonly type: 'queue.abandon'; readonly queueId: number }
  | { readonly type: 'queue.member_answered'; readonly queueId: number; readonly offerId: string; readonly memberId: string }
  /** Every phone of the member failed (busy, declined, unreachable) or it had none. */
  | { readonly type: 'queue.member_failed'; readonly queueId: number; readonly offerId: string; readonly memberId: string }
  /** The call a member answered ended, hung up by the member (`agent`) or the caller. */
  | { readonly type: 'queue.call_ended'; readonly queueId: number; readonly memberId: string; readonly by: 'agent' | 'caller' };

/** The queue a call is in (state `queued`), or the one whose member it is connected to. */
export interface CallQueue {
  readonly route: QueueRoute;
  /** `entering` until the queue answers, `waiting` in it, `connected` to the member who answered. */
  readonly phase: 'entering' | 'waiting' | 'connected';
  /** The offer whose members ring now. */
  readonly offerId?: string;
  /** The member who answered (phase `connected`). */
  readonly memberId?: string;
  /** The queue's music plays to the caller. */
  readonly music: boolean;
}
