/**
 * The media worker pool as a service: worker threads hosting the RTP sessions of calls.
 */
import { createMediaPool, type MediaPool } from '../../media-workers/index.ts';
import type { NodeLogger } from '../logging/create-logger.ts';

export interface MediaService {
  readonly pool: MediaPool;
  close(): Promise<void>;
}

/** Starts the pool; its events are logged (session losses as errors). */
export function startMediaService(options: { readonly workers: number; readonly bindAddress: string; readonly logger: NodeLogger }): Promise<MediaService> {
  const pool = createMediaPool({
    workers: options.workers,
    bindAddress: options.bindAddress,
    onEvent: (event) => {
      if (event.type === 'session.lost') options.logger.error({ event }, 'media session lost');
      else options.logger.debug({ event }, event.type);
    },
  });
  return Promise.resolve({ pool, close: () => pool.close() });
}
