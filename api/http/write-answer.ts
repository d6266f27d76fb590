/**
 * Writes a REST answer: JSON when it has a body (bytes as they are, for the routes that answer a
 * recording, under the content type their handler gave), nothing for 204 and for the seed's empty
 * 406 and 415, and only the head for HEAD requests. Grouped in one `cork`, as uWebSockets.js wants for
 * writes made outside its own callbacks.
 */
import type { HttpResponse } from 'uWebSockets.js';
import { STATUS_TEXT, type JsonAnswer } from './respond-json.ts';

export function writeAnswer(res: HttpResponse, answer: JsonAnswer, headOnly: boolean): void {
  res.cork(() => {
    res.writeStatus(STATUS_TEXT[answer.status] ?? String(answer.status));
    for (const [name, value] of Object.entries(answer.headers ?? {})) res.writeHeader(name, value);
    if (answer.status === 204) {
      res.endWithoutBody();
      return;
    }
    if (answer.body === undefined) {
      res.end();
      return;
    }
    if (answer.body instanceof Uint8Array) {
      if (headOnly) res.endWithoutBody(answer.body.byteLength);
      else res.end(answer.body);
      return;
    }
    const text = JSON.stringify(answer.body);
    res.writeHeader('content-type', 'application/json');
    if (headOnly) res.endWithoutBody(Buffer.byteLength(text));
    else res.end(text);
  });
}
