/**
 * What the configuration service's routes (Wazo confd, `/api/confd/1.1`) need: the store, the
 * port its change events go out through, and this node's uuid (their `origin_uuid`).
 *
 * @remarks
 * Events have the seed's envelope (API-06) and a `required_acl` of `events.` followed by their
 * routing key, as the reference bus gives them, so websocketd delivers them to tokens that hold it.
 * Each carries the tenant of the change (D-042). A change reaches live routing through the store's
 * configuration version, not through these events.
 */
import type { Database } from '../../store/index.ts';
import type { HaRouteDeps } from '../ha/ha-routes.ts';

export interface ConfigEvent {
  readonly name: string;
  readonly origin_uuid: string;
  readonly required_acl: string;
  /** The tenant the change belongs to: websocketd delivers it only to tokens that see this tenant. */
  readonly tenant_uuid: string;
  readonly data: unknown;
}

export interface ConfdDeps {
  /** Writes of more than one statement run in one of its transactions. */
  readonly db: Database;
  readonly publish: (event: ConfigEvent) => void;
  readonly nodeUuid: string;
  /** The names of the hooks of the cluster configuration, which `preprocess_subroutine` may name (none when absent). */
  readonly hookNames?: ReadonlySet<string>;
  /** The node's HA control port and own addresses; without it `/ha` is not mounted (`/registrars` always is). */
  readonly ha?: HaRouteDeps;
}

/** Publishes a change of a tenant's configuration, whose required ACL is `events.<routingKey>`. */
export function publishChange(deps: ConfdDeps, tenantUuid: string, name: string, routingKey: string, data: unknown): void {
  deps.publish({ name, origin_uuid: deps.nodeUuid, required_acl: `events.${routingKey}`, tenant_uuid: tenantUuid, data });
}
