/**
 * Feeds the waiting-calls history (waiting-history.ts): every queue's count each `sampleMs`
 * (10 s), each change as the queue actor's stable snapshots report it, and, once at start, the
 * hour before as queue_log's waits tell it.
 */
import type { QueueWaitRow } from '../../store/index.ts';
import { createWaitingHistory, HISTORY_SLOT_MS, HISTORY_WINDOW_MS, type WaitingHistory } from './waiting-history.ts';

/** How far back the waits are read: a call that entered up to an hour before the chart's hour still counts. */
export const REBUILD_LOOKBACK_MS = 2 * HISTORY_WINDOW_MS;

export interface WaitingSampler {
  readonly history: WaitingHistory;
  /** A queue's snapshot changed: its waiting count now. */
  changed(queueId: number, waiting: number): void;
  /**
   * Rebuilds the hour before now of these queues from queue_log's waits (read from now minus
   * {@link REBUILD_LOOKBACK_MS}). A wait no row ended counts until now if its call waits in the
   * queue now (`waitingNow`), and not at all otherwise: its end is unknown (its node stopped).
   */
  rebuild(waits: readonly QueueWaitRow[], queues: Iterable<{ readonly queueId: number; readonly name: string }>, waitingNow: (queueId: number) => ReadonlySet<string>): void;
  close(): void;
}

export function createWaitingSampler(options: {
  readonly now: () => number;
  /** The queues running now, with their waiting calls (undefined: not running). */
  readonly queues: () => Iterable<number>;
  readonly waitingOf: (queueId: number) => number | undefined;
  readonly sampleMs?: number;
}): WaitingSampler {
  const history = createWaitingHistory(options.now());
  const sample = (): void => {
    for (const queueId of options.queues()) {
      const waiting = options.waitingOf(queueId);
      if (waiting !== undefined) history.record(queueId, waiting, options.now());
    }
  };
  const timer = setInterval(sample, options.sampleMs ?? HISTORY_SLOT_MS);
  timer.unref();
  return {
    history,
    changed: (queueId, waiting) => history.record(queueId, waiting, options.now()),
    rebuild(waits, queues, waitingNow) {
      const at = options.now();
      for (const { queueId, name } of queues) {
        const present = waitingNow(queueId);
        history.seed(queueId, waits.filter((wait) => wait.queueName === name && (wait.leftAtMs !== null || present.has(wait.callId))), at);
      }
    },
    close: () => clearInterval(timer),
  };
}
