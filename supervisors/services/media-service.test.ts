import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { MediaEvent, MediaSessionId } from '../../media-workers/index.ts';
import { freeRtpPort, waitUntil } from '../../media-workers/testing/udp-phone.ts';
import type { NodeLogger } from '../logging/create-logger.ts';
import { startMediaService, type MediaService } from './media-service.ts';

const errors: string[] = [];
const logger: NodeLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (_fields, message) => errors.push(message),
  child: () => logger,
  flush: () => undefined,
};

const services: MediaService[] = [];
after(async () => {
  await Promise.all(services.map((service) => service.close()));
});

async function createSession(service: MediaService, sessionId: string): Promise<void> {
  for (;;) {
    const reply = await service.pool.request({
      type: 'session.create', sessionId: sessionId as MediaSessionId,
      legs: [{ rtpPort: await freeRtpPort(), codec: 'PCMA' }, { rtpPort: await freeRtpPort(), codec: 'PCMA' }],
    });
    if (reply.type === 'session.created') return;
    assert.equal(reply.code, 'PBX_ERR_MEDIA_PORT_IN_USE');
  }
}

describe('media service', () => {
  it('MUST give every pool event to each listener, even when another listener throws, and log the throw', async () => {
    const service = await startMediaService({ workers: 1, bindAddress: '127.0.0.1', logger });
    services.push(service);
    const heard: MediaEvent[] = [];
    service.subscribe(() => {
      throw new Error('a broken listener');
    });
    service.subscribe((event) => heard.push(event));
    await createSession(service, 'listened');
    await waitUntil(() => heard.some((event) => event.type === 'session.created' && event.sessionId === 'listened'), 15_000, 'session.created');
    assert.ok(errors.includes('media event listener failed'));
  });

  it('MUST stop giving events to a listener once it is removed', async () => {
    const service = await startMediaService({ workers: 1, bindAddress: '127.0.0.1', logger });
    services.push(service);
    const removed: MediaEvent[] = [];
    const kept: MediaEvent[] = [];
    service.subscribe((event) => removed.push(event))();
    service.subscribe((event) => kept.push(event));
    await createSession(service, 'unlistened');
    await waitUntil(() => kept.length > 0, 15_000, 'an event');
    assert.deepEqual(removed, []);
  });
});
