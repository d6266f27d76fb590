/**
 * The calls each user is in on this node, for the `simultaneous_calls` limit (seed CF-04): a user
 * at the limit is busy for new calls (busy forward or 486).
 *
 * @remarks
 * A call counts for its caller from the start and for a callee from the moment its phones ring,
 * until the call ends, as Asterisk counts a device's channels. Idempotent per (user, call), so a
 * forward or a second contact of the same user does not count twice.
 */
export interface ActiveCalls {
  add(userId: number, callId: string): void;
  /** Removes the call from every user it counted for. */
  end(callId: string): void;
  count(userId: number): number;
  /** Each user with calls and how many (the report a node sends the contact center's owner). */
  entries(): [number, number][];
  /** The users call `callId` counts for (a replica carries them to another node). */
  usersOf(callId: string): number[];
}

export function createActiveCalls(): ActiveCalls {
  const byUser = new Map<number, Set<string>>();
  const byCall = new Map<string, Set<number>>();
  return {
    add(userId, callId) {
      const calls = byUser.get(userId) ?? new Set<string>();
      calls.add(callId);
      byUser.set(userId, calls);
      const users = byCall.get(callId) ?? new Set<number>();
      users.add(userId);
      byCall.set(callId, users);
    },
    end(callId) {
      for (const userId of byCall.get(callId) ?? []) {
        const calls = byUser.get(userId);
        calls?.delete(callId);
        if (calls?.size === 0) byUser.delete(userId);
      }
      byCall.delete(callId);
    },
    count: (userId) => byUser.get(userId)?.size ?? 0,
    usersOf: (callId) => [...(byCall.get(callId) ?? [])],
    entries: () => [...byUser].map(([userId, calls]) => [userId, calls.size]),
  };
}
