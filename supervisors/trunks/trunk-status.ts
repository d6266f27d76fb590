/**
 * A trunk's status as calld shows it and `trunk_status_updated` carries it: Wazo calld's trunk
 * endpoint model (`id`, `type`, `technology`, `name`, `registered`, `current_call_count`), with
 * what this node knows beyond it (its registration's state and its peer's reachability).
 *
 * @remarks
 * `registered` follows the reference's endpoint state: a trunk that registers is registered while
 * its registrar holds its binding and its peer is not known unreachable; a trunk that only
 * qualifies is registered while its peer answers (`null` until its first probe settles); a trunk
 * that does neither is `null` (unknown).
 */
import type { outbound } from '../../transport/index.ts';

export interface TrunkStatus {
  readonly id: number;
  readonly tenantUuid: string;
  readonly name: string;
  readonly registration: RegistrationStatus | null;
  readonly reachability: outbound.Reachability | null;
  /** The last probe's round trip, when the peer answered it. */
  readonly roundTripMs: number | null;
  readonly currentCallCount: number;
  /** When the registrar last accepted a REGISTER (first or refresh), epoch ms. */
  readonly registeredAtMs: number | null;
}

/**
 * The registration as a status shows it: a refresh in flight keeps `registered` (the binding
 * still holds), a failure waiting for its retry is `failed`.
 */
export type RegistrationStatus = 'registering' | 'registered' | 'failed' | 'unregistered';

/** The status of a registration state; `previous` is the status shown so far. */
export function registrationStatus(state: outbound.RegistrationState, previous: RegistrationStatus | null): RegistrationStatus {
  switch (state.type) {
    case 'registered':
      return 'registered';
    case 'registering':
      return previous === 'registered' ? 'registered' : previous === 'failed' ? 'failed' : 'registering';
    case 'retrying':
      return 'failed';
    case 'idle':
    case 'unregistering':
    case 'stopped':
      return 'unregistered';
  }
}

/** Wazo's `registered`: see the remarks above. */
export function isTrunkRegistered(status: TrunkStatus): boolean | null {
  if (status.registration !== null) return status.registration === 'registered' && status.reachability !== 'unreachable';
  if (status.reachability === 'reachable') return true;
  if (status.reachability === 'unreachable') return false;
  return null;
}

/** The calld view (`GET /trunks` items, `trunk_status_updated` data). */
export function trunkStatusView(status: TrunkStatus): Record<string, unknown> {
  return {
    id: status.id,
    type: 'trunk',
    technology: 'sip',
    name: status.name,
    registered: isTrunkRegistered(status),
    current_call_count: status.currentCallCount,
    registration: status.registration,
    reachability: status.reachability,
    round_trip_ms: status.roundTripMs,
    registered_at: status.registeredAtMs === null ? null : new Date(status.registeredAtMs).toISOString(),
  };
}

/** Whether a change is worth an event: what calld shows changed. */
export function statusChanged(previous: TrunkStatus | undefined, next: TrunkStatus): boolean {
  if (previous === undefined) return true;
  return isTrunkRegistered(previous) !== isTrunkRegistered(next)
    || previous.registration !== next.registration
    || previous.reachability !== next.reachability
    || previous.name !== next.name
    || previous.currentCallCount !== next.currentCallCount;
}
