import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ParseResult } from './parse-result.ts';
import type { SipMessage } from './sip-message.ts';
import { DEFAULT_PARSE_LIMITS } from './parse-result.ts';
import { parseMessage } from './parser.ts';
import { getHeader, getHeaders } from './headers.ts';
import { parseVia, topVia } from './via.ts';

const CRLF = '\r\n';

function request(headerLines: readonly string[], body = '', startLine = 'OPTIONS sip:bob@biloxi.com SIP/2.0'): Buffer {
  return Buffer.from([startLine, ...headerLines, '', body].join(CRLF), 'utf8');
}

const BASE = [
  'Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKhjhs8ass877',
  'Max-Forwards: 70',
  'To: <sip:bob@biloxi.com>',
  'From: Alice <sip:alice@atlanta.com>;tag=1928301774',
  'Call-ID: a84b4c76e66710',
  'CSeq: 63104 OPTIONS',
];

function ok(result: ParseResult): SipMessage {
  if (result.type !== 'ok') assert.fail(`expected ok, got ${result.code}: ${result.reason}`);
  return result.message;
}

function codeOf(result: ParseResult): string {
  return result.type === 'ok' ? 'ok' : result.code;
}

describe('parseMessage: requests and responses', () => {
  it('reads the Request-Line: method, Request-URI as received', () => {
    const message = ok(parseMessage(request(BASE)));
    assert.deepEqual(message.type === 'request' ? [message.method, message.uri] : [], ['OPTIONS', 'sip:bob@biloxi.com']);
  });

  it('reads the Status-Line: status and reason phrase with its spaces', () => {
    const message = ok(parseMessage(request(BASE.map((line) => line.replace('OPTIONS', 'INVITE')), '', 'SIP/2.0 180 Ringing Now')));
    assert.deepEqual(message.type === 'response' ? [message.status, message.reason] : [], [180, 'Ringing Now']);
  });

  it('stores header names in lower case with compact forms expanded', () => {
    const message = ok(parseMessage(request([...BASE, 'SUBJECT: hi', 'k: path'])));
    assert.deepEqual([message.headers['subject'], message.headers['supported']], [['hi'], ['path']]);
  });

  it('accepts whitespace before the colon of a header (HCOLON)', () => {
    const message = ok(parseMessage(request([...BASE, 'Subject \t : hi'])));
    assert.equal(getHeader(message, 'subject'), 'hi');
  });

  it('unfolds continuation lines into one value with single spaces', () => {
    const message = ok(parseMessage(request([...BASE, 'Subject: one', '   two', '\tthree'])));
    assert.equal(getHeader(message, 'subject'), 'one two three');
  });

  it('splits list headers at top-level commas and keeps several lines in order', () => {
    const message = ok(parseMessage(request([...BASE, 'Allow: INVITE, ACK ,BYE', 'Allow: CANCEL'])));
    assert.deepEqual(getHeaders(message, 'allow'), ['INVITE', 'ACK', 'BYE', 'CANCEL']);
  });

  it('never splits inside quotes or angle brackets', () => {
    const message = ok(parseMessage(request([...BASE, 'Contact: "Doe, John" <sip:j@h;x=a,b>, <sip:k@h>'])));
    assert.deepEqual(getHeaders(message, 'contact'), ['"Doe, John" <sip:j@h;x=a,b>', '<sip:k@h>']);
  });

  it('never splits headers that are not lists (WWW-Authenticate, Date, Subject, unknown headers)', () => {
    const lines = ['WWW-Authenticate: Digest realm="a", nonce="b"', 'Date: Sat, 13 Nov 2010 23:29:00 GMT', 'Subject: a, b', 'X-Thing: a, b'];
    const message = ok(parseMessage(request([...BASE, ...lines])));
    assert.deepEqual(['www-authenticate', 'date', 'subject', 'x-thing'].map((name) => getHeaders(message, name).length), [1, 1, 1, 1]);
  });

  it('ignores CRLFs before the start line (RFC 3261 §7.5)', () => {
    const message = ok(parseMessage(Buffer.concat([Buffer.from('\r\n\r\n'), request(BASE)])));
    assert.equal(message.type, 'request');
  });

  it('accepts a Uint8Array that is a view into a larger buffer', () => {
    const bytes = request(BASE, 'body!');
    const larger = new Uint8Array(bytes.length + 10);
    larger.set(bytes, 5);
    assert.equal(new TextDecoder().decode(ok(parseMessage(larger.subarray(5, 5 + bytes.length))).body), 'body!');
  });

  it('keeps UTF-8 in header values', () => {
    const message = ok(parseMessage(request([...BASE, 'Subject: Grüße 👋'])));
    assert.equal(getHeader(message, 'subject'), 'Grüße 👋');
  });

  it('stores headers named __proto__ or constructor as plain own values', () => {
    const message = ok(parseMessage(request([...BASE, '__proto__: x', 'constructor: y'])));
    assert.deepEqual([getHeaders(message, '__proto__'), getHeaders(message, 'constructor')], [['x'], ['y']]);
    assert.equal(Object.getPrototypeOf(message.headers), Object.prototype);
  });
});

describe('parseMessage: body', () => {
  it('bounds the body by Content-Length and ignores extra datagram bytes (RFC 3261 §18.3)', () => {
    const message = ok(parseMessage(request([...BASE, 'Content-Length: 3'], 'abcdef')));
    assert.equal(new TextDecoder().decode(message.body), 'abc');
  });

  it('MUST reject a body shorter than Content-Length', () => {
    assert.equal(codeOf(parseMessage(request([...BASE, 'Content-Length: 10'], 'abc'))), 'PBX_ERR_SIP_PARSE_TRUNCATED_BODY');
  });

  it('takes the rest of the datagram when Content-Length is absent', () => {
    assert.equal(new TextDecoder().decode(ok(parseMessage(request(BASE, 'v=0\r\n'))).body), 'v=0\r\n');
  });

  it('keeps binary bodies byte for byte, as a plain Uint8Array independent of the input', () => {
    const head = request([...BASE, 'Content-Length: 6']);
    const bytes = Buffer.concat([head, Buffer.from([0, 13, 10, 13, 10, 255])]);
    const body = ok(parseMessage(bytes)).body;
    bytes.fill(0);
    assert.deepEqual([Object.getPrototypeOf(body), [...body]], [Uint8Array.prototype, [0, 13, 10, 13, 10, 255]]);
  });
});

describe('parseMessage: rejected input', () => {
  const cases: readonly [string, Buffer, string][] = [
    ['garbage start line', request(BASE, '', 'HELLO'), 'PBX_ERR_SIP_PARSE_START_LINE'],
    ['status below 100', request(BASE, '', 'SIP/2.0 099 Nope'), 'PBX_ERR_SIP_PARSE_START_LINE'],
    ['status above 699', request(BASE, '', 'SIP/2.0 700 Nope'), 'PBX_ERR_SIP_PARSE_START_LINE'],
    ['another SIP version (505)', request(BASE, '', 'OPTIONS sip:bob@biloxi.com SIP/3.0'), 'PBX_ERR_SIP_PARSE_VERSION'],
    ['a method that is not a token', request(BASE, '', 'OPT(IONS sip:bob@biloxi.com SIP/2.0'), 'PBX_ERR_SIP_PARSE_START_LINE'],
    ['a Request-URI that is not a URI', request(BASE, '', 'OPTIONS bob SIP/2.0'), 'PBX_ERR_SIP_PARSE_REQUEST_URI'],
    ['no Via', request(BASE.slice(1)), 'PBX_ERR_SIP_PARSE_MISSING_HEADER'],
    ['a malformed top Via', request(['Via: SIP/2.0/UDP', ...BASE.slice(1)]), 'PBX_ERR_SIP_PARSE_VIA'],
    ['two Call-IDs', request([...BASE, 'i: other']), 'PBX_ERR_SIP_PARSE_DUPLICATE_HEADER'],
    ['two To', request([...BASE, 't: <sip:x@y>']), 'PBX_ERR_SIP_PARSE_DUPLICATE_HEADER'],
    ['no From', request(BASE.filter((line) => !line.startsWith('From'))), 'PBX_ERR_SIP_PARSE_MISSING_HEADER'],
    ['a Call-ID with spaces', request([...BASE.slice(0, 4), 'Call-ID: a b', BASE[5] ?? '']), 'PBX_ERR_SIP_PARSE_CALL_ID'],
    ['a CSeq method unlike the request method', request([...BASE.slice(0, 5), 'CSeq: 1 INVITE']), 'PBX_ERR_SIP_PARSE_CSEQ'],
    ['a CSeq without number', request([...BASE.slice(0, 5), 'CSeq: OPTIONS']), 'PBX_ERR_SIP_PARSE_CSEQ'],
    ['Max-Forwards above 255', request([BASE[0] ?? '', 'Max-Forwards: 256', ...BASE.slice(2)]), 'PBX_ERR_SIP_PARSE_MAX_FORWARDS'],
    ['Max-Forwards not a number', request([BASE[0] ?? '', 'Max-Forwards: ten', ...BASE.slice(2)]), 'PBX_ERR_SIP_PARSE_MAX_FORWARDS'],
    ['a negative Content-Length', request([...BASE, 'Content-Length: -1']), 'PBX_ERR_SIP_PARSE_CONTENT_LENGTH'],
    ['two Content-Lengths', request([...BASE, 'l: 0', 'Content-Length: 0']), 'PBX_ERR_SIP_PARSE_DUPLICATE_HEADER'],
    ['a header line without colon', request([...BASE, 'Subject']), 'PBX_ERR_SIP_PARSE_HEADER'],
    ['a header name that is not a token', request([...BASE, 'Sub ject: x']), 'PBX_ERR_SIP_PARSE_HEADER'],
    ['a folded first header line', request([' Subject: x', ...BASE]), 'PBX_ERR_SIP_PARSE_HEADER'],
    ['a bare LF inside a header', request([...BASE, 'Subject: a\nVia: SIP/2.0/UDP evil']), 'PBX_ERR_SIP_PARSE_HEADER'],
    ['a bare CR inside a header', request([...BASE, 'Subject: a\rb']), 'PBX_ERR_SIP_PARSE_HEADER'],
    ['a NUL inside a header', request([...BASE, 'Subject: a\u0000b']), 'PBX_ERR_SIP_PARSE_HEADER'],
    ['no empty line after the headers', Buffer.from(`OPTIONS sip:b@h SIP/2.0\r\n${BASE.join(CRLF)}\r\n`), 'PBX_ERR_SIP_PARSE_INCOMPLETE_HEAD'],
    ['an empty datagram', Buffer.alloc(0), 'PBX_ERR_SIP_PARSE_INCOMPLETE_HEAD'],
  ];
  for (const [what, bytes, code] of cases) {
    it(`MUST reject ${what} with ${code}`, () => {
      assert.equal(codeOf(parseMessage(bytes)), code);
    });
  }

  it('MUST reject more header lines than maxHeaderCount', () => {
    const limits = { ...DEFAULT_PARSE_LIMITS, maxHeaderCount: 8 };
    assert.equal(codeOf(parseMessage(request([...BASE, 'A: 1', 'B: 2', 'C: 3']), limits)), 'PBX_ERR_SIP_PARSE_TOO_LARGE');
  });

  it('MUST reject a header section larger than maxHeaderBytes', () => {
    const limits = { ...DEFAULT_PARSE_LIMITS, maxHeaderBytes: 256 };
    assert.equal(codeOf(parseMessage(request([...BASE, `X-Big: ${'a'.repeat(300)}`]), limits)), 'PBX_ERR_SIP_PARSE_TOO_LARGE');
  });

  it('MUST reject a message larger than maxMessageBytes', () => {
    const limits = { ...DEFAULT_PARSE_LIMITS, maxMessageBytes: 300 };
    assert.equal(codeOf(parseMessage(request(BASE, 'x'.repeat(300)), limits)), 'PBX_ERR_SIP_PARSE_TOO_LARGE');
  });

  it('returns the request with only Via, From, To, Call-ID and CSeq when it can be answered', () => {
    const result = parseMessage(request([...BASE, 'Subject: x', 'Content-Length: -1']));
    assert.deepEqual(result.type === 'error' ? Object.keys(result.request?.headers ?? {}).sort() : [], ['call-id', 'cseq', 'from', 'to', 'via']);
  });

  it('returns no request for a response, which is never answered', () => {
    const result = parseMessage(request([...BASE, 'Content-Length: -1'], '', 'SIP/2.0 200 OK'));
    assert.deepEqual([result.type, result.type === 'error' ? result.request : 'n/a'], ['error', undefined]);
  });

  it('MUST NOT throw on a header section that ends before the first aligned word of its buffer', () => {
    for (const [offset, bytes] of [[1, 'A\r\n\r\n'], [1, '\u007fA\r\n\r\n'], [3, '\r\n\r\n'], [2, 'A']] as const) {
      const backing = new Uint8Array(offset + bytes.length + 2);
      backing.set(Buffer.from(bytes, 'latin1'), offset);
      assert.equal(parseMessage(backing.subarray(offset, offset + bytes.length)).type, 'error');
    }
  });

  it('shares one frozen empty body among messages without a body', () => {
    const bodies = [ok(parseMessage(request(BASE))).body, ok(parseMessage(request([...BASE, 'Content-Length: 0']))).body];
    assert.deepEqual([bodies[0]?.length, Object.isFrozen(bodies[0]), Object.getPrototypeOf(bodies[1])], [0, true, Uint8Array.prototype]);
  });

  it('takes linear time on a maximal header section of short lines', () => {
    const lines = Array.from({ length: 2000 }, () => 'a:');
    const started = process.hrtime.bigint();
    const result = parseMessage(request([...BASE, ...lines]), { ...DEFAULT_PARSE_LIMITS, maxHeaderCount: 5000 });
    assert.equal(codeOf(result), 'ok');
    assert.ok(Number(process.hrtime.bigint() - started) < 1e9);
  });
});

describe('parseMessage: hand-over to the header helpers', () => {
  it('gives topVia the same value the parser checked', () => {
    const message = ok(parseMessage(request(BASE)));
    assert.deepEqual(topVia(message), parseVia('SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKhjhs8ass877'));
  });

  it('never gives two callers the same object', () => {
    const message = ok(parseMessage(request(BASE)));
    assert.notEqual(topVia(message), topVia(message));
  });
});
