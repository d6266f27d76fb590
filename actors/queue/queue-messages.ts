/** What a queue actor receives, answers and asks the world to do. */
import type { QueueLogEvent } from './queue-log.ts';
import type { QueueMemberConfig, QueueSettings } from './queue-snapshot.ts';
import type { SkillRule } from './skill-rule-syntax.ts';

export type QueueMessage =
  /** A call asks to enter (asked: {@link QueueEnterReply}); diversions and joinempty/maxlen are checked once, here. */
  | { readonly type: 'queue.enter'; readonly callId: string; readonly callerIdNumber: string; readonly skillRules?: readonly SkillRule[]; readonly metaVariables?: Readonly<Record<string, string>> }
  /** The caller hung up while waiting. */
  | { readonly type: 'queue.abandon'; readonly callId: string }
  /** What a member's agent (or a user's phone) reports: logged in or out, available or not, paused or not. */
  | { readonly type: 'queue.member_state'; readonly memberId: string; readonly loggedIn?: boolean; readonly available?: boolean; readonly paused?: boolean }
  /** The settings as configured now (a confd change): they apply to the next attempts and entries. */
  | { readonly type: 'queue.settings'; readonly settings: QueueSettings }
  /** The members as configured now (a confd change). */
  | { readonly type: 'queue.members'; readonly members: readonly QueueMemberConfig[] }
  /** The answer of a member to an offer: reserved for this call, or not. */
  | { readonly type: 'queue.reservation'; readonly offerId: string; readonly memberId: string; readonly granted: boolean }
  /** A ringing member answered. */
  | { readonly type: 'queue.answered'; readonly callId: string; readonly offerId: string; readonly memberId: string }
  /** A ringing member's phone refused or failed (busy, unreachable). */
  | { readonly type: 'queue.ring_failed'; readonly callId: string; readonly offerId: string; readonly memberId: string }
  /** A call a member answered ended. */
  | { readonly type: 'queue.connected_ended'; readonly callId: string; readonly by: 'agent' | 'caller' };

export type QueueEnterReply =
  | { readonly type: 'queue.entered'; readonly position: number }
  | { readonly type: 'queue.not_entered'; readonly status: 'divert_waittime' | 'divert_ca_ratio' | 'joinempty' | 'full' };

export type QueueEffect =
  /** Ask the member (its agent actor; a user's phone state) to hold itself for this offer; it answers `queue.reservation`. */
  | { readonly type: 'queue.offer'; readonly offerId: string; readonly memberId: string; readonly callId: string }
  /** The call rings these members (reserved for it). */
  | { readonly type: 'queue.ring'; readonly callId: string; readonly offerId: string; readonly memberIds: readonly string[] }
  /** The call stops ringing these members. */
  | { readonly type: 'queue.stop_ringing'; readonly callId: string; readonly offerId: string; readonly memberIds: readonly string[] }
  /** The member's reservation ends: answered (it is on the call) or withdrawn. */
  | { readonly type: 'queue.release'; readonly offerId: string; readonly memberId: string; readonly outcome: 'answered' | 'withdrawn' }
  /** The call leaves the queue for its fallback. */
  | { readonly type: 'queue.exit'; readonly callId: string; readonly status: 'timeout' | 'leaveempty' }
  | { readonly type: 'queue.log'; readonly entries: readonly QueueLogEvent[] };
