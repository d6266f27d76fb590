/**
 * One media worker thread seen from the main thread: spawning it, requests with ids and timeouts.
 *
 * @remarks
 * Workers run the TypeScript sources. On Node.js 20 a worker does not honour
 * `execArgv: ['--import', 'tsx']` for its ES-module entry (it fails with "Unknown file extension
 * .ts"), so the thread starts from a two-line bootstrap that registers tsx's loader hooks in the
 * thread and then imports `worker.ts`.
 *
 * Every request settles: with the worker's reply, with `PBX_ERR_MEDIA_REQUEST_TIMEOUT` after the
 * timeout, or with `PBX_ERR_MEDIA_WORKER_UNAVAILABLE` when the thread exits first. A request's
 * timeout counts from the moment the thread has booted: loading the code of a fresh thread takes
 * seconds on a busy machine, and that is not the worker being slow to answer. A thread that has not
 * booted within `BOOT_TIMEOUT_MS` fails what waits for it.
 */
import { Worker } from 'node:worker_threads';
import { MEDIA_ERROR_CODES, mediaFailure } from '../errors.ts';
import type { MediaFailure } from '../errors.ts';
import type { FromWorkerMessage, MediaCommand, MediaReply, MediaWorkerSettings, SessionSnapshot } from '../media-protocol.ts';

type AnyReply = MediaReply<MediaCommand['type']>;
type Pending = { readonly resolve: (reply: AnyReply) => void; readonly startTimer: () => void; timer: NodeJS.Timeout | undefined };

/** How long a fresh thread may take to load its code before what waits for it fails. */
export const BOOT_TIMEOUT_MS = 30_000;

const WORKER_ENTRY = new URL('../worker.ts', import.meta.url).href;
const TSX_API = import.meta.resolve('tsx/esm/api');
const BOOTSTRAP = `import(${JSON.stringify(TSX_API)}).then(({ register }) => { register(); return import(${JSON.stringify(WORKER_ENTRY)}); });`;

/** What a worker thread reports to its pool. */
export type WorkerThreadHandlers = {
  readonly onMessage: (thread: WorkerThread, message: Exclude<FromWorkerMessage, { type: 'reply' | 'ready' }>) => void;
  readonly onExit: (thread: WorkerThread, detail: string) => void;
};

/** A spawned media worker thread. */
export class WorkerThread {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #nextRequestId = 1;
  #alive = true;
  #ready = false;
  readonly #bootTimer: NodeJS.Timeout;
  /** The boot took longer than BOOT_TIMEOUT_MS: requests count their timeouts at once again. */
  #bootOverdue = false;

  constructor(settings: MediaWorkerSettings, handlers: WorkerThreadHandlers) {
    this.#worker = new Worker(BOOTSTRAP, { eval: true, workerData: settings });
    this.#bootTimer = setTimeout(() => {
      this.#bootOverdue = true;
      this.#failAll(mediaFailure(MEDIA_ERROR_CODES.requestTimeout, `the media worker did not boot within ${String(BOOT_TIMEOUT_MS)} ms`));
    }, BOOT_TIMEOUT_MS);
    this.#bootTimer.unref();
    this.#worker.on('message', (message: FromWorkerMessage) => {
      if (message.type === 'ready') {
        this.#ready = true;
        clearTimeout(this.#bootTimer);
        for (const pending of this.#pending.values()) pending.startTimer();
        return;
      }
      if (message.type !== 'reply') {
        handlers.onMessage(this, message);
        return;
      }
      const pending = this.#pending.get(message.requestId);
      if (pending === undefined) return;
      this.#pending.delete(message.requestId);
      clearTimeout(pending.timer);
      pending.resolve(message.reply);
    });
    let errorDetail = '';
    this.#worker.on('error', (error) => {
      errorDetail = error.message;
    });
    this.#worker.on('exit', (exitCode) => {
      this.#alive = false;
      clearTimeout(this.#bootTimer);
      this.#failAll(mediaFailure(MEDIA_ERROR_CODES.workerUnavailable, 'the media worker exited before replying'));
      handlers.onExit(this, errorDetail === '' ? `exit code ${exitCode}` : errorDetail);
    });
  }

  /** Whether the thread is still running. */
  get alive(): boolean {
    return this.#alive;
  }

  /** Whether the thread has loaded its code and answers at once (a fresh thread takes a while to boot). */
  get ready(): boolean {
    return this.#ready && this.#alive;
  }

  /** Sends a command; resolves with its reply or a failure value, never rejects. */
  request(command: MediaCommand, timeoutMs: number, restore?: SessionSnapshot): Promise<AnyReply> {
    if (!this.#alive) return Promise.resolve(mediaFailure(MEDIA_ERROR_CODES.workerUnavailable, 'the media worker has exited'));
    const requestId = this.#nextRequestId;
    this.#nextRequestId += 1;
    return new Promise((resolve) => {
      const pending: Pending = {
        resolve,
        timer: undefined,
        startTimer: () => {
          pending.timer ??= setTimeout(() => {
            this.#pending.delete(requestId);
            resolve(mediaFailure(MEDIA_ERROR_CODES.requestTimeout, `media worker did not answer ${command.type} within ${String(timeoutMs)} ms`));
          }, timeoutMs);
        },
      };
      this.#pending.set(requestId, pending);
      if (this.#ready || this.#bootOverdue) pending.startTimer();
      this.#worker.postMessage(restore === undefined ? { type: 'request', requestId, command } : { type: 'request', requestId, command, restore });
    });
  }

  /** Stops the thread; its sockets are closed by the runtime as the thread ends. */
  async terminate(): Promise<void> {
    await this.#worker.terminate();
  }

  #failAll(failure: MediaFailure): void {
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.resolve(failure);
    }
    this.#pending.clear();
  }
}
