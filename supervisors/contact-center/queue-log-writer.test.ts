/** The queue_log writer: rows written in order, one batch at a time, a failed batch tried again. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Database, Queryable } from '../../store/index.ts';
import type { NodeLogger } from '../logging/create-logger.ts';
import { createQueueLogWriter, QUEUE_LOG_ATTEMPTS } from './queue-log-writer.ts';

const quietLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => quietLogger, flush: () => undefined } as unknown as NodeLogger;

/** A database whose transactions record the queue_log inserts, failing the first `failures` ones. */
function recordingDatabase(failures: number) {
  const inserted: string[] = [];
  let left = failures;
  const tx = {
    query: async (text: string, params?: readonly unknown[]) => {
      if (text.includes('INSERT INTO queue_log')) inserted.push(`${String(params?.[4])} ${String(params?.[1])}`);
      return { rows: text.includes('RETURNING id') ? [{ id: String(inserted.length) }] : [], rowCount: 0 };
    },
  } as unknown as Queryable;
  const database = {
    async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      if (left > 0) {
        left -= 1;
        throw new Error('connection lost');
      }
      return work(tx);
    },
  } as unknown as Database;
  return { database, inserted };
}

describe('queue_log writer', () => {
  it('MUST write the rows of successive batches in the order they came, a failed batch first when tried again', async () => {
    const { database, inserted } = recordingDatabase(2);
    const writer = createQueueLogWriter({ database, logger: quietLogger, retryMs: 1 });
    writer.write([{ event: 'ENTERQUEUE', callId: 'c1', queue: 'sales', callerIdNumber: '1000', position: 1 }], 1_000);
    writer.write([{ event: 'ABANDON', callId: 'c1', queue: 'sales', position: 1, originalPosition: 1, waitSeconds: 3 }], 4_000);
    await writer.flushed();
    assert.deepEqual(inserted, ['ENTERQUEUE c1', 'ABANDON c1']);
  });

  it('MUST give a batch up after the last attempt and go on with the next', async () => {
    const { database, inserted } = recordingDatabase(QUEUE_LOG_ATTEMPTS);
    const writer = createQueueLogWriter({ database, logger: quietLogger, retryMs: 1 });
    writer.write([{ event: 'JOINEMPTY', callId: 'c2', queue: 'sales' }], 1_000);
    writer.write([{ event: 'FULL', callId: 'c3', queue: 'sales' }], 2_000);
    await writer.flushed();
    assert.deepEqual(inserted, ['FULL c3']);
  });
});
