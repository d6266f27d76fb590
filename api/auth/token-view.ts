/**
 * The JSON of a token as the reference auth service answers it (seed API-02): `{data: {token,
 * auth_id, xivo_user_uuid, issued_at, utc_issued_at, expires_at, utc_expires_at, acl, metadata …}}`.
 */
import { createHash } from 'node:crypto';
import type { AuthTokenRow } from '../../store/index.ts';

export interface TokenViewExtras {
  readonly nodeUuid: string;
  readonly purpose?: string;
  readonly refreshToken?: string;
  readonly userAgent?: string;
  readonly remoteAddr?: string;
}

/** `2026-11-26T12:00:00.000` (the reference service's local form, here UTC) and `…+00:00`. */
const local = (ms: number) => new Date(ms).toISOString().replace('Z', '');
const utc = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');

export function tokenView(token: AuthTokenRow, extras: TokenViewExtras): { readonly data: Record<string, unknown> } {
  return {
    data: {
      token: token.token,
      auth_id: token.authId,
      xivo_user_uuid: token.pbxUserUuid,
      pbx_user_uuid: token.pbxUserUuid,
      xivo_uuid: extras.nodeUuid,
      issued_at: local(token.issuedAtMs),
      expires_at: local(token.expiresAtMs),
      utc_issued_at: utc(token.issuedAtMs),
      utc_expires_at: utc(token.expiresAtMs),
      acl: token.acl,
      session_uuid: sessionUuid(token.token),
      user_agent: extras.userAgent ?? '',
      remote_addr: extras.remoteAddr ?? '',
      ...(extras.refreshToken === undefined ? {} : { refresh_token: extras.refreshToken }),
      metadata: {
        uuid: token.authId,
        auth_id: token.authId,
        tenant_uuid: token.tenantUuid,
        pbx_user_uuid: token.pbxUserUuid,
        xivo_uuid: extras.nodeUuid,
        purpose: extras.purpose ?? 'user',
      },
    },
  };
}

/** The session of a token, named without revealing the token (a hash of it, in uuid form). */
export function sessionUuid(token: string): string {
  const hex = createHash('sha256').update(`session:${token}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
