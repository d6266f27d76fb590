import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createOffer, type SentOffer } from './create-offer.ts';
import { negotiateAnswer } from './negotiate-answer.ts';
import { parseSessionDescription } from './parse-session-description.ts';
import { readAnswer, type ReadAnswerResult } from './read-answer.ts';
import { sdp } from './testing/sample-descriptions.ts';

function sentOffer(direction: SentOffer['direction'] = 'sendrecv'): SentOffer {
  const result = createOffer({
    codecs: [{ name: 'PCMA', clockRate: 8000 }, { name: 'PCMU', clockRate: 8000 }],
    telephoneEventPt: 101,
    direction,
    address: '10.1.2.3',
    port: 30_000,
    sessionId: '7',
    sessionVersion: '7',
  });
  if (result.type !== 'ok') throw new Error(result.code);
  return result.offer;
}

function answer(...media: readonly string[]): string {
  return sdp('v=0', 'o=bob 9 9 IN IP4 192.0.2.50', 's=-', 'c=IN IP4 192.0.2.50', 't=0 0', ...media);
}

function codeOf(result: ReadAnswerResult): string | undefined {
  return result.type === 'error' ? result.code : undefined;
}

type Read = Extract<ReadAnswerResult, { type: 'ok' }>;

function read(offer: SentOffer, text: string): Read {
  const result = readAnswer(offer, text);
  if (result.type !== 'ok') throw new Error(`${result.code}: ${result.reason}`);
  return result;
}

describe('readAnswer', () => {
  it('takes the first answered codec we offered, and the remote address and port', () => {
    const result = read(sentOffer(), answer('m=audio 5004 RTP/AVP 0 8', 'a=sendrecv'));
    assert.deepEqual([result.chosen.codec.name, result.remote.address, result.remote.port], ['PCMU', '192.0.2.50', 5004]);
  });

  it("sends with the answerer's payload types and receives with ours when they differ", () => {
    const text = answer('m=audio 5004 RTP/AVP 0 96', 'a=rtpmap:96 telephone-event/8000');
    const result = read(sentOffer(), text);
    assert.deepEqual([result.chosen.telephoneEventPt, result.receivePt], [96, 0]);
  });

  it('skips answered formats we never offered', () => {
    const result = read(sentOffer(), answer('m=audio 5004 RTP/AVP 18 8'));
    assert.equal(result.chosen.codec.pt, 8);
  });

  it('reads an answer written by negotiateAnswer', () => {
    const offerText = createOffer({ codecs: [{ name: 'PCMU', clockRate: 8000 }], telephoneEventPt: 101, address: '10.0.0.1', port: 4000, sessionId: '1', sessionVersion: '1' });
    if (offerText.type !== 'ok') throw new Error(offerText.code);
    const parsedOffer = parseSessionDescription(offerText.text);
    if (parsedOffer.type !== 'ok') throw new Error(parsedOffer.code);
    const answered = negotiateAnswer(parsedOffer.description, { supportedCodecs: [{ name: 'PCMU', clockRate: 8000 }], address: '10.0.0.2', port: 5000, sessionId: '2', sessionVersion: '2' });
    if (answered.type !== 'ok') throw new Error(answered.type);
    const result = read(offerText.offer, answered.answer);
    assert.deepEqual([result.chosen, result.direction], [{ codec: { name: 'PCMU', pt: 0, clockRate: 8000 }, telephoneEventPt: 101 }, 'sendrecv']);
  });

  it('gives our own direction: recvonly when the answerer is sendonly', () => {
    assert.equal(read(sentOffer(), answer('m=audio 5004 RTP/AVP 8', 'a=sendonly')).direction, 'recvonly');
  });

  it('MUST refuse an answer that rejects the audio stream with port 0', () => {
    assert.equal(codeOf(readAnswer(sentOffer(), answer('m=audio 0 RTP/AVP 8'))), 'PBX_ERR_SDP_STREAM_REJECTED');
  });

  it('MUST refuse an answer with another number of m= lines', () => {
    assert.equal(codeOf(readAnswer(sentOffer(), answer('m=audio 5004 RTP/AVP 8', 'm=video 0 RTP/AVP 31'))), 'PBX_ERR_SDP_MEDIA_MISMATCH');
  });

  it('MUST refuse an answer without any offered codec', () => {
    assert.equal(codeOf(readAnswer(sentOffer(), answer('m=audio 5004 RTP/AVP 18'))), 'PBX_ERR_SDP_NO_COMMON_CODEC');
  });

  it('MUST refuse a sendrecv answer to our sendonly (hold) offer', () => {
    assert.equal(codeOf(readAnswer(sentOffer('sendonly'), answer('m=audio 5004 RTP/AVP 8', 'a=sendrecv'))), 'PBX_ERR_SDP_DIRECTION');
  });

  it('accepts a recvonly answer to our sendonly (hold) offer', () => {
    assert.equal(read(sentOffer('sendonly'), answer('m=audio 5004 RTP/AVP 8', 'a=recvonly')).direction, 'sendonly');
  });

  it('passes a parse failure through', () => {
    assert.equal(codeOf(readAnswer(sentOffer(), 's=-\r\n')), 'PBX_ERR_SDP_VERSION');
  });
});
