/**
 * Which legs of a session relay to each other.
 *
 * @remarks
 * A session relays two of its legs; during a transfer or relocate a third, consult leg C exists and
 * the pair may be A↔C or B↔C while the leg outside it gets nothing relayed. These pure functions
 * decide the pair a `session.bridge` asks for and each leg's partner in it.
 */
import type { AnyLegName, BridgedLegs } from '../media-protocol.ts';

/** The default pair: the session's two parties. */
export const PARTIES: BridgedLegs = ['A', 'B'];

/**
 * The pair `legs` names, in canonical order (A before B before C), or `undefined` when it is not two
 * distinct legs of A, B and C.
 */
export function bridgedPair(legs: readonly unknown[]): BridgedLegs | undefined {
  if (!Array.isArray(legs) || legs.length !== 2) return undefined;
  const names = new Set(legs);
  if (names.size !== 2) return undefined;
  if (names.has('A') && names.has('B')) return ['A', 'B'];
  if (names.has('A') && names.has('C')) return ['A', 'C'];
  if (names.has('B') && names.has('C')) return ['B', 'C'];
  return undefined;
}

/** The leg `name` relays with under `pair`, or `undefined` when it is outside the pair. */
export function relayPartner(pair: BridgedLegs, name: AnyLegName): AnyLegName | undefined {
  if (pair[0] === name) return pair[1];
  if (pair[1] === name) return pair[0];
  return undefined;
}

/** Whether `pair` is the default A↔B (which snapshots leave out). */
export function isPartiesPair(pair: BridgedLegs): boolean {
  return pair[0] === 'A' && pair[1] === 'B';
}
