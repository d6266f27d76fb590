/**
 * Which calls in the queues still exist, across a change of owner: each node keeps the list of its
 * own calls that entered a queue (until they leave it or their queue call ends) and tells a new
 * owner; the new owner drops, after a grace time, the rehydrated calls that no node named.
 *
 * @remarks
 * A replica may hold calls that are gone: calls of the node that stopped or died (hung up with it),
 * or calls of a cluster started again after all its nodes stopped. Kept, they would be offered to
 * agents forever, or hold an agent on a call that ended. A waiting call nobody named is abandoned
 * (queue_log `ABANDON`, as Asterisk writes for a channel that hung up while waiting); a connected
 * one ends (`COMPLETECALLER`), and its agent goes on to wrap-up. A call a node named that the new
 * owner's queues do not hold (it entered the previous owner's queue after that owner's last
 * replica) is told to leave the queue (`exit` `leaveempty`: the queue's fail destination), since no
 * owner serves it any more.
 */

/** How long a new owner waits for the other nodes to name their calls before it drops the others. */
export const CALL_PRESENCE_GRACE_MS = 3_000;

export interface CallPresence {
  /** A call of this node entered queue `queueId`. */
  entered(callId: string, queueId: number): void;
  /** A call of this node left its queue, or its queue call ended. */
  left(callId: string): void;
  /** This node's calls in queues, `[callId, queueId]`, as told to a new owner. */
  entries(): readonly (readonly [string, number])[];
  /** Owner side: a node named its calls, `[callId, queueId]`. */
  named(nodeId: string, calls: readonly (readonly [string, number])[]): void;
  /** Owner side: the node that named a call, if any. */
  nodeOf(callId: string): string | undefined;
  /** Owner side: the calls the nodes named, `[callId, queueId]`. */
  namedCalls(): readonly (readonly [string, number])[];
  /** Owner side: forgets what nodes named (the contact center stops here). */
  clearNamed(): void;
}

export function createCallPresence(): CallPresence {
  const own = new Map<string, number>();
  const namedBy = new Map<string, { readonly nodeId: string; readonly queueId: number }>();
  return {
    entered: (callId, queueId) => void own.set(callId, queueId),
    left: (callId) => void own.delete(callId),
    entries: () => [...own],
    named(nodeId, calls) {
      for (const [callId, queueId] of calls) namedBy.set(callId, { nodeId, queueId });
    },
    nodeOf: (callId) => namedBy.get(callId)?.nodeId,
    namedCalls: () => [...namedBy].map(([callId, { queueId }]) => [callId, queueId] as const),
    clearNamed: () => namedBy.clear(),
  };
}
