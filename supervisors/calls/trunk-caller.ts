/**
 * The caller of a call from a trunk as the PBX shows it (seed CF-06, in its order): the tenant's
 * normalisation rules, the blacklist, the reverse lookup of a caller without a name, then the
 * incall's caller-ID mode; and the incall the DID reaches, whose hooks run next.
 *
 * @remarks
 * The reverse lookup runs only when the caller sent no name or its name is its number, on the
 * number after normalisation (seed L92, L6185-L6189), before the incall's mode, so a `prepend`
 * mode prefixes the name found. Its default looks the number up among the tenant's users (the
 * numbers their lines call from); a lookup that fails or finds nothing leaves the number as the
 * name (docs/decisions.md).
 */
import { routing } from '../../actors/index.ts';
import type { ReverseLookup } from '../config/index.ts';
import { incomingCaller } from './incall-route.ts';

/** What {@link trunkCallerOf} reads of the loaded configuration. */
export interface TrunkCallerView {
  readonly table: routing.RoutingTable;
  readonly objects: routing.RoutingObjects;
  readonly callerIdRules: ReadonlyMap<string, readonly routing.CompiledCallerIdRule[]>;
  /** The lines by SIP username, with their caller's name, number and user. */
  readonly lines: ReadonlyMap<string, { readonly name: string; readonly number: string; readonly userUuid?: string }>;
  /** Each user's tenant, by user uuid. */
  readonly tenants: ReadonlyMap<string, string>;
}

export type TrunkCaller =
  | { readonly type: 'caller'; readonly name: string; readonly number: string; readonly incallId?: number }
  | { readonly type: 'refused'; readonly status: number; readonly reason: string };

export interface TrunkCallRequest {
  readonly tenantUuid: string;
  readonly context: string;
  readonly did: string;
  readonly received: routing.CallerId;
  /** The trunk's own caller ID, which overwrites the received one (seed CF-06 step 2), or null. */
  readonly trunkCallerId?: string | null;
}

/** The caller of a trunk call, or why it is refused (blacklisted: 403). */
export async function trunkCallerOf(view: TrunkCallerView, lookup: ReverseLookup | undefined, request: TrunkCallRequest, onLookupFailure: (reason: string) => void): Promise<TrunkCaller> {
  const shown = incomingCaller(view.objects, view.callerIdRules, request.tenantUuid, request.received, request.trunkCallerId ?? null);
  if (shown.type === 'blacklisted') return { type: 'refused', status: 403, reason: `blacklisted: ${shown.reason}` };
  let callerId = shown.callerId;
  if (shown.reverseLookup.type === 'lookup') {
    const number = shown.reverseLookup.number;
    const found = await lookedUp(lookup ?? ((wanted, tenantUuid) => userDirectoryName(view, wanted, tenantUuid)), number, request.tenantUuid, onLookupFailure);
    if (found !== undefined) callerId = { name: found, number: callerId.number };
  }
  const incall = routing.resolveIncall(view.table, view.objects.incalls, { context: request.context, did: request.did });
  if (incall.type !== 'incall') return { type: 'caller', name: callerId.name, number: callerId.number };
  const withMode = routing.applyCallerIdMode(callerId, incall.incall.callerIdMode, incall.incall.callerIdName);
  return { type: 'caller', name: withMode.name, number: withMode.number, incallId: Number(incall.incall.id) };
}

/** The built-in reverse lookup: the name of the tenant's first user whose line calls from `number`. */
export function userDirectoryName(view: Pick<TrunkCallerView, 'lines' | 'tenants'>, number: string, tenantUuid: string): string | undefined {
  for (const line of view.lines.values()) {
    if (line.number !== number || line.userUuid === undefined || view.tenants.get(line.userUuid) !== tenantUuid) continue;
    if (line.name.trim() !== '' && line.name !== number) return line.name;
  }
  return undefined;
}

/** How long the reverse lookup may take before the caller is shown without a name (the reference platform's `reverse` timeout, seed CF-31). */
export const REVERSE_LOOKUP_TIMEOUT_MS = 1_000;

const NAME = /^[^\u0000-\u001f\u007f]{1,80}$/;

/** The lookup's answer when it is a usable name; a failure is reported and counts as no name. */
async function lookedUp(lookup: ReverseLookup, number: string, tenantUuid: string, onFailure: (reason: string) => void): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => {
      onFailure(`no answer within ${REVERSE_LOOKUP_TIMEOUT_MS} ms`);
      resolve(undefined);
    }, REVERSE_LOOKUP_TIMEOUT_MS);
  });
  try {
    const name: unknown = await Promise.race([Promise.resolve(lookup(number, tenantUuid)), late]);
    if (name === undefined || name === '') return undefined;
    if (typeof name !== 'string' || !NAME.test(name)) {
      onFailure(`unusable name ${JSON.stringify(name)}`);
      return undefined;
    }
    return name;
  } catch (error) {
    onFailure(error instanceof Error ? error.message : String(error));
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
