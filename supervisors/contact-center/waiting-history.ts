/**
 * Each queue's waiting calls over the last hour, for the console's chart: a ring of 360 slots of
 * 10 s per queue, each holding the count last seen in it and the most seen at once. Counts are
 * recorded when they change (every stable snapshot of the queue actor) and by a periodic sample,
 * so a quiet queue still has a point per slot. Bounded: at most 360 slots per queue, whatever the
 * rate of changes. Pure: time is given by the caller.
 *
 * @remarks
 * The history lives on the node that runs the contact center. A node that starts running it (at
 * boot, or taking it over) rebuilds the hour before from the waits queue_log records in the shared
 * database (`seed`): each call counts from its ENTERQUEUE to the row that ended its wait (a call
 * still waiting, until now; waiting-sampler.ts leaves out a wait that no row ended and no queue
 * holds). See docs/decisions.md, "waiting-calls history".
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

/** One call's wait: entered at, left at (null: still waiting, as far as is known). */
export interface RecordedWait {
  readonly enteredAtMs: number;
  readonly leftAtMs: number | null;
}

export interface WaitingHistory {
  /** Since when the history is known: its start, or an hour before it once seeded. */
  readonly sinceMs: number;
  /**
   * Fills the hour before `nowMs` from recorded waits; a slot already sampled keeps its last
   * count and the larger of the two maxima.
   */
  seed(queueId: number, waits: readonly RecordedWait[], nowMs: number): void;
  /** Records `waiting` calls in the queue at `atMs` (times never go back by more than a slot). */
  record(queueId: number, waiting: number, atMs: number): void;
  /** The slots of the hour before `nowMs`, oldest first. */
  samples(queueId: number, nowMs: number): readonly WaitingSample[];
  forget(queueId: number): void;
}

/** The slots of the hour before `nowMs` as the waits fill them: the count at each slot's end and its most. */
export function slotsOfWaits(waits: readonly RecordedWait[], nowMs: number): readonly { readonly startMs: number; readonly waiting: number; readonly maxWaiting: number }[] {
  const firstSlotMs = (Math.floor(nowMs / HISTORY_SLOT_MS) - SLOTS + 1) * HISTORY_SLOT_MS;
  // +1 at each entry, -1 at each exit; an exit sorts before an entry at the same time.
  const changes = waits.flatMap((wait) => [[wait.enteredAtMs, 1], ...(wait.leftAtMs === null ? [] : [[wait.leftAtMs, -1]])] as [number, number][]).sort((left, right) => left[0] - right[0] || left[1] - right[1]);
  let waiting = 0;
  let next = 0;
  for (; next < changes.length && (changes[next]?.[0] ?? Infinity) < firstSlotMs; next += 1) waiting += changes[next]?.[1] ?? 0;
  const slots: { startMs: number; waiting: number; maxWaiting: number }[] = [];
  for (let startMs = firstSlotMs; startMs <= nowMs; startMs += HISTORY_SLOT_MS) {
    let maxWaiting = waiting;
    for (; next < changes.length && (changes[next]?.[0] ?? Infinity) < startMs + HISTORY_SLOT_MS; next += 1) {
      waiting += changes[next]?.[1] ?? 0;
      maxWaiting = Math.max(maxWaiting, waiting);
    }
    slots.push({ startMs, waiting, maxWaiting });
  }
  return slots;
}

export function createWaitingHistory(startedAtMs: number): WaitingHistory {
  const rings = new Map<number, (Slot | undefined)[]>();
  let sinceMs = startedAtMs;
  const ringOf = (queueId: number): (Slot | undefined)[] => {
    const ring = rings.get(queueId) ?? new Array<Slot | undefined>(SLOTS).fill(undefined);
    rings.set(queueId, ring);
    return ring;
  };
  return {
    get sinceMs() {
      return sinceMs;
    },
    seed(queueId, waits, nowMs) {
      const ring = ringOf(queueId);
      const slots = slotsOfWaits(waits, nowMs);
      for (const seeded of slots) {
        const index = (seeded.startMs / HISTORY_SLOT_MS) % SLOTS;
        const slot = ring[index];
        if (slot !== undefined && slot.startMs === seeded.startMs) slot.maxWaiting = Math.max(slot.maxWaiting, seeded.maxWaiting);
        else if (slot === undefined || slot.startMs < seeded.startMs) ring[index] = { ...seeded };
      }
      sinceMs = Math.min(sinceMs, slots[0]?.startMs ?? sinceMs);
    },
    record(queueId, waiting, atMs) {
      const ring = ringOf(queueId);
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
