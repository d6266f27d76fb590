/** A berofos actor's portable state, and the health view drawn from it. */
import type { berofos } from '../../drivers/index.ts';
import type { BerofosFailureData, BerofosNodeRole } from './berofos-messages.ts';
import type { BerofosState } from './berofos-state.ts';

export interface BerofosSnapshot {
  readonly state: BerofosState;
  /** The bnfos.conf section, `fos1`, … */
  readonly device: string;
  /** The port this node's lines are wired to. */
  readonly nodePort: berofos.NodePort;
  /** The node's role; absent until it is first told. */
  readonly role?: BerofosNodeRole;
  /** The number of the last round started; results of other rounds are stale. */
  readonly attempt: number;
  /** Failed rounds in a row. */
  readonly failures: number;
  readonly lastFailure?: BerofosFailureData;
  /** The relay mode the device last reported. */
  readonly relayMode?: berofos.RelayMode;
  readonly lastContactMs?: number;
  /** Relay switches this actor made. */
  readonly switches: number;
}

/** A fresh actor for one device. */
export function newBerofos(device: { readonly name: string; readonly nodePort: berofos.NodePort }): BerofosSnapshot {
  return { state: 'starting', device: device.name, nodePort: device.nodePort, attempt: 0, failures: 0, switches: 0 };
}

/** The relay mode that brings the lines to this node. */
export function ownRelayMode(snapshot: Pick<BerofosSnapshot, 'nodePort'>): berofos.RelayMode {
  return snapshot.nodePort === 'B' ? 1 : 0;
}

/** The relay mode this node wants: its own when it serves (master or standalone), none as a slave. */
export function wantedRelayMode(snapshot: Pick<BerofosSnapshot, 'nodePort' | 'role'>): berofos.RelayMode | undefined {
  return snapshot.role === 'master' || snapshot.role === 'standalone' ? ownRelayMode(snapshot) : undefined;
}

/** One device as the health view shows it. */
export interface BerofosStatus {
  readonly device: string;
  readonly state: BerofosState;
  readonly role: BerofosNodeRole | 'unknown';
  /** This node drives the relays (it serves). */
  readonly driving: boolean;
  /** Whether the last round succeeded; `undefined` before the first one ended. */
  readonly reachable: boolean | undefined;
  /** Where the provider's lines are, as last read: port B or D. */
  readonly linesAt?: berofos.NodePort;
  /** The lines are at this node's port. */
  readonly linesHere?: boolean;
  readonly failures: number;
  readonly lastFailure?: BerofosFailureData;
  readonly lastContactMs?: number;
  readonly switches: number;
}

/** The health view of a snapshot. */
export function berofosStatus(snapshot: BerofosSnapshot): BerofosStatus {
  const reachable = snapshot.failures > 0 ? false : snapshot.lastContactMs === undefined ? undefined : true;
  const linesAt = snapshot.relayMode === undefined ? undefined : snapshot.relayMode === 1 ? 'B' : 'D';
  return {
    device: snapshot.device,
    state: snapshot.state,
    role: snapshot.role ?? 'unknown',
    driving: wantedRelayMode(snapshot) !== undefined,
    reachable,
    failures: snapshot.failures,
    switches: snapshot.switches,
    ...(linesAt === undefined ? {} : { linesAt, linesHere: linesAt === snapshot.nodePort }),
    ...(snapshot.lastFailure === undefined ? {} : { lastFailure: snapshot.lastFailure }),
    ...(snapshot.lastContactMs === undefined ? {} : { lastContactMs: snapshot.lastContactMs }),
  };
}

const STATES: readonly string[] = ['starting', 'checking', 'backingOff', 'steady'];
const ROLES: readonly string[] = ['master', 'slave', 'standalone'];
const FAILURE_CODES: readonly string[] = ['PBX_ERR_BEROFOS_UNREACHABLE', 'PBX_ERR_BEROFOS_LOGIN_REFUSED', 'PBX_ERR_BEROFOS_BAD_ANSWER'];

/**
 * Checks the data of a berofos snapshot read from a replica (another node, Redis); `undefined`
 * when it is not one. The kernel has already checked the envelope (`readActorSnapshot`).
 */
export function readBerofosSnapshot(value: unknown): BerofosSnapshot | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const data = value as Record<string, unknown>;
  const count = (field: string) => Number.isSafeInteger(data[field]) && (data[field] as number) >= 0;
  const optional = (field: string, check: (item: unknown) => boolean) => data[field] === undefined || check(data[field]);
  const valid = STATES.includes(data['state'] as string)
    && typeof data['device'] === 'string' && /^fos[1-9][0-9]*$/.test(data['device'])
    && (data['nodePort'] === 'B' || data['nodePort'] === 'D')
    && count('attempt') && count('failures') && count('switches')
    && optional('role', (role) => ROLES.includes(role as string))
    && optional('relayMode', (mode) => mode === 0 || mode === 1)
    && optional('lastContactMs', (at) => typeof at === 'number' && Number.isFinite(at))
    && optional('lastFailure', (failure) => typeof failure === 'object' && failure !== null
      && FAILURE_CODES.includes((failure as Record<string, unknown>)['code'] as string) && typeof (failure as Record<string, unknown>)['message'] === 'string');
  return valid ? (data as unknown as BerofosSnapshot) : undefined;
}
