/**
 * Property: no input reaching the SIP port can throw out of the transport path. Random bytes and
 * mutated valid requests go through the stack's receive (parse, 400/505 answers, transaction
 * layer, UA core); each is either a message the stack handles or a typed parse failure it reports.
 */
import '../support/property-seed.ts';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { answerOptions, createSipStack, type SipStack, type SipStackEvent } from '../../transport/index.ts';

const OPTIONS = Buffer.from(
  [
    'OPTIONS sip:node.example.com SIP/2.0',
    'Via: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKprop1;rport',
    'Max-Forwards: 70',
    'From: "Prober" <sip:probe@example.com>;tag=a1',
    'To: <sip:node.example.com>',
    'Call-ID: prop-1@example.com',
    'CSeq: 7 OPTIONS',
    'Content-Type: application/sdp',
    'Content-Length: 5',
    '',
    'v=0\r\n',
  ].join('\r\n'),
);

let stack: SipStack;
const events: SipStackEvent[] = [];

before(async () => {
  stack = await createSipStack({
    address: '127.0.0.1',
    port: 0,
    transports: ['udp'],
    serverName: 'parley-test',
    handlers: { OPTIONS: (incoming) => answerOptions(incoming.request, { allow: ['OPTIONS'], accept: [], supported: [], server: 'parley-test' }, 'tag1') },
    onEvent: (event) => events.push(event),
  });
});
after(async () => {
  await stack.close();
});

const source = { transport: 'udp' as const, address: '127.0.0.1', port: 9 };

const mutated = fc
  .array(
    fc.oneof(
      fc.record({ type: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ type: fc.constant('cut' as const), at: fc.nat() }),
      fc.record({ type: fc.constant('insert' as const), at: fc.nat(), value: fc.constantFrom(0, 10, 13, 34, 44, 58, 59, 60, 62, 0xff) }),
    ),
    { maxLength: 8 },
  )
  .map((edits) => {
    let bytes = Buffer.from(OPTIONS);
    for (const edit of edits) {
      const at = edit.at % (bytes.length + 1);
      if (edit.type === 'flip' && at < bytes.length) bytes[at] = edit.value;
      else if (edit.type === 'cut') bytes = bytes.subarray(0, at);
      else if (edit.type === 'insert') bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from([edit.value]), bytes.subarray(at)]);
    }
    return bytes;
  });

describe('the SIP stack on hostile input', () => {
  it('MUST never throw, whatever bytes arrive (random and mutated requests)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 2048 }), mutated), (bytes) => {
        stack.receive(bytes, source);
      }),
      { numRuns: 2000 },
    );
  });

  it('MUST report every unreadable message as a typed parse failure', () => {
    events.length = 0;
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), (bytes) => {
        const before = events.length;
        stack.receive(bytes, source);
        const reported = events.slice(before);
        assert.ok(reported.every((event) => event.type === 'sip.parse_failed' && event.code.startsWith('PBX_ERR_SIP_PARSE_')));
      }),
      { numRuns: 500 },
    );
  });
});
