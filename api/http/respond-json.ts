/**
 * Answers a uWebSockets.js request with JSON, from synchronous or asynchronous handlers.
 *
 * @remarks
 * uWebSockets.js forbids touching a response after the client went away, and wants the writes of
 * an asynchronous answer grouped in `cork`. Every HTTP handler of parley goes through here, so
 * neither rule can be forgotten.
 */
import type { HttpRequest, HttpResponse } from 'uWebSockets.js';

export interface JsonAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export const STATUS_TEXT: Readonly<Record<number, string>> = {
  200: '200 OK',
  201: '201 Created',
  204: '204 No Content',
  400: '400 Bad Request',
  401: '401 Unauthorized',
  403: '403 Forbidden',
  404: '404 Not Found',
  405: '405 Method Not Allowed',
  406: '406 Not Acceptable',
  409: '409 Conflict',
  412: '412 Precondition Failed',
  413: '413 Content Too Large',
  415: '415 Unsupported Media Type',
  429: '429 Too Many Requests',
  500: '500 Internal Server Error',
  503: '503 Service Unavailable',
};

/** Runs `handler` and writes its answer, unless the client aborted meanwhile; a throw becomes 500. */
export function respondJson(
  res: HttpResponse,
  req: HttpRequest,
  handler: (req: HttpRequest) => JsonAnswer | Promise<JsonAnswer>,
): void {
  let aborted = false;
  res.onAborted(() => {
    aborted = true;
  });
  const write = (answer: JsonAnswer): void => {
    if (aborted) return;
    res.cork(() => {
      res.writeStatus(STATUS_TEXT[answer.status] ?? String(answer.status));
      res.writeHeader('content-type', 'application/json');
      for (const [name, value] of Object.entries(answer.headers ?? {})) res.writeHeader(name, value);
      res.end(JSON.stringify(answer.body));
    });
  };
  const failed = (error: unknown): void =>
    write({ status: 500, body: [`internal error: ${error instanceof Error ? error.message : String(error)}`] });
  try {
    const answer = handler(req);
    if (answer instanceof Promise) answer.then(write, failed);
    else write(answer);
  } catch (error) {
    failed(error);
  }
}
