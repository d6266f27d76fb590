/**
 * Outgoing calls (seed CF-08): a number dialed in the caller's context that reaches an outcall
 * pattern gives the digits to send, the trunks to try in order and the pattern's association.
 *
 * @remarks
 * An outcall pattern is a dialplan extension (`_**99.` in `to-extern`, which `default` includes)
 * whose destination is the outcall, so the caller's context reaches it through
 * {@link findExtension} as any other number: a user's own extension in the caller's context wins
 * over a pattern of an included context.
 */
import type { ExtensionId, OutcallId } from './dialplan.ts';
import { normalizeDialed } from './extension-pattern.ts';
import type { Outcall, OutcallPattern, TrunkId } from './routing-objects.ts';
import type { CompiledExtension, RoutingTable } from './routing-table.ts';
import { findExtension } from './routing-table.ts';

/** The outcome of {@link resolveOutcall}. */
export type OutcallResolution =
  | {
      readonly type: 'outcall';
      readonly outcall: Outcall;
      readonly pattern: OutcallPattern;
      readonly extensionId: ExtensionId;
      readonly context: string;
      /** What the trunk receives: the prefix, then the dialed number without its first `stripDigits` characters. */
      readonly digits: string;
      /** Tried in this order: the next one on congestion or unavailability, none after busy or an answer (docs/decisions.md, outcall trunk failover). */
      readonly trunkIds: readonly TrunkId[];
    }
  | { readonly type: 'unavailable'; readonly reason: 'outcall-disabled' | 'no-trunk' | 'no-digits'; readonly outcall: Outcall; readonly status: 403 | 503 | 484 }
  | { readonly type: 'not-outcall'; readonly found: CompiledExtension; readonly context: string }
  | { readonly type: 'not-found'; readonly reason: 'no-extension' | 'unknown-outcall'; readonly context: string; readonly dialed: string; readonly status: 404 };

/**
 * The digits an outcall pattern sends for a dialed number: `**99101` with `strip_digits` 4 is `101`.
 * Separators (`-`) are removed first, as for matching.
 */
export function outcallDigits(dialed: string, pattern: Pick<OutcallPattern, 'stripDigits' | 'prefix'>): string {
  return `${pattern.prefix}${normalizeDialed(dialed).slice(pattern.stripDigits)}`;
}

/**
 * Finds the outgoing route of `dialed` from `context`.
 *
 * @remarks
 * Pure and deterministic. A disabled outcall is refused (403), one without trunks is unavailable
 * (503), and a number with nothing left after stripping is incomplete (484): none of them falls
 * back to another pattern, as the dialplan does not.
 */
export function resolveOutcall(table: RoutingTable, outcalls: ReadonlyMap<OutcallId, Outcall>, request: { readonly context: string; readonly dialed: string }): OutcallResolution {
  const found = findExtension(table, request.context, request.dialed);
  if (found === undefined) return { type: 'not-found', reason: 'no-extension', context: request.context, dialed: request.dialed, status: 404 };
  const destination = found.found.extension.destination;
  if (destination.type !== 'outcall') return { type: 'not-outcall', found: found.found, context: found.context };
  const outcall = outcalls.get(destination.outcallId);
  const pattern = outcall?.patterns.find((candidate) => candidate.extensionId === found.found.extension.id);
  if (outcall === undefined || pattern === undefined) return { type: 'not-found', reason: 'unknown-outcall', context: found.context, dialed: request.dialed, status: 404 };
  if (!outcall.enabled) return { type: 'unavailable', reason: 'outcall-disabled', outcall, status: 403 };
  if (outcall.trunkIds.length === 0) return { type: 'unavailable', reason: 'no-trunk', outcall, status: 503 };
  const digits = outcallDigits(request.dialed, pattern);
  if (digits === '') return { type: 'unavailable', reason: 'no-digits', outcall, status: 484 };
  return { type: 'outcall', outcall, pattern, extensionId: found.found.extension.id, context: found.context, digits, trunkIds: outcall.trunkIds };
}
