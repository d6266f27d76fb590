/**
 * Branded identifiers of the configuration rows.
 *
 * @remarks
 * A brand keeps a line id from being passed where a user id is expected; the values themselves
 * are the database's (integer identity columns, uuids).
 */
export type TenantUuid = string & { readonly __brand: 'TenantUuid' };
/** A `users.id`. */
export type UserId = number & { readonly __brand: 'UserId' };
/** A `users.uuid`, the id other services know a user by. */
export type UserUuid = string & { readonly __brand: 'UserUuid' };
/** A `context.id`. */
export type ContextId = number & { readonly __brand: 'ContextId' };
/** A `line.id`. */
export type LineId = number & { readonly __brand: 'LineId' };
/** An `endpoint_sip.id`. */
export type EndpointSipId = number & { readonly __brand: 'EndpointSipId' };
/** An `extension.id`. */
export type ExtensionId = number & { readonly __brand: 'ExtensionId' };
/** A `moh.id`. */
export type MohId = number & { readonly __brand: 'MohId' };
/** A `moh.uuid`. */
export type MohUuid = string & { readonly __brand: 'MohUuid' };
/** A `call_log.id`. */
export type CallLogId = number & { readonly __brand: 'CallLogId' };

/**
 * Whether a string is a uuid as PostgreSQL reads one. Repositories check ids with it first, so a
 * malformed id is "no such row", never a driver error.
 */
export function isUuid(text: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text);
}
