/**
 * Properties of the SIP message layer: hostile bytes never make the parser or the stream framer
 * throw, and well-formed messages survive serialization and parsing unchanged.
 */
import '../support/property-seed.ts';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { ParseResult, SipMessage, SipRequest, SipResponse, SipUri } from '../../transport/sip/message/index.ts';
import {
  PARSE_ERROR_CODES,
  createStreamFramer,
  formatNameAddress,
  formatUri,
  formatVia,
  parseMessage,
  serializeMessage,
} from '../../transport/sip/message/index.ts';

const FIXTURES = new URL('../../transport/sip/message/fixtures/rfc4475/', import.meta.url);
const SEEDS: readonly Uint8Array[] = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.sip'))
  .map((name) => new Uint8Array(readFileSync(new URL(name, FIXTURES))));

const KNOWN_CODES: ReadonlySet<string> = new Set(PARSE_ERROR_CODES);

function assertWellFormedResult(result: ParseResult): void {
  if (result.type === 'error') assert.ok(KNOWN_CODES.has(result.code), `unknown code ${result.code}`);
  else assert.ok(result.message.type === 'request' || result.message.type === 'response');
}

// ---------------------------------------------------------------------------------------------
// Hostile input

const INTERESTING_BYTES = [...'\r\n\0"\\,;:<>= \t%@[]'].map((character) => character.charCodeAt(0)).concat([0x7f, 0xff, 0xc3]);

type Mutation =
  | { readonly type: 'flip'; readonly at: number; readonly byte: number }
  | { readonly type: 'insert'; readonly at: number; readonly bytes: readonly number[] }
  | { readonly type: 'delete'; readonly at: number; readonly length: number }
  | { readonly type: 'truncate'; readonly at: number };

const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ type: fc.constant('flip' as const), at: fc.nat(), byte: fc.oneof(fc.constantFrom(...INTERESTING_BYTES), fc.integer({ min: 0, max: 255 })) }),
  fc.record({ type: fc.constant('insert' as const), at: fc.nat(), bytes: fc.array(fc.constantFrom(...INTERESTING_BYTES), { minLength: 1, maxLength: 4 }) }),
  fc.record({ type: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ type: fc.constant('truncate' as const), at: fc.nat() }),
);

function mutate(seed: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let bytes = [...seed];
  for (const mutation of mutations) {
    const at = bytes.length === 0 ? 0 : mutation.at % bytes.length;
    if (mutation.type === 'flip') bytes[at] = mutation.byte;
    else if (mutation.type === 'insert') bytes.splice(at, 0, ...mutation.bytes);
    else if (mutation.type === 'delete') bytes.splice(at, mutation.length);
    else bytes = bytes.slice(0, at);
  }
  return Uint8Array.from(bytes);
}

const mutatedMessageArbitrary = fc
  .tuple(fc.constantFrom(...SEEDS), fc.array(mutationArbitrary, { minLength: 1, maxLength: 6 }))
  .map(([seed, mutations]) => mutate(seed, mutations));

const hostileBytesArbitrary = fc.oneof(fc.uint8Array({ maxLength: 2048 }), mutatedMessageArbitrary);

function chunked(bytes: Uint8Array, sizes: readonly number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (let index = 0; offset < bytes.length; index++) {
    const size = sizes.length === 0 ? bytes.length : (sizes[index % sizes.length] ?? 1);
    chunks.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return chunks;
}

describe('parseMessage on hostile bytes', () => {
  it('MUST return ok or a typed error, and never throw, for any byte string or mutated valid message', () => {
    fc.assert(
      fc.property(hostileBytesArbitrary, (bytes) => {
        assertWellFormedResult(parseMessage(bytes));
      }),
      { numRuns: 3000 },
    );
  });

  it('MUST never throw when the framed messages of a mutated stream are parsed, whatever the chunk sizes', () => {
    fc.assert(
      fc.property(
        fc.array(hostileBytesArbitrary, { minLength: 1, maxLength: 4 }),
        fc.array(fc.integer({ min: 1, max: 97 }), { maxLength: 8 }),
        (messages, sizes) => {
          const stream = Buffer.concat(messages.flatMap((message) => [message, Buffer.from('\r\n\r\n')]));
          const framer = createStreamFramer();
          for (const chunk of chunked(stream, sizes)) {
            for (const event of framer.push(chunk)) {
              if (event.type === 'message') assertWellFormedResult(parseMessage(event.bytes));
              if (event.type === 'error') assert.ok(KNOWN_CODES.has(event.code));
            }
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Well-formed messages

const tokenArbitrary = fc.stringMatching(/^[A-Za-z0-9\-.!%*_+`'~]{1,12}$/);
const lowerTokenArbitrary = fc.stringMatching(/^[a-z0-9][a-z0-9\-.!%*_+`'~]{0,11}$/);
const hostArbitrary = fc.oneof(
  fc.domain().map((domain) => domain.toLowerCase()),
  fc.ipV4(),
  fc.ipV6().map((address) => `[${address.toLowerCase()}]`),
);
const textArbitrary = fc.string({ unit: 'grapheme', maxLength: 20 });
const paramsArbitrary = fc.dictionary(lowerTokenArbitrary, fc.option(tokenArbitrary, { nil: null }), { maxKeys: 3 });

const sipUriArbitrary: fc.Arbitrary<SipUri> = fc
  .record(
    {
      scheme: fc.constantFrom('sip' as const, 'sips' as const),
      user: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
      host: hostArbitrary,
      port: fc.integer({ min: 1, max: 65535 }),
      params: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), fc.option(textArbitrary.filter((text) => text.length > 0), { nil: null }), { maxKeys: 3 }),
    },
    { requiredKeys: ['scheme', 'host', 'params'] },
  )
  .map((uri) => ({ ...uri, headers: {} }));

/** Display names full of what needs escaping: quotes, backslashes, commas, brackets, controls, UTF-8. */
const displayNameArbitrary = fc
  .array(fc.oneof(fc.constantFrom('"', '\\', ' ', ',', '<', '>', ';', '\t', '\u0001', '\u007f'), fc.string({ unit: 'grapheme', maxLength: 3 })), { maxLength: 8 })
  .map((parts) => parts.join(''));

const nameAddressArbitrary = fc
  .record({ displayName: fc.option(displayNameArbitrary, { nil: undefined }), uri: sipUriArbitrary.map(formatUri), params: paramsArbitrary })
  .map(({ displayName, uri, params }) => formatNameAddress(displayName === undefined ? { uri, params } : { displayName, uri, params }));

const viaArbitrary = fc
  .record({
    transport: fc.constantFrom('UDP', 'TCP', 'TLS', 'WS', 'WSS'),
    host: hostArbitrary,
    port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
    branch: tokenArbitrary,
    rport: fc.boolean(),
  })
  .map(({ transport, host, port, branch, rport }) => {
    const params = rport ? { branch: `z9hG4bK${branch}`, rport: null } : { branch: `z9hG4bK${branch}` };
    return formatVia(port === undefined ? { transport, host, params } : { transport, host, port, params });
  });

const callIdArbitrary = fc.stringMatching(/^[A-Za-z0-9\-.!%*_+`'~()<>:\\"\/\[\]?{}]{1,24}(@[A-Za-z0-9.-]{1,16})?$/);

/** Header text as a parser gives it back: no CR/LF/controls, no leading or trailing whitespace. */
const fieldTextArbitrary = fc
  .string({ unit: 'grapheme', maxLength: 40 })
  .map((text) => text.replace(/[\u0000-\u001f\u007f]/g, ' ').trim());

const extensionHeadersArbitrary = fc.dictionary(
  fc.stringMatching(/^x-[a-z0-9-]{1,10}$/),
  fc.array(fieldTextArbitrary, { minLength: 1, maxLength: 3 }),
  { maxKeys: 4 },
);

const commonHeadersArbitrary = fc.record({
  via: fc.array(viaArbitrary, { minLength: 1, maxLength: 3 }),
  from: nameAddressArbitrary.map((value) => `${value};tag=f1`),
  to: nameAddressArbitrary,
  'call-id': callIdArbitrary,
  sequence: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  'max-forwards': fc.integer({ min: 0, max: 255 }).map(String),
  contact: fc.array(nameAddressArbitrary, { maxLength: 2 }),
  allow: fc.array(fc.constantFrom('INVITE', 'ACK', 'BYE', 'CANCEL', 'OPTIONS'), { maxLength: 5 }),
  extensions: extensionHeadersArbitrary,
  body: fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.string({ maxLength: 100 }).map((text) => new TextEncoder().encode(text))),
});

type CommonHeaders = typeof commonHeadersArbitrary extends fc.Arbitrary<infer T> ? T : never;

function headersOf(common: CommonHeaders, cseqMethod: string): Record<string, readonly string[]> {
  const headers: Record<string, readonly string[]> = {
    via: common.via,
    from: [common.from],
    to: [common.to],
    'call-id': [common['call-id']],
    cseq: [`${String(common.sequence)} ${cseqMethod}`],
    'max-forwards': [common['max-forwards']],
  };
  if (common.contact.length > 0) headers['contact'] = common.contact;
  if (common.allow.length > 0) headers['allow'] = common.allow;
  return { ...headers, ...common.extensions };
}

const requestArbitrary: fc.Arbitrary<SipRequest> = fc
  .tuple(fc.oneof(fc.constantFrom('INVITE', 'REGISTER', 'OPTIONS', 'BYE', 'MESSAGE'), tokenArbitrary), sipUriArbitrary, commonHeadersArbitrary)
  .map(([method, uri, common]) => ({ type: 'request', method, uri: formatUri(uri), headers: headersOf(common, method), body: common.body }));

const responseArbitrary: fc.Arbitrary<SipResponse> = fc
  .tuple(fc.integer({ min: 100, max: 699 }), fieldTextArbitrary, tokenArbitrary, commonHeadersArbitrary)
  .map(([status, reason, method, common]) => ({ type: 'response', status, reason, headers: headersOf(common, method), body: common.body }));

/** What the serializer legitimately changes: it writes the true Content-Length. */
function withContentLength(message: SipMessage): SipMessage {
  return { ...message, headers: { ...message.headers, 'content-length': [String(message.body.length)] } };
}

describe('serializeMessage then parseMessage', () => {
  it('MUST give back any well-formed request or response (with its true Content-Length)', () => {
    fc.assert(
      fc.property(fc.oneof(requestArbitrary, responseArbitrary), (message) => {
        assert.deepStrictEqual(parseMessage(serializeMessage(message)), { type: 'ok', message: withContentLength(message) });
      }),
      { numRuns: 500 },
    );
  });

  it('MUST frame the serialized messages back out of a stream cut anywhere', () => {
    fc.assert(
      fc.property(fc.array(requestArbitrary, { minLength: 1, maxLength: 3 }), fc.array(fc.integer({ min: 1, max: 200 }), { maxLength: 6 }), (messages, sizes) => {
        const serialized = messages.map((message) => serializeMessage(message));
        const framer = createStreamFramer();
        const framed = chunked(Buffer.concat(serialized), sizes).flatMap((chunk) => [...framer.push(chunk)]);
        assert.deepStrictEqual(
          framed.map((event) => (event.type === 'message' ? Buffer.from(event.bytes) : event)),
          serialized,
        );
      }),
      { numRuns: 200 },
    );
  });
});
