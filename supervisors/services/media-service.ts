/**
 * The media worker pool as a service: worker threads hosting the RTP sessions of calls.
 */
import { createMediaPool, type MediaEvent, type MediaPool } from '../../media-workers/index.ts';
import type { NodeLogger } from '../logging/create-logger.ts';

export interface MediaService {
  readonly pool: MediaPool;
  /**
   * Adds a listener of every event of the pool (`session.recovered` and `session.lost` after a
   * worker died included); returns the function that removes it.
   */
  subscribe(listener: (event: MediaEvent) => void): () => void;
  close(): Promise<void>;
}

/** Starts the pool; its events are logged (session losses as errors) and given to the listeners. */
export function startMediaService(options: { readonly workers: number; readonly bindAddress: string; readonly logger: NodeLogger }): Promise<MediaService> {
  const listeners = new Set<(event: MediaEvent) => void>();
  const pool = createMediaPool({
    workers: options.workers,
    bindAddress: options.bindAddress,
    onEvent: (event) => {
      if (event.type === 'session.lost') options.logger.error({ event }, 'media session lost');
      else options.logger.debug({ event }, event.type);
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (error) {
          options.logger.error({ err: error, event: event.type }, 'media event listener failed');
        }
      }
    },
  });
  return Promise.resolve({
    pool,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => pool.close(),
  });
}
