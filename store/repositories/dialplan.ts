import type { Queryable } from '../database.ts';
import type { ExtensionId, LineId, TenantUuid, UserId, UserUuid } from '../ids.ts';
import type { ContextType } from './contexts.ts';
import type { ExtensionType } from './extensions.ts';
import { USER_FORWARDS_JSON, USER_SERVICES_JSON, type UserCallSettings } from './user-services.ts';
import { USER_FALLBACKS_JSON, type UserFallbacks } from './user-fallbacks.ts';

/** A context and the contexts it includes, in search order. */
export interface DialplanContext {
  readonly tenantUuid: TenantUuid;
  readonly name: string;
  readonly label: string;
  readonly type: ContextType;
  readonly enabled: boolean;
  /** Names of the included contexts of the tenant, by priority; may form loops. */
  readonly includes: readonly string[];
}

/**
 * Where an extension leads.
 *
 * @remarks
 * A `user` extension leads to the user its `typeval` names, else (`'0'`) to the main user of the
 * line it is associated with, as Wazo's line-extension association makes it; one that reaches no
 * user of its tenant (no line, a line without user, a deleted user) leads nowhere: `unassigned`. Other types keep their raw `typeval` until the store models them.
 */
export type DialplanDestination =
  | { readonly type: 'user'; readonly userId: UserId }
  | { readonly type: 'unassigned' }
  | { readonly type: Exclude<ExtensionType, 'user'>; readonly typeval: string };

/** An extension of a context. */
export interface DialplanExtension {
  readonly id: ExtensionId;
  readonly tenantUuid: TenantUuid;
  readonly context: string;
  /** A number, or a pattern starting with `_`. */
  readonly exten: string;
  readonly enabled: boolean;
  readonly destination: DialplanDestination;
}

/** A line of a user, with its SIP username and its extensions. */
export interface DialplanLine {
  readonly id: LineId;
  readonly context: string;
  readonly position: number;
  /** Whether this is the user's main line; it comes first. */
  readonly mainLine: boolean;
  /** The SIP username the line registers with; null for a line without an endpoint. */
  readonly username: string | null;
  /** The line's extensions, its main one first. */
  readonly extensions: readonly { readonly exten: string; readonly context: string }[];
}

/** A user as routing needs it: identity, caller ids, ringing limits, services and forwards, lines. */
export interface DialplanUser {
  readonly id: UserId;
  readonly uuid: UserUuid;
  readonly tenantUuid: TenantUuid;
  readonly firstname: string;
  readonly lastname: string;
  readonly enabled: boolean;
  readonly callerId: string | null;
  readonly outgoingCallerId: string;
  readonly userfield: string | null;
  readonly ringSeconds: number;
  readonly simultaneousCalls: number;
  readonly services: UserCallSettings['services'];
  readonly forwards: UserCallSettings['forwards'];
  /** Where calls go when the user does not answer, is busy, congested or unreachable (null: nowhere). */
  readonly fallbacks: UserFallbacks;
  /**
   * The music on hold the other party hears when this user holds a call: the user's class, else
   * the tenant's `default`; null only when the tenant has no default class.
   */
  readonly musicOnHold: { readonly name: string; readonly playOrder: 'sorted' | 'random' } | null;
  /** The main line first, then by position. */
  readonly lines: readonly DialplanLine[];
}

/**
 * Everything routing reads, as plain data: contexts with their includes, extensions with their
 * destinations, users with their services, forwards and lines.
 */
export interface Dialplan {
  readonly contexts: readonly DialplanContext[];
  readonly extensions: readonly DialplanExtension[];
  readonly users: readonly DialplanUser[];
}

const CONTEXTS_JSON = `COALESCE((
  SELECT json_agg(json_build_object('tenantUuid', context.tenant_uuid, 'name', context.name, 'label', context.label,
    'type', context.type, 'enabled', context.enabled, 'includes', COALESCE((
      SELECT json_agg(context_include.include ORDER BY context_include.priority, context_include.include)
      FROM context_include
      WHERE context_include.tenant_uuid = context.tenant_uuid AND context_include.context = context.name
    ), '[]'::json)) ORDER BY context.tenant_uuid, context.name)
  FROM context
), '[]'::json)`;

const DESTINATION_JSON = `CASE
  WHEN extension.type <> 'user' THEN json_build_object('type', extension.type, 'typeval', extension.typeval)
  WHEN users.id IS NULL THEN json_build_object('type', 'unassigned')
  ELSE json_build_object('type', 'user', 'userId', users.id)
END`;

const EXTENSIONS_JSON = `COALESCE((
  SELECT json_agg(json_build_object('id', extension.id, 'tenantUuid', extension.tenant_uuid, 'context', extension.context,
    'exten', extension.exten, 'enabled', extension.enabled, 'destination', ${DESTINATION_JSON})
    ORDER BY extension.tenant_uuid, extension.context, extension.exten)
  FROM extension
  LEFT JOIN users ON extension.type = 'user' AND users.tenant_uuid = extension.tenant_uuid
    AND users.id = COALESCE(NULLIF(CASE WHEN extension.typeval ~ '^[0-9]{1,9}$' THEN extension.typeval::integer END, 0), (
      -- An extension of a line leads to the line's main user, as Wazo's line-extension association makes it.
      SELECT user_line.user_id FROM line_extension JOIN user_line ON user_line.line_id = line_extension.line_id AND user_line.main_user
      WHERE line_extension.extension_id = extension.id ORDER BY line_extension.main_extension DESC, line_extension.line_id LIMIT 1))
), '[]'::json)`;

const LINE_EXTENSIONS_JSON = `COALESCE((
  SELECT json_agg(json_build_object('exten', extension.exten, 'context', extension.context)
    ORDER BY line_extension.main_extension DESC, extension.id)
  FROM line_extension JOIN extension ON extension.id = line_extension.extension_id
  WHERE line_extension.line_id = line.id
), '[]'::json)`;

const LINES_JSON = `COALESCE((
  SELECT json_agg(json_build_object('id', line.id, 'context', line.context, 'position', line.position,
    'mainLine', user_line.main_line, 'username', endpoint_sip.username, 'extensions', ${LINE_EXTENSIONS_JSON})
    ORDER BY user_line.main_line DESC, line.position, line.id)
  FROM user_line
  JOIN line ON line.id = user_line.line_id
  LEFT JOIN endpoint_sip ON endpoint_sip.id = line.endpoint_sip_id
  WHERE user_line.user_id = users.id
), '[]'::json)`;

/** The user's music-on-hold class (the tenant's default when unset) and its play order. */
const MUSIC_ON_HOLD_JSON = `(
  SELECT json_build_object('name', moh.name, 'playOrder', moh.play_order)
  FROM moh WHERE moh.tenant_uuid = users.tenant_uuid AND moh.name = COALESCE(users.music_on_hold, 'default')
)`;

const USERS_JSON = `COALESCE((
  SELECT json_agg(json_build_object('id', users.id, 'uuid', users.uuid, 'tenantUuid', users.tenant_uuid,
    'firstname', users.firstname, 'lastname', users.lastname, 'enabled', users.enabled, 'callerId', users.caller_id,
    'outgoingCallerId', users.outgoing_caller_id, 'userfield', users.userfield, 'ringSeconds', users.ring_seconds,
    'simultaneousCalls', users.simultaneous_calls, 'services', ${USER_SERVICES_JSON}, 'forwards', ${USER_FORWARDS_JSON},
    'fallbacks', ${USER_FALLBACKS_JSON},
    'musicOnHold', ${MUSIC_ON_HOLD_JSON}, 'lines', ${LINES_JSON}) ORDER BY users.id)
  FROM users
), '[]'::json)`;

const DIALPLAN_SQL = `SELECT ${CONTEXTS_JSON} AS contexts, ${EXTENSIONS_JSON} AS extensions, ${USERS_JSON} AS users`;

/**
 * Reads the routing configuration of every tenant in one statement.
 *
 * @remarks
 * Routing reloads it on every configuration change, so it is one round trip, and one statement
 * sees one snapshot of the database: an extension never names a user the same answer lacks.
 * Disabled contexts, extensions and users are included with their flag; routing decides what
 * a disabled object means. Orders are fixed (by tenant, then name, number or id), so two loads
 * of an unchanged database are equal.
 */
export async function loadDialplan(db: Queryable): Promise<Dialplan> {
  const { rows } = await db.query<Dialplan>(DIALPLAN_SQL);
  const [dialplan] = rows;
  if (dialplan === undefined) throw new Error('the dialplan query returned no row');
  return dialplan;
}
