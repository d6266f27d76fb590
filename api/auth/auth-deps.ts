/**
 * What the auth service's routes need: the store, the clock, the login throttle, and where to
 * publish its events (tenant changes, and the internal `auth_token_deleted` that makes every
 * open WebSocket of a revoked token close).
 */
import type { Queryable } from '../../store/index.ts';
import type { LoginThrottle } from './login-throttle.ts';

/** An event of the seed's envelope (API-06); internal events carry no `required_acl` and never reach clients. */
export interface ApiEvent {
  readonly name: string;
  readonly origin_uuid: string;
  readonly required_acl?: string | null;
  /** The tenant the event belongs to (tenant isolation of websocketd). */
  readonly tenant_uuid?: string;
  readonly data: unknown;
}

export interface AuthDeps {
  readonly db: Queryable;
  readonly now: () => number;
  readonly throttle: LoginThrottle;
  readonly publish: (event: ApiEvent) => void;
  /** This node's uuid: `origin_uuid` of its events, `xivo_uuid` of its tokens. */
  readonly nodeUuid: string;
  /** scrypt costs of new hashes (tests lower them). */
  readonly hashCost?: { readonly N: number; readonly r: number; readonly p: number };
}

/** The lifetime of a token when the request names none (the reference platform's default). */
export const DEFAULT_TOKEN_EXPIRATION_S = 7_200;
/** The longest lifetime a token may ask for: ten years. */
export const MAX_TOKEN_EXPIRATION_S = 10 * 365 * 24 * 3_600;
