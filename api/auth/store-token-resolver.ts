/**
 * Tokens and tenants as every API sees them, read from the store: a token is valid while its row
 * exists and has not lapsed, so a token deleted on one node is refused by every node at once.
 */
import { isUuid, findAuthToken, tenantSubtree, type Queryable } from '../../store/index.ts';
import type { TenantScope } from '../http/api-service.ts';
import type { TokenResolver, VerifiedToken } from './verified-token.ts';


export function storeTokenResolver(db: Queryable, now: () => number): TokenResolver {
  return {
    async resolve(tokenId) {
      const row = await findAuthToken(db, tokenId, now());
      if (row === undefined) return undefined;
      const token: VerifiedToken = {
        token: row.token,
        tenantUuid: row.tenantUuid,
        authId: row.authId,
        // `me` of the ACLs is the auth user, which is the PBX user of the same uuid when there is one.
        userUuid: isUuid(row.authId) ? row.authId.toLowerCase() : undefined,
        acl: row.acl,
        issuedAtMs: row.issuedAtMs,
        expiresAtMs: row.expiresAtMs,
      };
      return token;
    },
  };
}

export function storeTenantScope(db: Queryable): TenantScope {
  return { visibleFrom: (tenantUuid) => tenantSubtree(db, tenantUuid) };
}
