import type { Queryable } from '../database.ts';
import { isUuid, type UserUuid } from '../ids.ts';
import { notFound, writeRow, type WriteResult } from '../write-result.ts';

/** The services a user switches on and off: do not disturb and the incoming-call filter. */
export type UserServiceName = 'dnd' | 'incallfilter';

/** The three forwards of a user. */
export type UserForwardName = 'busy' | 'noanswer' | 'unconditional';

/** The state of one service. */
export interface UserService {
  readonly enabled: boolean;
}

/**
 * The state of one forward.
 *
 * @remarks
 * `destination` is an extension number dialled from the user's context. A forward can be enabled
 * without one (the phone then asks for it); routing ignores it until it has one.
 */
export interface UserForward {
  readonly enabled: boolean;
  readonly destination: string | null;
}

/** A user's services and forwards, shaped as Wazo's `/users/{uuid}/services` and `/forwards`. */
export interface UserCallSettings {
  readonly userUuid: UserUuid;
  readonly services: Readonly<Record<UserServiceName, UserService>>;
  readonly forwards: Readonly<Record<UserForwardName, UserForward>>;
}

const SERVICE_COLUMNS: Readonly<Record<UserServiceName, string>> = {
  dnd: 'dnd_enabled',
  incallfilter: 'incallfilter_enabled',
};

const FORWARD_COLUMNS: Readonly<Record<UserForwardName, { readonly enabled: string; readonly destination: string }>> = {
  busy: { enabled: 'busy_forward_enabled', destination: 'busy_forward_destination' },
  noanswer: { enabled: 'noanswer_forward_enabled', destination: 'noanswer_forward_destination' },
  unconditional: { enabled: 'unconditional_forward_enabled', destination: 'unconditional_forward_destination' },
};

/**
 * SQL building a `users` row's services as the JSON of `UserCallSettings['services']`.
 *
 * @remarks
 * Shared with the dialplan loader so both read the columns one way.
 */
export const USER_SERVICES_JSON = `json_build_object(${Object.entries(SERVICE_COLUMNS)
  .map(([name, column]) => `'${name}', json_build_object('enabled', users.${column})`)
  .join(', ')})`;

/** SQL building a `users` row's forwards as the JSON of `UserCallSettings['forwards']`. */
export const USER_FORWARDS_JSON = `json_build_object(${Object.entries(FORWARD_COLUMNS)
  .map(
    ([name, columns]) =>
      `'${name}', json_build_object('enabled', users.${columns.enabled}, 'destination', users.${columns.destination})`,
  )
  .join(', ')})`;

const SETTINGS_COLUMNS = `users.uuid AS "userUuid", ${USER_SERVICES_JSON} AS services, ${USER_FORWARDS_JSON} AS forwards`;


/** Reads a user's services and forwards; undefined for an unknown (or malformed) uuid. */
export async function findUserCallSettings(db: Queryable, userUuid: UserUuid): Promise<UserCallSettings | undefined> {
  if (!isUuid(userUuid)) return undefined;
  const { rows } = await db.query<UserCallSettings>(`SELECT ${SETTINGS_COLUMNS} FROM users WHERE uuid = $1`, [userUuid]);
  return rows[0];
}

/**
 * Switches one service of a user on or off, and returns all the user's settings.
 *
 * @remarks
 * A service is effective whenever its flag is on, whether or not the matching star code is
 * enabled. An unknown user comes back as `PBX_ERR_STORE_NOT_FOUND`.
 */
export function setUserService(
  db: Queryable,
  userUuid: UserUuid,
  service: UserServiceName,
  enabled: boolean,
): Promise<WriteResult<UserCallSettings>> {
  return updateUser(db, userUuid, `${SERVICE_COLUMNS[service]} = $2`, [enabled]);
}

/**
 * Sets one forward of a user, and returns all the user's settings.
 *
 * @remarks
 * The destination must be an extension number (`users_<forward>_forward_destination_check`);
 * a refusal or an unknown user comes back as a `StoreViolation`.
 */
export function setUserForward(
  db: Queryable,
  userUuid: UserUuid,
  forward: UserForwardName,
  value: UserForward,
): Promise<WriteResult<UserCallSettings>> {
  const columns = FORWARD_COLUMNS[forward];
  return updateUser(db, userUuid, `${columns.enabled} = $2, ${columns.destination} = $3`, [value.enabled, value.destination]);
}

function updateUser(
  db: Queryable,
  userUuid: UserUuid,
  assignments: string,
  values: readonly unknown[],
): Promise<WriteResult<UserCallSettings>> {
  const unknownUser = notFound(`no user ${userUuid}`);
  if (!isUuid(userUuid)) return Promise.resolve(unknownUser);
  return writeRow(async () => {
    const { rows } = await db.query<UserCallSettings>(
      `UPDATE users SET ${assignments} WHERE uuid = $1 RETURNING ${SETTINGS_COLUMNS}`,
      [userUuid, ...values],
    );
    return rows;
  }, unknownUser);
}
