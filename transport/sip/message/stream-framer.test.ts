import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FramerEvent } from './stream-framer.ts';
import { DEFAULT_PARSE_LIMITS } from './parse-result.ts';
import { createStreamFramer } from './stream-framer.ts';
import { parseMessage } from './parser.ts';

function message(body: string, callId = 'a84b4c76e66710'): Buffer {
  const bodyBytes = Buffer.from(body, 'utf8');
  return Buffer.from(
    'OPTIONS sip:bob@biloxi.com SIP/2.0\r\n' +
      'Via: SIP/2.0/TCP pc33.atlanta.com;branch=z9hG4bKhjhs8ass877\r\n' +
      'To: <sip:bob@biloxi.com>\r\nFrom: <sip:alice@atlanta.com>;tag=1\r\n' +
      `Call-ID: ${callId}\r\nCSeq: 1 OPTIONS\r\nContent-Length: ${String(bodyBytes.length)}\r\n\r\n${body}`,
    'utf8',
  );
}

function pushAll(chunks: readonly Uint8Array[], limits = DEFAULT_PARSE_LIMITS): FramerEvent[] {
  const framer = createStreamFramer(limits);
  return chunks.flatMap((chunk) => [...framer.push(chunk)]);
}

function messagesOf(events: readonly FramerEvent[]): string[] {
  return events.flatMap((event) => (event.type === 'message' ? [Buffer.from(event.bytes).toString('utf8')] : []));
}

describe('createStreamFramer: messages', () => {
  it('emits a whole message pushed in one chunk', () => {
    const bytes = message('hello');
    assert.deepEqual(messagesOf(pushAll([bytes])), [bytes.toString()]);
  });

  it('emits the same message whatever byte boundary splits it into two chunks', () => {
    const bytes = message('v=0\r\n\r\nbody with an empty line');
    for (let cut = 0; cut <= bytes.length; cut++) {
      assert.deepEqual(messagesOf(pushAll([bytes.subarray(0, cut), bytes.subarray(cut)])), [bytes.toString()], `cut at ${String(cut)}`);
    }
  });

  it('emits the message when it arrives one byte at a time', () => {
    const bytes = message('one byte at a time');
    assert.deepEqual(messagesOf(pushAll([...bytes].map((byte) => Uint8Array.of(byte)))), [bytes.toString()]);
  });

  it('emits every message of a chunk holding several, in order', () => {
    const three = [message('1', 'a'), message('', 'b'), message('333', 'c')];
    assert.deepEqual(messagesOf(pushAll([Buffer.concat(three)])), three.map(String));
  });

  it('holds back an incomplete body until it arrives', () => {
    const framer = createStreamFramer();
    const bytes = message('0123456789');
    assert.deepEqual(framer.push(bytes.subarray(0, bytes.length - 3)), []);
    assert.deepEqual(messagesOf(framer.push(bytes.subarray(bytes.length - 3))), [bytes.toString()]);
  });

  it('emits bytes that parseMessage accepts', () => {
    const [event] = pushAll([message('x')]);
    assert.equal(event?.type === 'message' ? parseMessage(event.bytes).type : 'none', 'ok');
  });

  it('emits a copy, unaffected by later changes to the pushed chunk', () => {
    const bytes = message('abc');
    const [event] = pushAll([bytes]);
    bytes.fill(0);
    assert.equal(event?.type === 'message' ? Buffer.from(event.bytes).toString().startsWith('OPTIONS') : false, true);
  });

  it('recognises the compact form l: and a folded Content-Length', () => {
    const compact = Buffer.from(message('abc').toString().replace('Content-Length: 3', 'l:\r\n  3'));
    assert.deepEqual(messagesOf(pushAll([compact])), [compact.toString()]);
  });
});

describe('createStreamFramer: keepalives (RFC 5626 §3.5.1)', () => {
  it('reports a double-CRLF ping as a keepalive to answer with a pong', () => {
    assert.deepEqual(pushAll([Buffer.from('\r\n\r\n')]), [{ type: 'keepalive', pong: true }]);
  });

  it('reports a single CRLF (a pong) as a keepalive not to answer', () => {
    assert.deepEqual(pushAll([Buffer.from('\r\n'), message('')]).slice(0, 1), [{ type: 'keepalive', pong: false }]);
  });

  it('reports a ping split across two chunks once as a pong to send', () => {
    const events = pushAll([Buffer.from('\r\n'), Buffer.from('\r\n')]);
    assert.deepEqual(events.filter((event) => event.type === 'keepalive' && event.pong).length, 1);
  });

  it('waits for the fourth byte of a possible ping', () => {
    const framer = createStreamFramer();
    assert.deepEqual(framer.push(Buffer.from('\r\n\r')), []);
    assert.deepEqual(framer.push(Buffer.from('\n')), [{ type: 'keepalive', pong: true }]);
  });

  it('consumes keepalives between messages', () => {
    const events = pushAll([Buffer.concat([message('a'), Buffer.from('\r\n\r\n'), message('b')])]);
    assert.deepEqual(events.map((event) => event.type), ['message', 'keepalive', 'message']);
  });
});

describe('createStreamFramer: errors', () => {
  it('MUST fail on a message without Content-Length (RFC 3261 §18.3)', () => {
    const bytes = Buffer.from(message('').toString().replace('Content-Length: 0\r\n', ''));
    assert.deepEqual(pushAll([bytes]).map((event) => (event.type === 'error' ? event.code : event.type)), ['PBX_ERR_SIP_PARSE_CONTENT_LENGTH']);
  });

  it('MUST fail on a Content-Length that is not a number', () => {
    const bytes = Buffer.from(message('').toString().replace('Content-Length: 0', 'Content-Length: zero'));
    assert.equal(pushAll([bytes])[0]?.type, 'error');
  });

  it('MUST fail on a header section growing past maxHeaderBytes without its empty line', () => {
    const limits = { ...DEFAULT_PARSE_LIMITS, maxHeaderBytes: 1024 };
    const events = pushAll([Buffer.from('OPTIONS sip:b@h SIP/2.0\r\nX: ' + 'a'.repeat(2000))], limits);
    assert.deepEqual(events.map((event) => (event.type === 'error' ? event.code : event.type)), ['PBX_ERR_SIP_PARSE_TOO_LARGE']);
  });

  it('MUST fail on a Content-Length beyond maxMessageBytes before the body arrives', () => {
    const bytes = Buffer.from(message('').toString().replace('Content-Length: 0', 'Content-Length: 99999999'));
    assert.deepEqual(pushAll([bytes]).map((event) => (event.type === 'error' ? event.code : event.type)), ['PBX_ERR_SIP_PARSE_TOO_LARGE']);
  });

  it('emits nothing more once failed', () => {
    const framer = createStreamFramer();
    framer.push(Buffer.from(message('').toString().replace('Content-Length: 0\r\n', '')));
    assert.deepEqual(framer.push(message('a')), []);
  });

  it('emits the messages before a failure, then the failure', () => {
    const bad = Buffer.from(message('').toString().replace('Content-Length: 0\r\n', ''));
    assert.deepEqual(pushAll([Buffer.concat([message('ok'), bad])]).map((event) => event.type), ['message', 'error']);
  });
});
