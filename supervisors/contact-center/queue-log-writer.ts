/**
 * The node's queue_log writer (seed CC-09, CC-10): rows from every queue and agent are written one
 * batch at a time, in the order they were produced, each batch in one transaction with the
 * statistics it changes.
 *
 * @remarks
 * A batch that fails (the database restarting, a lost connection) is tried again after a growing
 * pause, up to {@link QUEUE_LOG_ATTEMPTS} times, and the rows after it wait: the statistics fold a
 * row after the earlier rows of its call, so order matters more than speed. A batch still failing
 * after the last attempt is logged with its rows and given up, so one bad row cannot stop the log.
 * A row `writtenOnce` selects is left out when queue_log already holds it (same call, queue, agent
 * and event): a contact center taken over from another node does not write again what the
 * previous owner wrote for the calls it inherited (docs/decisions.md).
 */
import { queue } from '../../actors/index.ts';
import { writeQueueLogRows, type Database, type Queryable, type QueueLogFold } from '../../store/index.ts';
import type { NodeLogger } from '../logging/create-logger.ts';

/** How many times a batch is tried. */
export const QUEUE_LOG_ATTEMPTS = 6;
/** The first pause after a failure; each next one doubles. */
export const QUEUE_LOG_RETRY_MS = 100;

/** The queue rules as the store's fold. */
export const QUEUE_LOG_FOLD: QueueLogFold<queue.QueueStatistics> = {
  empty: queue.EMPTY_QUEUE_STATISTICS,
  apply: queue.applyQueueLogRow,
  fold: queue.foldQueueLog,
  periodic: queue.periodicCounters,
};

export interface QueueLogWriter {
  /** Queues the rows of events that happened at `atMs`. */
  write(entries: readonly queue.QueueLogEvent[], atMs: number): void;
  /** Resolves once every row queued so far is written (or given up). */
  flushed(): Promise<void>;
}

export function createQueueLogWriter(options: { readonly database: Database; readonly logger: NodeLogger; readonly retryMs?: number; readonly writtenOnce?: (row: queue.QueueLogRow) => boolean }): QueueLogWriter {
  const retryMs = options.retryMs ?? QUEUE_LOG_RETRY_MS;
  const writtenOnce = options.writtenOnce ?? (() => false);
  /** The rows not written already, of those written once. */
  const newRows = async (tx: Queryable, rows: readonly queue.QueueLogRow[]): Promise<queue.QueueLogRow[]> => {
    const kept: queue.QueueLogRow[] = [];
    for (const row of rows) {
      if (writtenOnce(row)) {
        const found = await tx.query('SELECT 1 FROM queue_log WHERE callid = $1 AND queuename = $2 AND agent = $3 AND event = $4 LIMIT 1', [row.callid, row.queuename, row.agent, row.event]);
        if (found.rows.length > 0) continue;
      }
      kept.push(row);
    }
    return kept;
  };
  let tail: Promise<void> = Promise.resolve();
  const writeBatch = async (rows: readonly queue.QueueLogRow[]): Promise<void> => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await options.database.transaction(async (tx) => writeQueueLogRows(tx, QUEUE_LOG_FOLD, await newRows(tx, rows)));
        return;
      } catch (error) {
        if (attempt >= QUEUE_LOG_ATTEMPTS) {
          options.logger.error({ err: error, rows }, 'queue_log rows not written');
          return;
        }
        options.logger.warn({ err: error, attempt }, 'queue_log write failed; trying again');
        await new Promise((resolve) => setTimeout(resolve, retryMs * 2 ** (attempt - 1)));
      }
    }
  };
  return {
    write(entries, atMs) {
      if (entries.length === 0) return;
      const rows = entries.map((entry) => queue.queueLogRow(atMs, entry));
      tail = tail.then(() => writeBatch(rows));
    },
    flushed: () => tail,
  };
}
