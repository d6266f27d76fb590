/**
 * Feeds the waiting-calls history (waiting-history.ts): every queue's count each `sampleMs`
 * (10 s), and each change as the queue actor's stable snapshots report it.
 */
import { createWaitingHistory, HISTORY_SLOT_MS, type WaitingHistory } from './waiting-history.ts';

export interface WaitingSampler {
  readonly history: WaitingHistory;
  /** A queue's snapshot changed: its waiting count now. */
  changed(queueId: number, waiting: number): void;
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
    close: () => clearInterval(timer),
  };
}
