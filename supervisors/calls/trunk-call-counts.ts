/**
 * The live calls of each trunk on this node, for calld's `current_call_count`: a call counts for a
 * trunk from the moment it came in through it or started a leg out through it, until the call
 * ends; a call that used a trunk twice (two legs out) counts once.
 *
 * @remarks
 * `onChange` is told the trunk whose count changed, so that its status event can follow.
 */
export interface TrunkCallCounts {
  /** Call `callId` goes through trunk `trunkId` (in or out). */
  add(trunkId: number, callId: string): void;
  /** Call `callId` ended: it no longer counts for any trunk. */
  end(callId: string): void;
  count(trunkId: number): number;
  /** The trunks call `callId` goes through (a replica carries them to another node). */
  trunksOf(callId: string): number[];
}

export function createTrunkCallCounts(onChange: (trunkId: number) => void = () => undefined): TrunkCallCounts {
  const callsOfTrunk = new Map<number, Set<string>>();
  const trunksOfCall = new Map<string, Set<number>>();
  return {
    add(trunkId, callId) {
      const calls = callsOfTrunk.get(trunkId) ?? new Set<string>();
      if (calls.has(callId)) return;
      callsOfTrunk.set(trunkId, calls.add(callId));
      trunksOfCall.set(callId, (trunksOfCall.get(callId) ?? new Set<number>()).add(trunkId));
      onChange(trunkId);
    },
    end(callId) {
      const trunks = trunksOfCall.get(callId);
      if (trunks === undefined) return;
      trunksOfCall.delete(callId);
      for (const trunkId of trunks) {
        const calls = callsOfTrunk.get(trunkId);
        calls?.delete(callId);
        if (calls?.size === 0) callsOfTrunk.delete(trunkId);
        onChange(trunkId);
      }
    },
    count: (trunkId) => callsOfTrunk.get(trunkId)?.size ?? 0,
    trunksOf: (callId) => [...(trunksOfCall.get(callId) ?? [])],
  };
}
