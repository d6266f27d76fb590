/**
 * Entry point of a media worker thread.
 *
 * @remarks
 * The thread hosts whole sessions (their sockets, relays and players) and talks to the main thread
 * only through the messages of `media-protocol.ts`. A command that fails becomes a failure reply;
 * an unexpected exception inside a command is a bug, reported as a failure reply too so that the
 * caller never waits for a reply that will not come, while the worker's other sessions go on.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { systemClock } from './clock.ts';
import { MEDIA_ERROR_CODES, mediaFailure } from './errors.ts';
import type { FromWorkerMessage, MediaWorkerSettings, ToWorkerMessage } from './media-protocol.ts';
import { SessionHost } from './worker/session-host.ts';

const port = parentPort;
if (port === null) throw new Error('media-workers/worker.ts must run in a worker thread');
const settings = workerData as MediaWorkerSettings;
const post = (message: FromWorkerMessage): void => port.postMessage(message);
const host = new SessionHost(settings, systemClock, post);

port.on('message', (message: ToWorkerMessage) => {
  host.execute(message.command, message.restore).then(
    (reply) => post({ type: 'reply', requestId: message.requestId, reply }),
    (error: unknown) =>
      post({ type: 'reply', requestId: message.requestId, reply: mediaFailure(MEDIA_ERROR_CODES.invalidCommand, `command ${message.command.type} failed: ${String(error)}`) }),
  );
});

setInterval(() => host.pushSnapshots(), settings.snapshotIntervalMs);
post({ type: 'ready' });
