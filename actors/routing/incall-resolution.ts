/**
 * Incoming calls from trunks (seed CF-07): the DID a trunk's call is addressed to, in the trunk's
 * context, reaches an incall and its destination; the caller may be blacklisted.
 *
 * @remarks
 * A DID is an extension of the dialplan whose destination is an incall, so it is found as any
 * extension is ({@link findExtension}: best match, then includes). A leading `+` on the called
 * number is discarded when nothing answers to it as dialed (seed L7493-L7499: `+1000` reaches the
 * DID `1000`), as the reference dialplan's `_+.` extension does; a DID configured with its `+`
 * still wins for a `+` number, since a literal beats that pattern in Asterisk.
 */
import type { CallerId } from './caller-id.ts';
import type { ExtensionId, IncallId } from './dialplan.ts';
import type { Blacklist, Incall, RoutingDestination } from './routing-objects.ts';
import type { CompiledExtension, RoutingTable } from './routing-table.ts';
import { findExtension } from './routing-table.ts';

/** The outcome of {@link resolveIncall}. */
export type IncallResolution =
  | {
      readonly type: 'incall';
      readonly incall: Incall;
      readonly destination: RoutingDestination;
      /** The incall's ring time, else the user destination's own, else null (the destination decides). */
      readonly ringSeconds: number | null;
      readonly extensionId: ExtensionId;
      /** The context that holds the DID, and the number as it matched (without a discarded `+`). */
      readonly context: string;
      readonly did: string;
    }
  /** The number reaches an extension that is not an incall (a trunk in an internal context): route it as an internal call. */
  | { readonly type: 'not-incall'; readonly found: CompiledExtension; readonly context: string; readonly did: string }
  | { readonly type: 'not-found'; readonly reason: 'no-extension' | 'unknown-incall'; readonly context: string; readonly did: string; readonly status: 404 };

function lookup(table: RoutingTable, context: string, did: string): { readonly found: CompiledExtension; readonly context: string; readonly did: string } | undefined {
  const asDialed = findExtension(table, context, did);
  if (asDialed !== undefined) return { ...asDialed, did };
  if (!did.startsWith('+')) return undefined;
  const withoutPlus = did.slice(1);
  const found = findExtension(table, context, withoutPlus);
  return found === undefined ? undefined : { ...found, did: withoutPlus };
}

/**
 * Finds where a call from a trunk goes: the incall its DID reaches from the trunk's `context`.
 *
 * @remarks
 * Pure and deterministic. The ring time is the incall's `ringSeconds` when set, else the one of a
 * user destination, else null.
 */
export function resolveIncall(table: RoutingTable, incalls: ReadonlyMap<IncallId, Incall>, request: { readonly context: string; readonly did: string }): IncallResolution {
  const found = lookup(table, request.context, request.did);
  if (found === undefined) return { type: 'not-found', reason: 'no-extension', context: request.context, did: request.did, status: 404 };
  const destination = found.found.extension.destination;
  if (destination.type !== 'incall') return { type: 'not-incall', found: found.found, context: found.context, did: found.did };
  const incall = incalls.get(destination.incallId);
  if (incall === undefined) return { type: 'not-found', reason: 'unknown-incall', context: found.context, did: found.did, status: 404 };
  const userRing = incall.destination.type === 'user' ? incall.destination.ringSeconds : undefined;
  return {
    type: 'incall',
    incall,
    destination: incall.destination,
    ringSeconds: incall.ringSeconds ?? userRing ?? null,
    extensionId: found.found.extension.id,
    context: found.context,
    did: found.did,
  };
}

/** The outcome of {@link checkBlacklist}. */
export type BlacklistCheck = { readonly type: 'allowed' } | { readonly type: 'blacklisted'; readonly key: string; readonly reason: string };

/**
 * Whether a caller is on the blacklist, as Asterisk's `BLACKLIST()` reads the AstDB family
 * `blacklist`: its number is a key, else its name is (seed L7501-L7529). Pass the caller ID after
 * the incoming pipeline (the blacklist runs in the incall's preprocess subroutine, after the
 * normalisation).
 */
export function checkBlacklist(blacklist: Blacklist, callerId: CallerId): BlacklistCheck {
  for (const key of [callerId.number, callerId.name]) {
    if (key === '') continue;
    const reason = blacklist.get(key);
    if (reason !== undefined) return { type: 'blacklisted', key, reason };
  }
  return { type: 'allowed' };
}
