import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LocalCodec } from './local-codec.ts';
import { negotiateAnswer, type AnswerLocal, type NegotiateAnswerResult } from './negotiate-answer.ts';
import { parseSessionDescription } from './parse-session-description.ts';
import type { MediaDirection, SessionDescription } from './session-description.ts';
import { BARESIP_HOLD_REOFFER, BARESIP_OFFER, LEGACY_HOLD_OFFER, LINPHONE_LIKE_OFFER, SIPP_OFFER, sdp } from './testing/sample-descriptions.ts';

const PCMA: LocalCodec = { name: 'PCMA', clockRate: 8000 };
const PCMU: LocalCodec = { name: 'PCMU', clockRate: 8000 };
const G722: LocalCodec = { name: 'G722', clockRate: 8000 };

const LOCAL: AnswerLocal = { supportedCodecs: [PCMA, PCMU], address: '10.1.2.3', port: 20_000, sessionId: '42', sessionVersion: '1' };

function offer(text: string): SessionDescription {
  const result = parseSessionDescription(text);
  if (result.type !== 'ok') throw new Error(`fixture does not parse: ${result.code}`);
  return result.description;
}

type Answered = Extract<NegotiateAnswerResult, { type: 'ok' }>;

function answered(text: string, local: Partial<AnswerLocal> = {}): Answered {
  const result = negotiateAnswer(offer(text), { ...LOCAL, ...local });
  if (result.type !== 'ok') throw new Error(`expected an answer, got ${JSON.stringify(result)}`);
  return result;
}

function answerMedia(result: Answered): SessionDescription['media'] {
  const reparsed = parseSessionDescription(result.answer);
  if (reparsed.type !== 'ok') throw new Error(`answer does not parse: ${reparsed.code}`);
  return reparsed.description.media;
}

function withDirection(direction: MediaDirection): string {
  return sdp('v=0', 'o=- 5 5 IN IP4 192.0.2.1', 's=-', 'c=IN IP4 192.0.2.1', 't=0 0', 'm=audio 4000 RTP/AVP 0', `a=${direction}`);
}

describe('negotiateAnswer, direction (RFC 3264 §6.1 table)', () => {
  const table: readonly (readonly [MediaDirection, MediaDirection])[] = [
    ['sendrecv', 'sendrecv'],
    ['sendonly', 'recvonly'],
    ['recvonly', 'sendonly'],
    ['inactive', 'inactive'],
  ];
  for (const [offered, expected] of table) {
    it(`MUST answer an offer ${offered} with ${expected}`, () => {
      const result = answered(withDirection(offered));
      assert.deepEqual([result.direction, answerMedia(result)[0]?.direction], [expected, expected]);
    });
  }

  it('MUST answer the hold re-INVITE (a=sendonly) with a=recvonly', () => {
    assert.equal(answered(BARESIP_HOLD_REOFFER).direction, 'recvonly');
  });

  it('MUST answer the c=0.0.0.0 hold with recvonly and our real address', () => {
    const result = answered(LEGACY_HOLD_OFFER);
    assert.deepEqual([result.direction, result.answer.includes('c=IN IP4 10.1.2.3\r\n')], ['recvonly', true]);
  });

  it('answers sendonly to a sendrecv offer when we hold the peer', () => {
    assert.equal(answered(SIPP_OFFER, { direction: 'sendonly' }).direction, 'sendonly');
  });

  it('answers inactive to a sendonly offer when we hold the peer too', () => {
    assert.equal(answered(BARESIP_HOLD_REOFFER, { direction: 'sendonly' }).direction, 'inactive');
  });
});

describe('negotiateAnswer, codec choice (Asterisk 13 order: preferred, joint in offer order, others)', () => {
  it('leads with our preferred codec when the offer has it, though the offerer listed it second', () => {
    const result = answered(BARESIP_OFFER);
    assert.deepEqual(answerMedia(result)[0]?.codecs.map((codec) => codec.name), ['PCMA', 'PCMU']);
  });

  it('chooses our preferred codec when joint', () => {
    assert.equal(answered(BARESIP_OFFER).chosen.codec.name, 'PCMA');
  });

  it('leads with our highest-ranked joint codec when our first is not offered', () => {
    const result = answered(LINPHONE_LIKE_OFFER, { supportedCodecs: [G722, PCMA, PCMU] });
    assert.deepEqual(answerMedia(result)[0]?.codecs.map((codec) => codec.name), ['PCMA', 'PCMU']);
  });

  it("orders the other joint codecs by the offer's preference, not ours", () => {
    const result = answered(LINPHONE_LIKE_OFFER, { supportedCodecs: [PCMA, { name: 'G729', clockRate: 8000 }, PCMU] });
    assert.deepEqual(answerMedia(result)[0]?.codecs.map((codec) => codec.name), ['PCMA', 'PCMU', 'G729']);
  });

  it('puts the given preferred codec (the other leg codec) first when offered', () => {
    const result = answered(BARESIP_OFFER, { preferredCodec: PCMU });
    assert.deepEqual(answerMedia(result)[0]?.codecs.map((codec) => codec.name), ['PCMU', 'PCMA']);
  });

  it('matches codec names case-insensitively (RFC 4855 §3)', () => {
    assert.equal(answered(BARESIP_OFFER, { supportedCodecs: [{ name: 'pcmu', clockRate: 8000 }] }).chosen.codec.pt, 0);
  });

  it('appends our other codecs with free payload types when asked (rule 3)', () => {
    const result = answered(SIPP_OFFER, { supportedCodecs: [PCMU, PCMA, { name: 'opus', clockRate: 48000, channels: 2 }], includeUnofferedCodecs: true });
    assert.deepEqual(answerMedia(result)[0]?.codecs.map((codec) => `${codec.pt} ${codec.name}`), ['0 PCMU', '8 PCMA', '96 opus']);
  });

  it('lists only the chosen codec with singleCodec', () => {
    assert.deepEqual(answerMedia(answered(BARESIP_OFFER, { singleCodec: true }))[0]?.formats, ['8', '101']);
  });

  it('MUST refuse with 488 when no codec is in common', () => {
    const result = negotiateAnswer(offer(BARESIP_OFFER), { ...LOCAL, supportedCodecs: [G722] });
    assert.deepEqual(result, { type: 'rejected', status: 488, reason: 'no codec in common' });
  });

  it('MUST refuse with 488 an offer with no audio stream', () => {
    const text = sdp('v=0', 'o=- 5 5 IN IP4 192.0.2.1', 's=-', 'c=IN IP4 192.0.2.1', 't=0 0', 'm=video 5000 RTP/AVP 103', 'a=rtpmap:103 VP8/90000');
    assert.equal(negotiateAnswer(offer(text), LOCAL).type, 'rejected');
  });

  it('MUST refuse with 488 an offer whose only audio stream is SRTP', () => {
    const text = sdp('v=0', 'o=- 5 5 IN IP4 192.0.2.1', 's=-', 'c=IN IP4 192.0.2.1', 't=0 0', 'm=audio 5000 RTP/SAVP 0');
    assert.equal(negotiateAnswer(offer(text), LOCAL).type, 'rejected');
  });
});

describe('negotiateAnswer, payload types and telephone-event', () => {
  it("MUST keep the offerer's dynamic payload type for telephone-event", () => {
    const text = sdp('v=0', 'o=- 5 5 IN IP4 192.0.2.1', 's=-', 'c=IN IP4 192.0.2.1', 't=0 0', 'm=audio 4000 RTP/AVP 8 118', 'a=rtpmap:118 telephone-event/8000', 'a=fmtp:118 0-16');
    const result = answered(text);
    assert.deepEqual([result.chosen.telephoneEventPt, answerMedia(result)[0]?.telephoneEvent?.pt], [118, 118]);
  });

  it("MUST keep the offerer's payload type for a joint dynamic codec", () => {
    const text = sdp('v=0', 'o=- 5 5 IN IP4 192.0.2.1', 's=-', 'c=IN IP4 192.0.2.1', 't=0 0', 'm=audio 4000 RTP/AVP 109', 'a=rtpmap:109 opus/48000/2');
    assert.equal(answered(text, { supportedCodecs: [{ name: 'opus', clockRate: 48000, channels: 2 }] }).chosen.codec.pt, 109);
  });

  it('answers the events both sides handle: 0-15 offered gives 0-15', () => {
    assert.match(answered(BARESIP_OFFER).answer, /a=fmtp:101 0-15\r\n/);
  });

  it('picks the telephone-event at the chosen codec clock rate among several', () => {
    assert.equal(answered(LINPHONE_LIKE_OFFER).chosen.telephoneEventPt, 100);
  });

  it('offers no telephone-event when none matches the codec clock rate', () => {
    const text = sdp('v=0', 'o=- 5 5 IN IP4 192.0.2.1', 's=-', 'c=IN IP4 192.0.2.1', 't=0 0', 'm=audio 4000 RTP/AVP 0 101', 'a=rtpmap:101 telephone-event/48000');
    assert.equal(answered(text).chosen.telephoneEventPt, undefined);
  });

  it('writes an rtpmap for static payload types too (RFC 3264 §6.1 SHOULD)', () => {
    assert.match(answered(SIPP_OFFER).answer, /a=rtpmap:0 PCMU\/8000\r\n/);
  });

  it('drops telephone-event when told not to relay RFC 4733 events', () => {
    assert.equal(answered(BARESIP_OFFER, { telephoneEvent: false }).answer.includes('telephone-event'), false);
  });
});

describe('negotiateAnswer, streams', () => {
  it('MUST answer with as many m= lines as offered, in order', () => {
    assert.deepEqual(answerMedia(answered(LINPHONE_LIKE_OFFER)).map((media) => media.kind), ['audio', 'video']);
  });

  it('MUST reject the video stream with port 0', () => {
    assert.deepEqual(answerMedia(answered(LINPHONE_LIKE_OFFER))[1]?.port, 0);
  });

  it('anchors the audio on our address and port', () => {
    const audio = answerMedia(answered(SIPP_OFFER))[0];
    assert.deepEqual([audio?.address, audio?.port], ['10.1.2.3', 20_000]);
  });

  it('takes the second audio stream when the first has no joint codec, rejecting the first', () => {
    const text = sdp('v=0', 'o=- 5 5 IN IP4 192.0.2.1', 's=-', 'c=IN IP4 192.0.2.1', 't=0 0', 'm=audio 4000 RTP/AVP 18', 'm=audio 4002 RTP/AVP 8');
    assert.deepEqual(answerMedia(answered(text)).map((media) => media.port), [0, 20_000]);
  });

  it('MUST copy the offer t= line (RFC 3264 §6)', () => {
    const text = sdp('v=0', 'o=- 5 5 IN IP4 192.0.2.1', 's=-', 'c=IN IP4 192.0.2.1', 't=3034423619 3042462419', 'm=audio 4000 RTP/AVP 0');
    assert.match(answered(text).answer, /\r\nt=3034423619 3042462419\r\n/);
  });

  it('writes our origin with the given session id and version', () => {
    assert.match(answered(SIPP_OFFER).answer, /\r\no=- 42 1 IN IP4 10\.1\.2\.3\r\n/);
  });

  it('agrees to rtcp-mux only when offered and allowed', () => {
    const text = sdp('v=0', 'o=- 5 5 IN IP4 192.0.2.1', 's=-', 'c=IN IP4 192.0.2.1', 't=0 0', 'm=audio 4000 RTP/AVP 0', 'a=rtcp-mux');
    assert.deepEqual([answered(text, { rtcpMux: true }).answer.includes('a=rtcp-mux'), answered(text).answer.includes('a=rtcp-mux')], [true, false]);
  });

  it('returns the remote stream, where to send the RTP', () => {
    const remote = answered(BARESIP_OFFER).remote;
    assert.deepEqual([remote.address, remote.port], ['192.0.2.10', 10354]);
  });

  it('MUST refuse a configured codec that cannot be written', () => {
    const result = negotiateAnswer(offer(SIPP_OFFER), { ...LOCAL, supportedCodecs: [{ name: 'PCMU\r\na=x', clockRate: 8000 }] });
    assert.equal(result.type === 'error' && result.code, 'PBX_ERR_SDP_LOCAL_PARAMETERS');
  });

  it('writes the ptime we want to receive (RFC 3264 §6.1)', () => {
    assert.match(answered(SIPP_OFFER, { ptime: 20 }).answer, /\r\na=ptime:20\r\n/);
  });

  it('MUST refuse local parameters that cannot be written (a host name as address)', () => {
    const result = negotiateAnswer(offer(SIPP_OFFER), { ...LOCAL, address: 'media.example.com' });
    assert.equal(result.type === 'error' && result.code, 'PBX_ERR_SDP_LOCAL_PARAMETERS');
  });
});
