/**
 * The port the call path uses to meet the trunks: which trunk an inbound request comes from
 * (peer trunks are matched by source address), and where and how to send a call out through a
 * trunk (its address, the credentials for a provider's challenge, whether it is usable now).
 *
 * @remarks
 * Pure over the runners' resolved addresses and statuses. A source matches a trunk whose peer or
 * registrar has its address: on address and port first, for trunks that name their port, then on
 * the address alone (chan_sip matched peers by address and port; providers often send from another
 * port of the same host). Ties go to the lowest trunk id, so a match never depends on load order.
 */
import type { SipEndpoint } from '../../transport/index.ts';
import type { TrunkPlan } from './trunk-plan.ts';
import { isTrunkRegistered, type TrunkStatus } from './trunk-status.ts';

/** A running trunk as the directory sees it. */
export interface TrunkEntry {
  readonly plan: TrunkPlan;
  readonly status: TrunkStatus;
  /** The peer's resolved address (a fixed endpoint host). */
  readonly peer: SipEndpoint | undefined;
  /** The registrar's resolved address (an outbound registration). */
  readonly registrar: SipEndpoint | undefined;
}

export interface TrunkMatch {
  readonly trunkId: number;
  readonly tenantUuid: string;
  readonly name: string;
  /** Where its calls start; null when the trunk has none (its calls are refused). */
  readonly context: string | null;
  /** Whether the provider's P-Asserted-Identity is the caller ID of its calls. */
  readonly trustIdInbound: boolean;
  /** The caller ID that overwrites the one its calls bring (the endpoint's `callerid`), or null. */
  readonly callerId: string | null;
  /** The peer is behind NAT (`nat`): responses go to the source port of its requests. */
  readonly nat: boolean;
}

interface DialTargetBase {
  readonly trunkId: number;
  readonly tenantUuid: string;
  readonly name: string;
  readonly credentials: TrunkPlan['credentials'];
  /** How our INVITEs show a caller on this trunk (P-Asserted-Identity, privacy). */
  readonly identity: TrunkPlan['identity'];
  /** False when the trunk is known down (registration failed, peer unreachable): try the next one. */
  readonly available: boolean;
}

/** A trunk with a known address: its peer's, or its registrar's. */
export interface FixedDialTarget extends DialTargetBase {
  readonly type: 'fixed';
  /** Where the INVITE goes. */
  readonly destination: SipEndpoint;
  /** The host part of the Request-URI: `sip:<number>@<host>`. */
  readonly requestUriHost: string;
}

/** A `host: dynamic` trunk: its INVITEs go to the contact its peer registered as `username`. */
export interface RegisteredDialTarget extends DialTargetBase {
  readonly type: 'registered';
  readonly username: string;
}

export type TrunkDialTarget = FixedDialTarget | RegisteredDialTarget;

export interface TrunkDirectory {
  trunkBySource(source: { readonly address: string; readonly port: number }): TrunkMatch | undefined;
  /** The `host: dynamic` trunk whose endpoint has this digest username, if any. */
  trunkByUsername(username: string): TrunkMatch | undefined;
  dialTarget(trunkId: number): TrunkDialTarget | undefined;
}

export function matchTrunkSource(entries: readonly TrunkEntry[], source: { readonly address: string; readonly port: number }): TrunkMatch | undefined {
  const sorted = [...entries].sort((left, right) => left.plan.id - right.plan.id);
  const exact = sorted.find((entry) =>
    (entry.peer !== undefined && entry.plan.peer?.explicitPort === true && entry.peer.address === source.address && entry.peer.port === source.port)
    || (entry.registrar !== undefined && entry.registrar.address === source.address && entry.registrar.port === source.port));
  // By address alone only where no port was named: a peer or registrar given as host:port is that
  // endpoint, and a phone on the same host (another port) is not the trunk.
  const loose = exact ?? sorted.find((entry) =>
    (entry.peer?.address === source.address && entry.plan.peer?.explicitPort !== true)
    || (entry.registrar?.address === source.address && entry.plan.registration?.explicitPort !== true));
  return loose === undefined ? undefined : matchOf(loose.plan);
}

/** The dynamic trunk a digest username authenticates as (usernames are unique among endpoints). */
export function matchTrunkUsername(entries: readonly TrunkEntry[], username: string): TrunkMatch | undefined {
  const found = entries.find((entry) => entry.plan.dynamic?.username === username);
  return found === undefined ? undefined : matchOf(found.plan);
}

function matchOf(plan: TrunkPlan): TrunkMatch {
  return { trunkId: plan.id, tenantUuid: plan.tenantUuid, name: plan.name, context: plan.context, trustIdInbound: plan.identity.trustInbound, callerId: plan.callerId, nat: plan.nat };
}

export function trunkDialTarget(entry: TrunkEntry): TrunkDialTarget | undefined {
  const { plan } = entry;
  const destination = entry.peer ?? entry.registrar;
  if (destination === undefined) {
    return plan.dynamic === null ? undefined : {
      // Available whatever this node's status says: the peer may have registered through another node
      // of the cluster (the location store is shared); the call finds its contact or skips the trunk.
      type: 'registered', trunkId: plan.id, tenantUuid: plan.tenantUuid, name: plan.name, credentials: plan.credentials, identity: plan.identity,
      available: true, username: plan.dynamic.username,
    };
  }
  const requestUriHost = entry.peer !== undefined && plan.peer !== null
    ? hostPort(plan.peer.host, plan.peer.explicitPort ? plan.peer.port : undefined)
    : hostPort(plan.registration?.remoteHost ?? destination.address, plan.registration?.remotePort === 5060 ? undefined : plan.registration?.remotePort);
  return {
    type: 'fixed', trunkId: plan.id, tenantUuid: plan.tenantUuid, name: plan.name, destination, requestUriHost, credentials: plan.credentials, identity: plan.identity,
    available: isTrunkRegistered(entry.status) !== false,
  };
}

function hostPort(host: string, port: number | undefined): string {
  const shown = host.includes(':') ? `[${host}]` : host;
  return port === undefined ? shown : `${shown}:${String(port)}`;
}
