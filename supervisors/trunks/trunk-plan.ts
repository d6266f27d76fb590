/**
 * What a trunk does on this node, worked out from its configuration: whether it registers to its
 * provider (and with what), whether it qualifies its peer (and how often), and its name.
 *
 * @remarks
 * Pure: the service compares the plans of two loads to restart only the trunks that changed.
 * The seed's endpoint options follow chan_sip: `qualify` is `yes`, `no` or the longest round
 * trip in milliseconds (which is then the probe timeout), `qualifyfreq` the period in seconds
 * (60 by default, L7645-L7651). A `dynamic` peer has no fixed address to probe: it is not
 * qualified here. A registration without `enabled` sends nothing.
 */
import type { SipTransportKind } from '../../transport/index.ts';
import type { TrunkRuntimeRow } from '../../store/index.ts';
import { identityPolicy, type IdentityPolicy } from './trunk-identity.ts';

export interface RegistrationPlan {
  readonly transport: SipTransportKind;
  /** The host REGISTERs go to (resolved at start) and its port. */
  readonly remoteHost: string;
  readonly remotePort: number;
  /** Whether the registration names its port (then a source must match it too, as for a peer). */
  readonly explicitPort: boolean;
  /** The Request-URI. */
  readonly registrarUri: string;
  readonly addressOfRecord: string;
  /** The user part of our Contact: where the provider sends calls (the seed's callback_extension). */
  readonly contactUser: string;
  readonly username: string;
  readonly password: string;
  readonly expiresS: number;
}

export interface QualifyPlan {
  readonly transport: SipTransportKind;
  readonly host: string;
  readonly port: number;
  readonly periodMs: number;
  readonly timeoutMs: number;
}

/** Where the trunk's peer is: a fixed host (not `dynamic`), the address calls go to and come from. */
export interface PeerPlan {
  readonly transport: SipTransportKind;
  readonly host: string;
  readonly port: number;
  /** Whether the host names its port (then a source must match it too). */
  readonly explicitPort: boolean;
}

export interface TrunkPlan {
  readonly id: number;
  readonly tenantUuid: string;
  /** Where calls from the trunk start (its incoming-call context). */
  readonly context: string | null;
  /** The endpoint's username (Wazo shows it as the trunk's name), else `trunk-<id>`. */
  readonly name: string;
  readonly registration: RegistrationPlan | null;
  readonly qualify: QualifyPlan | null;
  readonly peer: PeerPlan | null;
  /** What a provider's challenge to our INVITEs is answered with (the endpoint's, else the registration's). */
  readonly credentials: { readonly username: string; readonly password: string } | null;
  /**
   * A `host: dynamic` endpoint: the peer registers to us with this username and its secret (the
   * seed's Wazo-to-Wazo side B), authenticates its INVITEs with them, and is called at the contact it
   * registered.
   */
  readonly dynamic: { readonly username: string } | null;
  /** How caller identities cross the trunk (RFC 3323 privacy, RFC 3325 P-Asserted-Identity); see trunk-identity.ts. */
  readonly identity: IdentityPolicy;
  /**
   * The endpoint's `callerid` option (chan_sip's; `caller_id` read too): it overwrites the caller ID
   * of the trunk's calls before the normalisation rules (seed CF-06 step 2). Null: none (the usual).
   */
  readonly callerId: string | null;
  /** The peer is behind NAT (`nat` yes or force_rport): responses go to the source port of its requests (D-087). */
  readonly nat: boolean;
}

/** The default probe timeout when `qualify` is `yes` (chan_sip's DEFAULT_MAXMS is 2 s; see D-067). */
export const DEFAULT_QUALIFY_TIMEOUT_MS = 3_000;
export const DEFAULT_QUALIFY_PERIOD_S = 60;
const SIP_PORT = 5060;

/** The plan of one trunk. */
export function trunkPlan(row: TrunkRuntimeRow): TrunkPlan {
  return {
    id: row.id,
    tenantUuid: row.tenantUuid,
    context: row.context,
    name: row.endpoint?.username ?? `trunk-${String(row.id)}`,
    registration: registrationPlan(row),
    qualify: qualifyPlan(row),
    peer: peerPlan(row),
    credentials: credentialsOf(row),
    dynamic: row.endpoint?.host === 'dynamic' ? { username: row.endpoint.username } : null,
    identity: identityPolicy(row.endpoint?.options ?? []),
    callerId: endpointCallerId(row.endpoint?.options ?? []),
    nat: natOption(row.endpoint?.options ?? []),
  };
}

/** The `callerid` (or `caller_id`) option of an endpoint, when it says something. */
function endpointCallerId(options: readonly (readonly [string, string])[]): string | null {
  const found = options.find(([name, value]) => ['callerid', 'caller_id'].includes(name.trim().toLowerCase()) && value.trim() !== '');
  return found === undefined ? null : found[1].trim();
}

/** Whether two plans would run the same way (a trunk whose plan is unchanged keeps running). */
export function samePlan(left: TrunkPlan, right: TrunkPlan): boolean {
  return JSON.stringify(left) === JSON.stringify(right);
}

function registrationPlan(row: TrunkRuntimeRow): RegistrationPlan | null {
  const register = row.register;
  if (register === null || !register.enabled) return null;
  const username = register.authUsername ?? register.sipUsername ?? row.endpoint?.username;
  const password = register.authPassword ?? row.endpoint?.secret;
  if (username === undefined || password === undefined) return null;
  const user = register.sipUsername ?? username;
  const hostPart = register.remotePort === null ? register.remoteHost : `${register.remoteHost}:${String(register.remotePort)}`;
  return {
    transport: register.transport,
    remoteHost: stripBrackets(register.remoteHost),
    remotePort: register.remotePort ?? SIP_PORT,
    explicitPort: register.remotePort !== null,
    registrarUri: `sip:${hostPart}`,
    addressOfRecord: `sip:${user}@${register.remoteHost}`,
    contactUser: register.callbackExtension ?? user,
    username,
    password,
    expiresS: register.expiration,
  };
}

function qualifyPlan(row: TrunkRuntimeRow): QualifyPlan | null {
  const endpoint = row.endpoint;
  if (endpoint === null || endpoint.host === 'dynamic') return null;
  const options = new Map(endpoint.options.map(([name, value]) => [name.toLowerCase(), value.trim().toLowerCase()]));
  const qualify = options.get('qualify');
  if (qualify === undefined || qualify === 'no' || qualify === 'false' || qualify === '0') return null;
  const maxMs = /^\d{1,6}$/.test(qualify) ? Number(qualify) : DEFAULT_QUALIFY_TIMEOUT_MS;
  if (qualify !== 'yes' && qualify !== 'true' && !/^\d{1,6}$/.test(qualify)) return null;
  const frequency = options.get('qualifyfreq');
  const periodS = frequency !== undefined && /^\d{1,5}$/.test(frequency) && Number(frequency) > 0 ? Number(frequency) : DEFAULT_QUALIFY_PERIOD_S;
  const { host, port } = splitHostPort(endpoint.host);
  const optionPort = options.get('port');
  const transport = options.get('transport') === 'tcp' ? 'tcp' : 'udp';
  return {
    transport,
    host,
    port: port ?? (optionPort !== undefined && /^\d{1,5}$/.test(optionPort) ? Number(optionPort) : SIP_PORT),
    periodMs: periodS * 1000,
    timeoutMs: Math.min(maxMs, periodS * 1000),
  };
}

function peerPlan(row: TrunkRuntimeRow): PeerPlan | null {
  const endpoint = row.endpoint;
  if (endpoint === null || endpoint.host === 'dynamic') return null;
  const options = new Map(endpoint.options.map(([name, value]) => [name.toLowerCase(), value.trim().toLowerCase()]));
  const { host, port } = splitHostPort(endpoint.host);
  const optionPort = options.get('port');
  const namedPort = port ?? (optionPort !== undefined && /^\d{1,5}$/.test(optionPort) ? Number(optionPort) : undefined);
  return { transport: options.get('transport') === 'tcp' ? 'tcp' : 'udp', host, port: namedPort ?? SIP_PORT, explicitPort: namedPort !== undefined };
}

/** chan_sip's `nat`: `yes` and the values naming force_rport ask for it; `no`, `comedia` alone or nothing do not. */
function natOption(options: readonly (readonly [string, string])[]): boolean {
  const value = options.find(([name]) => name.trim().toLowerCase() === 'nat')?.[1].trim().toLowerCase() ?? '';
  return ['yes', 'true', 'on', '1'].includes(value) || value.split(',').some((part) => part.trim().endsWith('force_rport'));
}

function credentialsOf(row: TrunkRuntimeRow): TrunkPlan['credentials'] {
  if (row.endpoint !== null) return { username: row.endpoint.username, password: row.endpoint.secret };
  const register = row.register;
  if (register?.authUsername != null && register.authPassword !== null) return { username: register.authUsername, password: register.authPassword };
  return null;
}

/** `host`, `host:port`, `[v6]` or `[v6]:port`. */
export function splitHostPort(text: string): { readonly host: string; readonly port: number | undefined } {
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(text);
  if (bracketed !== null) return { host: bracketed[1] ?? '', port: bracketed[2] === undefined ? undefined : Number(bracketed[2]) };
  const plain = /^([^:]+)(?::(\d{1,5}))?$/.exec(text);
  return { host: plain?.[1] ?? text, port: plain?.[2] === undefined ? undefined : Number(plain[2]) };
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}
