/**
 * What a call rings for a group (hunt group, seed CF-22): the members reachable when the call was
 * routed, grouped in the steps of one round, with the group's times and its no-answer fallback.
 * Plain data, part of the routing answer and of the call's snapshot.
 */
import type { DialTarget } from '../channel/channel-messages.ts';


/**
 * A member as the call names them once they answer: the shape of the call's `CalledUser`, kept
 * here so the snapshot can hold a hunt without the two files importing each other.
 */
export interface HuntMemberUser {
  readonly userId: number;
  readonly userUuid: string;
  readonly name: string;
  readonly number: string;
  readonly context: string;
  readonly musicOnHold?: { readonly mohClass: string; readonly order: 'sequential' | 'random' };
}

/** A member to ring: the user (named in events and call logs when they answer) and their phones. */
export interface HuntMember {
  readonly user: HuntMemberUser;
  readonly contacts: readonly DialTarget[];
}

/**
 * Where a call goes when the group does not answer: routed again (a number in a context, or a
 * user, group or IVR directly), or ended with a cause (the `hangup` destination).
 */
export type HuntFallback =
  | { readonly type: 'dial'; readonly dialed: string; readonly context: string }
  | {
      readonly type: 'target';
      readonly target:
        | { readonly type: 'user'; readonly userId: number; readonly ringSeconds?: number }
        | { readonly type: 'group'; readonly groupId: number }
        | { readonly type: 'ivr'; readonly ivrId: number; readonly tenantUuid: string }
        | { readonly type: 'voicemail'; readonly voicemailId: number }
        | { readonly type: 'conference'; readonly conferenceId: number }
        | { readonly type: 'queue'; readonly queueId: number; readonly skillRuleSetId?: number; readonly skillRuleVariables?: Readonly<Record<string, string>> };
    }
  | { readonly type: 'hangup'; readonly cause: 'normal' | 'busy' | 'congestion' };

/** The cases of a user's fallbacks, as Wazo's confd names them (`<case>_destination`). */
export type FallbackCase = 'noanswer' | 'busy' | 'congestion' | 'fail';

/** A called user's fallbacks: where the call goes in each case the user does not take it; absent: nowhere. */
export type CalleeFallbacks = Readonly<Partial<Record<FallbackCase, HuntFallback>>>;

/** A group's ringing, as the routing port prepared it. */
export interface HuntPlan {
  readonly groupId: number;
  readonly groupUuid: string;
  readonly groupName: string;
  /**
   * The members rung together at each step of a round, in order: one step of every member for
   * `all`, one member per step for `linear` and `random`.
   */
  readonly steps: readonly (readonly HuntMember[])[];
  /** How long one step rings (the group's `user_timeout`). */
  readonly stepSeconds: number;
  /** The pause between two rounds (`retry_delay`). */
  readonly retryDelaySeconds: number;
  /** The whole ring time of the group (`timeout`); null: until the caller hangs up. */
  readonly timeoutSeconds: number | null;
  /** The group's caller-ID mode: its name put before, after or instead of the caller's name on the members' phones. */
  readonly callerIdName?: { readonly mode: 'prepend' | 'append' | 'overwrite'; readonly name: string };
  readonly fallback?: HuntFallback;
}

/** The hunt in progress: the plan, the step ringing (or the pause before a new round), the round. */
export interface CallHunt {
  readonly plan: HuntPlan;
  readonly step: number;
  readonly round: number;
  /** Between two rounds: nothing rings until the retry timer fires. */
  readonly pausing: boolean;
}
