/**
 * Properties of SDP offer/answer: hostile text never makes the parser or the answerer throw, every
 * answer obeys RFC 3264 §6 whatever the offer, well-formed offers read as generated (and as
 * sdp-transform reads them), and our offer and answer agree with each other on the codec.
 */
import '../support/property-seed.ts';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse as oracleParse } from 'sdp-transform';
import {
  SDP_ERROR_CODES,
  createOffer,
  isAnswerDirectionAllowed,
  negotiateAnswer,
  parseSessionDescription,
  readAnswer,
  MEDIA_DIRECTIONS,
  type AnswerLocal,
  type LocalCodec,
  type MediaDirection,
  type ParseSessionDescriptionResult,
  type SessionDescription,
} from '../../transport/sip/sdp/index.ts';
import {
  BARESIP_HOLD_REOFFER,
  BARESIP_OFFER,
  IPV6_RECVONLY_OFFER,
  LEGACY_HOLD_OFFER,
  LINPHONE_LIKE_OFFER,
  SIPP_OFFER,
} from '../../transport/sip/sdp/testing/sample-descriptions.ts';

const KNOWN_CODES: ReadonlySet<string> = new Set(SDP_ERROR_CODES);
const SEEDS = [SIPP_OFFER, BARESIP_OFFER, BARESIP_HOLD_REOFFER, LINPHONE_LIKE_OFFER, LEGACY_HOLD_OFFER, IPV6_RECVONLY_OFFER];

const CATALOGUE: readonly LocalCodec[] = [
  { name: 'PCMU', clockRate: 8000 },
  { name: 'PCMA', clockRate: 8000 },
  { name: 'G722', clockRate: 8000 },
  { name: 'G729', clockRate: 8000 },
  { name: 'opus', clockRate: 48000, channels: 2 },
  { name: 'speex', clockRate: 16000 },
];

const ANSWER_LOCAL: Omit<AnswerLocal, 'supportedCodecs'> = { address: '10.9.8.7', port: 40_000, sessionId: '11', sessionVersion: '11' };

function assertTyped(result: ParseSessionDescriptionResult): void {
  if (result.type === 'error') assert.ok(KNOWN_CODES.has(result.code), `unknown code ${result.code}`);
}

// ---------------------------------------------------------------------------------------------
// Hostile input

const FRAGMENTS = ['\r\n', '\n', '\r', '\0', ' ', '=', ':', '/', '-', 'v=0', 'm=audio ', 'a=rtpmap:', 'a=fmtp:', 'c=IN IP4 ', 'o=', '0.0.0.0', '65536', '127', '255', 'a=sendonly', 'a=rtcp:'];

const mutationArbitrary = fc.oneof(
  fc.record({ type: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 4 })) }),
  fc.record({ type: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ type: fc.constant('truncate' as const), at: fc.nat() }),
);

type Mutation = typeof mutationArbitrary extends fc.Arbitrary<infer M> ? M : never;

function mutate(seed: string, mutations: readonly Mutation[]): string {
  let text = seed;
  for (const mutation of mutations) {
    const at = text.length === 0 ? 0 : mutation.at % text.length;
    if (mutation.type === 'insert') text = text.slice(0, at) + mutation.text + text.slice(at);
    else if (mutation.type === 'delete') text = text.slice(0, at) + text.slice(at + mutation.length);
    else text = text.slice(0, at);
  }
  return text;
}

const hostileTextArbitrary = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }).map((parts) => parts.join('')),
  fc.tuple(fc.constantFrom(...SEEDS), fc.array(mutationArbitrary, { minLength: 1, maxLength: 8 })).map(([seed, mutations]) => mutate(seed, mutations)),
);

describe('SDP on hostile input', () => {
  it('parseSessionDescription returns ok or a typed error and never throws', () => {
    fc.assert(fc.property(hostileTextArbitrary, (text) => assertTyped(parseSessionDescription(text))), { numRuns: 2_000 });
  });

  it('negotiateAnswer answers whatever parses without throwing', () => {
    fc.assert(
      fc.property(hostileTextArbitrary, fc.subarray([...CATALOGUE], { minLength: 1 }), (text, supportedCodecs) => {
        const parsed = parseSessionDescription(text);
        if (parsed.type === 'ok') assert.ok(['ok', 'rejected'].includes(negotiateAnswer(parsed.description, { ...ANSWER_LOCAL, supportedCodecs }).type));
      }),
      { numRuns: 1_000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Well-formed offers

interface GeneratedStream {
  readonly kind: 'audio' | 'video';
  readonly port: number;
  readonly codecs: readonly LocalCodec[];
  readonly telephoneEvent: boolean;
  readonly direction: MediaDirection | undefined;
}

const streamArbitrary: fc.Arbitrary<GeneratedStream> = fc.record({
  kind: fc.constantFrom('audio' as const, 'audio' as const, 'video' as const),
  port: fc.oneof(fc.constant(0), fc.integer({ min: 1024, max: 65_534 })),
  codecs: fc.shuffledSubarray([...CATALOGUE], { minLength: 1 }),
  telephoneEvent: fc.boolean(),
  direction: fc.option(fc.constantFrom(...MEDIA_DIRECTIONS), { nil: undefined }),
});

const offerArbitrary = fc.record({
  version: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
  legacyHold: fc.boolean(),
  streams: fc.array(streamArbitrary, { minLength: 1, maxLength: 4 }),
});

/** Writes a generated offer; dynamic payload types from 100 in listing order. */
function writeOffer(offer: { version: bigint; legacyHold: boolean; streams: readonly GeneratedStream[] }): string {
  const lines = ['v=0', `o=- 1 ${offer.version} IN IP4 192.0.2.1`, 's=-', `c=IN IP4 ${offer.legacyHold ? '0.0.0.0' : '192.0.2.1'}`, 't=0 0'];
  for (const stream of offer.streams) {
    const pts = stream.codecs.map((codec, index) => (codec.name === 'PCMU' ? 0 : codec.name === 'PCMA' ? 8 : 100 + index));
    const formats = stream.telephoneEvent ? [...pts, 120] : pts;
    lines.push(`m=${stream.kind} ${stream.port} RTP/AVP ${formats.join(' ')}`);
    stream.codecs.forEach((codec, index) => lines.push(`a=rtpmap:${pts[index]} ${codec.name}/${codec.clockRate}${codec.channels === undefined ? '' : `/${codec.channels}`}`));
    if (stream.telephoneEvent) lines.push('a=rtpmap:120 telephone-event/8000', 'a=fmtp:120 0-16');
    if (stream.direction !== undefined) lines.push(`a=${stream.direction}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

function parsedOrFail(text: string): SessionDescription {
  const result = parseSessionDescription(text);
  if (result.type !== 'ok') throw new Error(`${result.code}: ${result.reason}\n${text}`);
  return result.description;
}

describe('SDP on well-formed offers', () => {
  it('reads every stream as generated, as sdp-transform does', () => {
    fc.assert(
      fc.property(offerArbitrary, (offer) => {
        const text = writeOffer(offer);
        const ours = parsedOrFail(text);
        const oracle = oracleParse(text);
        assert.equal(ours.origin.sessionVersion, String(oracle.origin?.sessionVersion));
        assert.deepEqual(ours.media.map((media) => [media.kind, media.port, media.formats.join(' ')]), oracle.media.map((media) => [media.type, media.port, String(media.payloads)]));
        ours.media.forEach((media, index) => assert.deepEqual(media.codecs.map((codec) => codec.name), offer.streams[index]?.codecs.map((codec) => codec.name)));
      }),
    );
  });

  it('every answer keeps the m= lines, offered payload types and an allowed direction (RFC 3264 §6)', () => {
    fc.assert(
      fc.property(offerArbitrary, fc.shuffledSubarray([...CATALOGUE], { minLength: 1 }), fc.constantFrom(...MEDIA_DIRECTIONS), (offer, supportedCodecs, wanted) => {
        const description = parsedOrFail(writeOffer(offer));
        const result = negotiateAnswer(description, { ...ANSWER_LOCAL, supportedCodecs, direction: wanted });
        if (result.type !== 'ok') return;
        const answer = parsedOrFail(result.answer);
        assert.deepEqual(answer.media.map((media) => media.kind), description.media.map((media) => media.kind));
        answer.media.forEach((media, index) => {
          const offered = description.media[index];
          if (media.port === 0 || offered === undefined) return;
          assert.ok(isAnswerDirectionAllowed(offered.direction, media.direction), `${offered.direction} answered ${media.direction}`);
          for (const codec of media.codecs) assert.ok(offered.codecs.some((candidate) => candidate.pt === codec.pt && candidate.name === codec.name));
        });
      }),
    );
  });

  it('our offer and our answer agree on the codec, whichever side reads them', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray([...CATALOGUE], { minLength: 1 }), fc.shuffledSubarray([...CATALOGUE], { minLength: 1 }), (offererCodecs, answererCodecs) => {
        const offer = createOffer({ codecs: offererCodecs, telephoneEventPt: 101, address: '10.0.0.1', port: 4000, sessionId: '1', sessionVersion: '1' });
        if (offer.type !== 'ok') throw new Error(offer.code);
        const answered = negotiateAnswer(parsedOrFail(offer.text), { ...ANSWER_LOCAL, supportedCodecs: answererCodecs });
        const common = offererCodecs.some((codec) => answererCodecs.includes(codec));
        assert.equal(answered.type, common ? 'ok' : 'rejected');
        if (answered.type !== 'ok') return;
        const read = readAnswer(offer.offer, answered.answer);
        assert.deepEqual(read.type === 'ok' ? read.chosen.codec : read, answered.chosen.codec);
      }),
    );
  });
});
