/**
 * The routing configuration as plain data: contexts, extensions and users, as a snapshot loaded
 * from the configuration store.
 *
 * @remarks
 * Plain data only (no classes, no functions, no compiled patterns) so that it can be read from
 * PostgreSQL, cached, replicated and sent between nodes as is; {@link indexDialplan} compiles it
 * once into a routing table. Field meanings follow the configuration API of the platform this
 * engine is compatible with (contexts, extensions, users with services and forwards).
 */

/** The id of a user. */
export type UserId = number & { readonly __brand: 'UserId' };
/** The id of an extension. */
export type ExtensionId = number & { readonly __brand: 'ExtensionId' };
/** The id of a line. */
export type LineId = number & { readonly __brand: 'LineId' };
/** The id of an incall (a DID's route from a trunk). */
export type IncallId = number & { readonly __brand: 'IncallId' };
/** The id of an outcall (an outgoing route through trunks). */
export type OutcallId = number & { readonly __brand: 'OutcallId' };

/**
 * What a context is for: `internal` holds users and their numbers, `incall` receives calls from
 * trunks (DIDs), `outcall` holds outgoing routes, `services` feature codes, `others` anything else.
 */
export type ContextType = 'internal' | 'incall' | 'outcall' | 'services' | 'others';

/**
 * A named scope of extensions.
 *
 * @remarks
 * `includes` names other contexts searched, in this order, after the context's own extensions
 * found nothing (Asterisk `include =`); a context included twice or in a cycle is searched once.
 */
export interface DialplanContext {
  readonly name: string;
  readonly type: ContextType;
  readonly includes: readonly string[];
}

/**
 * Where an extension leads.
 *
 * @remarks
 * An open union: group, queue, voicemail, conference, outcall and the other destination kinds
 * join it as their actors arrive; the router's exhaustive switch then shows every place to extend.
 * `none` is an extension reserved but leading nowhere. `incall` (a DID in an incall context) and
 * `outcall` (an outgoing pattern) are resolved by `resolveIncall` and `resolveOutcall`, which read
 * their objects beside the table; `route` (internal calls to users) treats them as no destination.
 */
export type ExtensionDestination =
  | { readonly type: 'user'; readonly userId: UserId }
  | { readonly type: 'incall'; readonly incallId: IncallId }
  | { readonly type: 'outcall'; readonly outcallId: OutcallId }
  /** An IVR reached from an internal context (the seed's internal entry, CF-19). */
  | { readonly type: 'ivr'; readonly ivrId: number }
  /** A group (hunt group, seed CF-22): its members are rung by its strategy. */
  | { readonly type: 'group'; readonly groupId: number }
  /** A conference room (seed CF-17): the caller joins it. */
  | { readonly type: 'conference'; readonly conferenceId: number }
  /** A queue (seed CC-02): the caller waits in it for a member. */
  | { readonly type: 'queue'; readonly queueId: number }
  | { readonly type: 'none' };

/** A number (or pattern, starting with `_`) in a context, and its destination. */
export interface DialplanExtension {
  readonly id: ExtensionId;
  /** A literal extension (`1001`) or an Asterisk pattern (`_X.`); see `compilePattern`. */
  readonly exten: string;
  readonly context: string;
  readonly destination: ExtensionDestination;
}

/**
 * One call forward of a user.
 *
 * @remarks
 * The destination is an extension dialed in the user's context. A forward that is enabled but has
 * no destination (`null` or empty) cannot be followed and counts as disabled.
 */
export interface UserForward {
  readonly enabled: boolean;
  readonly destination: string | null;
}

/** The three forwards of a user: unconditional, on busy, on no answer. */
export interface UserForwards {
  readonly busy: UserForward;
  readonly noanswer: UserForward;
  readonly unconditional: UserForward;
}

/** The user services that affect routing: do not disturb and the incoming-call filter. */
export interface UserServices {
  readonly dnd: boolean;
  readonly incallfilter: boolean;
}

/**
 * A user, as far as routing is concerned.
 *
 * @remarks
 * `context` is the internal context of the user's lines: where their forward destinations are
 * dialed. `ringSeconds` is how long the user rings before the no-answer decision (a positive
 * multiple of 5, checked by the configuration API); `simultaneousCalls` how many calls the user may
 * have at once before being treated as busy.
 */
export interface DialplanUser {
  readonly id: UserId;
  readonly uuid: string;
  readonly context: string;
  readonly callerIdName: string;
  readonly callerIdNumber: string | null;
  readonly ringSeconds: number;
  readonly simultaneousCalls: number;
  readonly enabled: boolean;
  readonly services: UserServices;
  readonly forwards: UserForwards;
  readonly lineIds: readonly LineId[];
}

/** The whole routing configuration. */
export interface Dialplan {
  readonly contexts: readonly DialplanContext[];
  readonly extensions: readonly DialplanExtension[];
  readonly users: readonly DialplanUser[];
}
