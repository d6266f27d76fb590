/**
 * Reads what a REST handler needs from a uWebSockets.js request: method, path, query, headers and
 * the body, bounded in size.
 *
 * @remarks
 * uWebSockets.js hands out the request object only during the synchronous part of the handler, and
 * the body arrives in chunks afterwards: the head is copied at once, the body collected until its
 * end or until it passes the limit (then the rest is ignored and the request refused with 413).
 */
import type { HttpRequest, HttpResponse } from 'uWebSockets.js';

export interface RequestHead {
  /** Upper-case. */
  readonly method: string;
  readonly url: string;
  readonly query: string;
  /** Lower-case names; a repeated header keeps its values joined with `, ` (RFC 9110 §5.3). */
  readonly headers: ReadonlyMap<string, string>;
  readonly remoteAddress: string;
}

export type BodyResult = { readonly type: 'body'; readonly bytes: Buffer } | { readonly type: 'too-large' };

export function readHead(res: HttpResponse, req: HttpRequest): RequestHead {
  const headers = new Map<string, string>();
  req.forEach((name, value) => {
    const previous = headers.get(name);
    headers.set(name, previous === undefined ? value : `${previous}, ${value}`);
  });
  return {
    method: req.getMethod().toUpperCase(),
    url: req.getUrl(),
    query: req.getQuery() ?? '',
    headers,
    remoteAddress: Buffer.from(res.getRemoteAddressAsText()).toString(),
  };
}

/** Collects the body; must be called in the synchronous part of the handler, after `onAborted` is set. */
export function readBody(res: HttpResponse, maxBytes: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    res.onData((chunk, isLast) => {
      if (done) return;
      size += chunk.byteLength;
      if (size > maxBytes) {
        done = true;
        resolve({ type: 'too-large' });
        return;
      }
      // The chunk's memory is reused by uWebSockets.js once this callback returns: copy it.
      chunks.push(Buffer.from(new Uint8Array(chunk)));
      if (isLast) {
        done = true;
        resolve({ type: 'body', bytes: Buffer.concat(chunks, size) });
      }
    });
  });
}
