/**
 * Each queue's waiting calls over the last hour, for the console's chart: a ring of 360 slots of
 * 10 s per queue, each holding the count last seen in it and the most seen at once. Counts are
 * recorded when they change (every stable snapshot of the queue actor) and by a periodic sample,
 * so a quiet queue still has a point per slot. Bounded: at most 360 slots per queue, whatever the
 * rate of changes. Pure: time is given by the caller.
 *
 * @remarks
 * The history lives on the node that runs the contact center and starts empty there: after a
 * takeover the new owner's chart begins at the takeover (`sinceMs`), the previous owner's samples
 * are not carried over (docs/decisions.md, "waiting-calls history").
 */
import type { WaitingSample } from '../../api/index.ts';

export const HISTORY_WINDOW_MS = 3_600_000;
export const HISTORY_SLOT_MS = 10_000;
const SLOTS = HISTORY_WINDOW_MS / HISTORY_SLOT_MS;

interface Slot {
  readonly startMs: number;
  waiting: number;
  maxWaiting: number;
}

export interface WaitingHistory {
  /** When the first count was recorded. */
  readonly sinceMs: number;
  /** Records `waiting` calls in the queue at `atMs` (times never go back by more than a slot). */
  record(queueId: number, waiting: number, atMs: number): void;
  /** The slots of the hour before `nowMs`, oldest first. */
  samples(queueId: number, nowMs: number): readonly WaitingSample[];
  forget(queueId: number): void;
}

export function createWaitingHistory(startedAtMs: number): WaitingHistory {
  const rings = new Map<number, (Slot | undefined)[]>();
  return {
    sinceMs: startedAtMs,
    record(queueId, waiting, atMs) {
      const ring = rings.get(queueId) ?? new Array<Slot | undefined>(SLOTS).fill(undefined);
      rings.set(queueId, ring);
      const slotNumber = Math.floor(atMs / HISTORY_SLOT_MS);
      const index = slotNumber % SLOTS;
      const startMs = slotNumber * HISTORY_SLOT_MS;
      const slot = ring[index];
      if (slot === undefined || slot.startMs !== startMs) {
        if (slot !== undefined && slot.startMs > startMs) return;
        ring[index] = { startMs, waiting, maxWaiting: waiting };
        return;
      }
      slot.waiting = waiting;
      slot.maxWaiting = Math.max(slot.maxWaiting, waiting);
    },
    samples(queueId, nowMs) {
      const ring = rings.get(queueId) ?? [];
      const oldestMs = (Math.floor(nowMs / HISTORY_SLOT_MS) - SLOTS + 1) * HISTORY_SLOT_MS;
      return ring
        .filter((slot): slot is Slot => slot !== undefined && slot.startMs >= oldestMs && slot.startMs <= nowMs)
        .sort((left, right) => left.startMs - right.startMs)
        .map((slot) => ({ atMs: slot.startMs, waiting: slot.waiting, maxWaiting: slot.maxWaiting }));
    },
    forget: (queueId) => void rings.delete(queueId),
  };
}
