/**
 * What every API needs of an authentication token once it is checked: who it stands for, the
 * tenant it acts in, its ACLs and when it lapses. The auth service issues tokens; the REST
 * services, websocketd and the native WebSocket API resolve them through a {@link TokenResolver}.
 */

export interface VerifiedToken {
  /** The token itself (its uuid). */
  readonly token: string;
  readonly tenantUuid: string;
  /** Who authenticated: the auth user's uuid. */
  readonly authId: string;
  /** The PBX user the token stands for (the word `me` of its ACLs), when it stands for one. */
  readonly userUuid: string | undefined;
  readonly acl: readonly string[];
  readonly issuedAtMs: number;
  readonly expiresAtMs: number;
}

/** Resolves a token id to the token while it is valid; undefined for an unknown, expired or revoked one. */
export interface TokenResolver {
  resolve(tokenId: string): Promise<VerifiedToken | undefined>;
}
