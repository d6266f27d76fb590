import type { SipEndpoint } from '../sip-endpoint.ts';

/** A binding was created for a contact the AOR did not have. */
export interface RegistrationAdded {
  readonly type: 'registration.added';
  readonly aor: string;
  readonly contact: string;
  readonly received: SipEndpoint;
}

/** An existing binding was written again (new expiry, or a new Call-ID after a reboot). */
export interface RegistrationRefreshed {
  readonly type: 'registration.refreshed';
  readonly aor: string;
  readonly contact: string;
  readonly received: SipEndpoint;
}

/**
 * A binding was removed before it lapsed: by the user agent (`expires=0`, `Contact: *`), or
 * evicted to make room for a newer one when the AOR reached its contact limit.
 */
export interface RegistrationRemoved {
  readonly type: 'registration.removed';
  readonly aor: string;
  readonly contact: string;
  readonly received: SipEndpoint;
  readonly cause: 'unregistered' | 'evicted';
}

/** A binding lapsed without being refreshed and was swept. */
export interface RegistrationExpired {
  readonly type: 'registration.expired';
  readonly aor: string;
  readonly contact: string;
  readonly received: SipEndpoint;
}

/** Why a REGISTER failed authentication or authorization. */
export type AuthFailureReason =
  | 'invalid-credentials'
  | 'malformed-credentials'
  | 'uri-mismatch'
  /** Valid credentials, but of another user than the AOR's. */
  | 'aor-mismatch';

/**
 * A REGISTER was refused for its credentials: the hook of a future rate limiter or ban list.
 *
 * @remarks Carries where the request came from and the username it claimed (when it claimed
 * one), as fail2ban-style tools need; never the credentials themselves.
 */
export interface RegistrationAuthFailed {
  readonly type: 'registration.auth_failed';
  readonly source: SipEndpoint;
  readonly username?: string;
  readonly reason: AuthFailureReason;
}

/** Everything the registrar reports through its `onEvent` hook. */
export type RegistrarEvent =
  | RegistrationAdded
  | RegistrationRefreshed
  | RegistrationRemoved
  | RegistrationExpired
  | RegistrationAuthFailed;
