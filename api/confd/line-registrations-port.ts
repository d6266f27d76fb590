/**
 * What the console's registrations (the equivalent of Asterisk's `sip show peers`) read the SIP
 * lines and the registrar's bindings through: the node implements it over the store and the
 * location service; api/ knows nothing of either.
 */

/** One binding of a line's address of record, as the registrar holds it. */
export interface LineContact {
  /** The Contact URI as the phone sent it. */
  readonly contact: string;
  /** Where the REGISTER came from: where requests to the phone go. */
  readonly source: { readonly transport: string; readonly address: string; readonly port: number };
  readonly userAgent: string | null;
  /** When the binding lapses, epoch ms. */
  readonly expiresAtMs: number;
  /** Path header values (RFC 3327), in order. */
  readonly path: readonly string[];
  /** `+sip.instance` (RFC 5626), when the phone sent one. */
  readonly instanceId: string | null;
  readonly regId: number | null;
}

/** One SIP line with its registered contacts. */
export interface LineRegistration {
  readonly id: number;
  readonly tenantUuid: string;
  /** The endpoint's username (the AOR's user part); null for a line without endpoint. */
  readonly name: string | null;
  readonly context: string;
  /** The line's users, "Firstname Lastname". */
  readonly users: readonly string[];
  /** The line's extensions, `exten@context`. */
  readonly extensions: readonly string[];
  readonly contacts: readonly LineContact[];
}

/** The lines of some tenants, or why they cannot be read now. */
export type LineRegistrationsAnswer =
  | { readonly type: 'ok'; readonly total: number; readonly items: readonly LineRegistration[] }
  | { readonly type: 'unavailable'; readonly message: string };

export interface LineRegistrationsQuery {
  readonly tenantUuids: readonly string[];
  /** A case-insensitive substring of the username or the context. */
  readonly search?: string;
}

export interface LineRegistrationsPort {
  lines(query: LineRegistrationsQuery): Promise<LineRegistrationsAnswer>;
  /** The server's clock, epoch ms (a contact's remaining time is computed against it). */
  now(): number;
}
