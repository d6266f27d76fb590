/**
 * Cutting a TCP or TLS byte stream into SIP messages.
 *
 * @remarks On a stream the message length comes from Content-Length, which is therefore
 * mandatory (RFC 3261 §18.3). CRLFs between messages are keepalives: a double CRLF is a ping
 * to answer with a single CRLF pong (RFC 5626 §3.5.1); a lone CRLF is a pong, or stray bytes a
 * receiver must ignore (RFC 3261 §7.5).
 * https://www.rfc-editor.org/rfc/rfc3261#section-18.3
 */
import type { ParseErrorCode, ParseLimits } from './parse-result.ts';
import { DEFAULT_PARSE_LIMITS } from './parse-result.ts';
import { findContentLength } from './content-length-scan.ts';

/** What the framer found in the bytes pushed so far. */
export type FramerEvent =
  | { readonly type: 'message'; readonly bytes: Uint8Array }
  /** `pong: true` when a double-CRLF ping must be answered with a single CRLF. */
  | { readonly type: 'keepalive'; readonly pong: boolean }
  /** Fatal: the stream cannot be resynchronised, the transport closes the connection. */
  | { readonly type: 'error'; readonly code: ParseErrorCode; readonly reason: string };

/** A stateful framer for one connection. */
export interface StreamFramer {
  /** Appends received bytes and returns the events they complete, in order. */
  push(chunk: Uint8Array): readonly FramerEvent[];
}

const CRLF_CRLF = Buffer.from('\r\n\r\n', 'latin1');
const INITIAL_CAPACITY = 4096;

/**
 * Creates a framer for one connection.
 *
 * @remarks The buffer grows by doubling and is compacted when a message leaves it; the search
 * for the end of a header section resumes where it stopped and a message's length is computed
 * once, so a message pushed one byte at a time costs linear time. A ping split across two chunks
 * is reported as a pong-less keepalive (the first CRLF) then a ping (the second). After an error
 * every later push returns no event.
 * https://www.rfc-editor.org/rfc/rfc5626#section-3.5.1
 */
export function createStreamFramer(limits: ParseLimits = DEFAULT_PARSE_LIMITS): StreamFramer {
  return new SipStreamFramer(limits);
}

class SipStreamFramer implements StreamFramer {
  readonly #limits: ParseLimits;
  #data = Buffer.alloc(INITIAL_CAPACITY);
  #start = 0;
  #end = 0;
  /** Where the search for the end of the header section resumes. */
  #scannedTo = 0;
  /** Length of the message at `#start` once its header section was read, else -1. */
  #messageLength = -1;
  /** The last bytes consumed were a lone CRLF at the end of a chunk: maybe half a ping. */
  #loneCrlfPending = false;
  #failed = false;

  constructor(limits: ParseLimits) {
    this.#limits = limits;
  }

  push(chunk: Uint8Array): readonly FramerEvent[] {
    const events: FramerEvent[] = [];
    if (this.#failed) return events;
    this.#append(chunk);
    for (;;) {
      if (this.#messageLength < 0) {
        if (!this.#readKeepalives(events)) break;
        const found = this.#readMessageLength(events);
        if (found !== 'found') break;
      }
      if (this.#end - this.#start < this.#messageLength) break;
      events.push({ type: 'message', bytes: this.#take(this.#messageLength) });
      this.#messageLength = -1;
    }
    return events;
  }

  #append(chunk: Uint8Array): void {
    if (this.#end + chunk.length > this.#data.length) {
      const kept = this.#end - this.#start;
      const needed = kept + chunk.length;
      const grown = Buffer.alloc(Math.max(needed, needed > this.#data.length / 2 ? this.#data.length * 2 : this.#data.length));
      this.#data.copy(grown, 0, this.#start, this.#end);
      this.#scannedTo -= this.#start;
      this.#start = 0;
      this.#end = kept;
      this.#data = grown;
    }
    this.#data.set(chunk, this.#end);
    this.#end += chunk.length;
  }

  /** Removes `length` bytes from the front, returned as a copy. */
  #take(length: number): Uint8Array {
    const bytes = new Uint8Array(length);
    this.#data.copy(bytes, 0, this.#start, this.#start + length);
    this.#start += length;
    if (this.#start === this.#end) this.#start = this.#end = 0;
    this.#scannedTo = this.#start;
    return bytes;
  }

  /** Consumes the CRLF keepalives at the front; true when message bytes follow. */
  #readKeepalives(events: FramerEvent[]): boolean {
    for (;;) {
      const available = this.#end - this.#start;
      const first = this.#data[this.#start];
      if (available === 0) return false;
      if (first !== 13) break;
      if (available < 2) return false;
      if (this.#data[this.#start + 1] !== 10) break;
      const isPing = available >= 4 && this.#data[this.#start + 2] === 13 && this.#data[this.#start + 3] === 10;
      if (this.#loneCrlfPending || isPing) {
        this.#take(this.#loneCrlfPending ? 2 : 4);
        this.#loneCrlfPending = false;
        events.push({ type: 'keepalive', pong: true });
        continue;
      }
      if (available === 3 && this.#data[this.#start + 2] === 13) return false;
      this.#take(2);
      this.#loneCrlfPending = this.#start === this.#end;
      events.push({ type: 'keepalive', pong: false });
    }
    this.#loneCrlfPending = false;
    return true;
  }

  /** Reads the length of the message at the front once its header section is complete. */
  #readMessageLength(events: FramerEvent[]): 'found' | 'wait' | 'failed' {
    const searchFrom = Math.max(this.#start, this.#scannedTo - 3);
    const headEnd = this.#data.subarray(0, this.#end).indexOf(CRLF_CRLF, searchFrom);
    if (headEnd < 0) {
      this.#scannedTo = this.#end;
      if (this.#end - this.#start <= this.#limits.maxHeaderBytes) return 'wait';
      return this.#fail(events, 'PBX_ERR_SIP_PARSE_TOO_LARGE', 'header section too large');
    }
    if (headEnd - this.#start > this.#limits.maxHeaderBytes) {
      return this.#fail(events, 'PBX_ERR_SIP_PARSE_TOO_LARGE', 'header section too large');
    }
    const contentLength = findContentLength(this.#data.toString('latin1', this.#start, headEnd));
    if (typeof contentLength !== 'number') return this.#fail(events, 'PBX_ERR_SIP_PARSE_CONTENT_LENGTH', contentLength.reason);
    this.#messageLength = headEnd + 4 - this.#start + contentLength;
    if (this.#messageLength <= this.#limits.maxMessageBytes) return 'found';
    return this.#fail(events, 'PBX_ERR_SIP_PARSE_TOO_LARGE', 'message too large');
  }

  #fail(events: FramerEvent[], code: ParseErrorCode, reason: string): 'failed' {
    this.#failed = true;
    events.push({ type: 'error', code, reason });
    return 'failed';
  }
}
