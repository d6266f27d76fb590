/**
 * What the running trunks need from the store: every trunk with its endpoint's host, credentials
 * and options and its outbound registration, across tenants (the node serves them all).
 */
import type { Queryable } from '../database.ts';
import type { TenantUuid } from '../ids.ts';
import type { EndpointSipType } from './endpoint-sip-admin.ts';
import type { RegisterSipFields } from './register-sip-admin.ts';

export interface TrunkRuntimeRow {
  readonly id: number;
  readonly tenantUuid: TenantUuid;
  readonly context: string | null;
  readonly endpoint: {
    readonly id: number;
    readonly username: string;
    readonly secret: string;
    readonly host: string;
    readonly type: EndpointSipType;
    readonly options: readonly (readonly [string, string])[];
  } | null;
  readonly register: (RegisterSipFields & { readonly id: number }) | null;
}

/** Every trunk, by id. */
export async function loadTrunkRuntime(db: Queryable): Promise<readonly TrunkRuntimeRow[]> {
  const { rows } = await db.query<TrunkRuntimeRow>(
    `SELECT trunk.id, trunk.tenant_uuid::text AS "tenantUuid", trunk.context,
       CASE WHEN endpoint_sip.id IS NULL THEN NULL ELSE json_build_object(
         'id', endpoint_sip.id, 'username', endpoint_sip.username, 'secret', endpoint_sip.secret, 'host', endpoint_sip.host,
         'type', endpoint_sip.type, 'options', endpoint_sip.options) END AS endpoint,
       CASE WHEN register_sip.id IS NULL THEN NULL ELSE json_build_object(
         'id', register_sip.id, 'transport', register_sip.transport, 'sipUsername', register_sip.sip_username,
         'authUsername', register_sip.auth_username, 'authPassword', register_sip.auth_password, 'remoteHost', register_sip.remote_host,
         'remotePort', register_sip.remote_port, 'callbackExtension', register_sip.callback_extension,
         'callbackContext', register_sip.callback_context, 'expiration', register_sip.expiration, 'enabled', register_sip.enabled) END AS register
     FROM trunk
       LEFT JOIN endpoint_sip ON endpoint_sip.id = trunk.endpoint_sip_id
       LEFT JOIN register_sip ON register_sip.id = trunk.register_sip_id
     ORDER BY trunk.id`,
  );
  return rows;
}
