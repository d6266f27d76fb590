/**
 * The routing objects beside the dialplan, as plain data: incalls, outcalls, call permissions,
 * schedules, the incoming caller-ID normalisation rules and the blacklist.
 *
 * @remarks
 * Plain data, as the dialplan snapshot (dialplan.ts): read from the configuration store, cached and
 * sent between nodes as is; the resolvers (incall-resolution.ts, outcall-resolution.ts,
 * call-permissions.ts, schedule.ts) compile what they need. Field meanings follow the reference
 * platform's configuration API (Wazo confd `/incalls`, `/outcalls`, `/callpermissions`,
 * `/schedules`) and its `xivo_in_callerid.conf` (seed CF-06, CF-07, CF-08, CF-10, CF-20).
 */
import type { ExtensionId, IncallId, OutcallId, UserId } from './dialplan.ts';

/** The id of a call permission. */
export type CallPermissionId = number & { readonly __brand: 'CallPermissionId' };
/** The id of a schedule. */
export type ScheduleId = number & { readonly __brand: 'ScheduleId' };
/** The id of a trunk (kept by the trunks module; plain integers here). */
export type TrunkId = number & { readonly __brand: 'TrunkId' };

/**
 * Where an incall, a schedule's closed state or an exception period sends a call (Wazo's
 * destination objects).
 *
 * @remarks
 * `extension` dials a number in a context; `custom` runs a configured command (Wazo's
 * `Goto(dp-ivr-example,s,1)`); `hangup` ends the call with a cause; `none` does nothing (the call
 * goes on, or is refused, as the caller of the resolver decides).
 */
export type RoutingDestination =
  | { readonly type: 'user'; readonly userId: UserId; readonly ringSeconds?: number }
  | { readonly type: 'group'; readonly groupId: number }
  /** A queue; an incall's (or an IVR choice's) may give the call a skill rule set and its `$meta` variables (seed CC-07). */
  | { readonly type: 'queue'; readonly queueId: number; readonly skillRuleSetId?: number; readonly skillRuleVariables?: Readonly<Record<string, string>> }
  | { readonly type: 'ivr'; readonly ivrId: number }
  | { readonly type: 'voicemail'; readonly voicemailId: number }
  | { readonly type: 'conference'; readonly conferenceId: number }
  | { readonly type: 'extension'; readonly exten: string; readonly context: string }
  | { readonly type: 'custom'; readonly command: string }
  | { readonly type: 'sound'; readonly filename: string }
  | { readonly type: 'hangup'; readonly cause: 'normal' | 'busy' | 'congestion' }
  | { readonly type: 'none' };

/** How an incall changes the caller's name (Wazo's incall `caller_id_mode`). */
export type CallerIdMode = 'prepend' | 'append' | 'overwrite';

/**
 * An incoming route: the DID extensions (in an incall context) that lead to it are dialplan
 * extensions whose destination is `{ type: 'incall', incallId }`.
 */
export interface Incall {
  readonly id: IncallId;
  readonly destination: RoutingDestination;
  readonly callerIdMode: CallerIdMode | null;
  readonly callerIdName: string | null;
  /** The ring time of calls through this incall (`incall_ring_seconds`); null: the destination's own. */
  readonly ringSeconds: number | null;
  readonly scheduleId: ScheduleId | null;
}

/**
 * One outgoing pattern of an outcall: the dialplan extension that reaches it and what the
 * association adds (Wazo's `PUT /outcalls/{id}/extensions/{ext_id}`).
 */
export interface OutcallPattern {
  readonly extensionId: ExtensionId;
  /** How many leading characters of the dialed number are removed before the trunk. */
  readonly stripDigits: number;
  /** Put before the digits after stripping (Wazo's `prefix`); empty for none. */
  readonly prefix: string;
  /** The caller ID the association gives (`"XIVO" <555>`); null for none. */
  readonly callerId: string | null;
}

/** An outgoing route: trunks tried in order, and its patterns. */
export interface Outcall {
  readonly id: OutcallId;
  readonly name: string;
  readonly enabled: boolean;
  /** Send the caller's own internal caller ID to the trunk (first in the seed's precedence). */
  readonly internalCallerId: boolean;
  readonly trunkIds: readonly TrunkId[];
  readonly patterns: readonly OutcallPattern[];
  readonly callPermissionIds: readonly CallPermissionId[];
  readonly scheduleId: ScheduleId | null;
}

/** A call permission (Wazo's `/callpermissions`). */
export interface CallPermission {
  readonly id: CallPermissionId;
  readonly name: string;
  readonly mode: 'allow' | 'deny';
  /** Literal extensions and patterns (`_0.`) the permission covers. */
  readonly extensions: readonly string[];
  /** Asked instead of a refusal when set (a deny only). */
  readonly password: string | null;
  readonly enabled: boolean;
}

/**
 * A period of a schedule: every set criterion must hold; an empty list (or null hours) does not
 * restrict.
 *
 * @remarks
 * `hoursStart`/`hoursEnd` are `HH:MM` local times, both included at minute precision (Wazo's
 * schedule checker). `weekDays` are ISO numbers (1 Monday … 7 Sunday), `monthDays` 1–31, `months`
 * 1–12.
 */
export interface SchedulePeriod {
  readonly hoursStart: string | null;
  readonly hoursEnd: string | null;
  readonly weekDays: readonly number[];
  readonly monthDays: readonly number[];
  readonly months: readonly number[];
}

/** An exceptional closing, with where calls go during it. */
export interface ScheduleException extends SchedulePeriod {
  readonly destination: RoutingDestination;
}

/** A schedule: opening periods, exceptions and the closed destination, in a time zone. */
export interface Schedule {
  readonly id: ScheduleId;
  readonly name: string;
  readonly enabled: boolean;
  /** An IANA time zone (`Europe/Paris`). */
  readonly timezone: string;
  readonly openPeriods: readonly SchedulePeriod[];
  readonly exceptionalPeriods: readonly ScheduleException[];
  readonly closedDestination: RoutingDestination;
}

/**
 * One section of `xivo_in_callerid.conf`: when the incoming number matches `callerId` (a regular
 * expression), remove its first `strip` characters and put `add` before it.
 */
export interface CallerIdRule {
  readonly id: number;
  readonly callerId: string;
  readonly strip: number;
  readonly add: string;
}

/**
 * The blacklist: the AstDB family `blacklist`, a key (a caller number, or name) to a reason.
 */
export type Blacklist = ReadonlyMap<string, string>;

/** What a user brings to outgoing calls and schedules, beside the dialplan user. */
export interface UserRoutingSettings {
  /** The stored `outgoing_caller_id`: `default`, `anonymous` or a caller ID. */
  readonly outgoingCallerId: string;
  readonly callPermissionPassword: string | null;
  readonly callPermissionIds: readonly CallPermissionId[];
  readonly scheduleId: ScheduleId | null;
}

/**
 * Every routing object of a configuration snapshot, indexed for the resolvers. Caller-ID rules and
 * blacklists are per tenant (by tenant uuid).
 */
/** How a group rings its members (Asterisk Queue strategies; see docs/decisions.md for those served). */
export type RingStrategy = 'all' | 'linear' | 'random' | 'fewest_calls' | 'least_recent' | 'weight_random' | 'memorized_round_robin';

/** A group (hunt group, seed CF-22) as live routing reads it. */
export interface HuntGroup {
  readonly id: number;
  readonly uuid: string;
  readonly tenantUuid: string;
  readonly name: string;
  readonly label: string;
  readonly enabled: boolean;
  readonly ringStrategy: RingStrategy;
  /** The whole ring time of the group in seconds; null: no limit. */
  readonly timeoutSeconds: number | null;
  /** Each member's ring time in a round. */
  readonly userTimeoutSeconds: number;
  /** The pause between two rounds. */
  readonly retryDelaySeconds: number;
  /** Ring members that are already in a call. */
  readonly ringInUse: boolean;
  /** Members' own (phone-side, 3xx) forwards are not followed; the PBX forwards of members never are. */
  readonly ignoreForward: boolean;
  readonly callerIdMode: CallerIdMode | null;
  readonly callerIdName: string | null;
  readonly musicOnHold: string | null;
  /** Members in ringing order (priority, then user id). */
  readonly members: readonly { readonly userId: UserId; readonly priority: number }[];
  readonly noAnswerDestination: RoutingDestination | null;
  readonly callPermissionIds: readonly CallPermissionId[];
  readonly scheduleId: ScheduleId | null;
}

export interface RoutingObjects {
  readonly incalls: ReadonlyMap<IncallId, Incall>;
  readonly outcalls: ReadonlyMap<OutcallId, Outcall>;
  readonly callPermissions: ReadonlyMap<CallPermissionId, CallPermission>;
  readonly schedules: ReadonlyMap<ScheduleId, Schedule>;
  readonly users: ReadonlyMap<UserId, UserRoutingSettings>;
  readonly callerIdRules: ReadonlyMap<string, readonly CallerIdRule[]>;
  readonly blacklists: ReadonlyMap<string, Blacklist>;
  /** Groups by id (absent: none configured). */
  readonly groups?: ReadonlyMap<number, HuntGroup>;
}
