import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { MediaSessionId } from '../../media-workers/index.ts';
import { sdp } from '../../transport/index.ts';
import { BARESIP_HOLD_REOFFER, BARESIP_OFFER, LEGACY_HOLD_OFFER, LINPHONE_LIKE_OFFER, SIPP_OFFER, sdp as sdpLines } from '../../transport/sip/sdp/testing/sample-descriptions.ts';
import { planCalleeAnswer, planMedia, planReoffer, type MediaPlan, type MediaPlanResult } from './media-plan.ts';

const SESSION = 'call-1' as MediaSessionId;

function plan(callerOffer: string): MediaPlanResult {
  return planMedia({ sessionId: SESSION, callerOffer, mediaAddress: '203.0.113.1', callerPort: 40000, calleePort: 40002, originSessionIds: { caller: '1001', callee: '2002' } });
}

function planned(callerOffer: string): MediaPlan {
  const result = plan(callerOffer);
  assert.equal(result.type, 'ok', JSON.stringify(result));
  return result as MediaPlan;
}

function audioOf(text: string): sdp.MediaOffer {
  const parsed = sdp.parseSessionDescription(text);
  assert.equal(parsed.type, 'ok');
  const stream = parsed.type === 'ok' ? sdp.firstAudioStream(parsed.description) : undefined;
  assert.ok(stream);
  return stream;
}

/** A callee's answer to our offer, as a phone would write it. */
function calleeAnswer(codecLine: string, extra: readonly string[] = []): string {
  return sdpLines('v=0', 'o=- 5 5 IN IP4 198.51.100.9', 's=-', 'c=IN IP4 198.51.100.9', 't=0 0', codecLine, ...extra);
}

describe('planMedia', () => {
  it('MUST answer a PCMU-only SIPp offer with PCMU on leg A at the node address and leg A port', () => {
    const result = planned(SIPP_OFFER);
    const answer = audioOf(result.callerAnswerSdp);
    assert.deepEqual([answer.address, answer.port, answer.codecs.map((codec) => codec.name)], ['203.0.113.1', 40000, ['PCMU']]);
  });

  it('MUST point leg A at the caller stream with its codec and telephone-event payload type', () => {
    const [legA] = planned(BARESIP_OFFER).sessionCreate.legs;
    assert.deepEqual(legA, { rtpPort: 40000, codec: 'PCMA', remote: { address: '192.0.2.10', port: 10354 }, telephoneEventPt: 101 });
  });

  it('MUST listen for in-band DTMF on leg A when the caller offers no telephone-event (an IVR needs its keys)', () => {
    const [legA] = planned(SIPP_OFFER).sessionCreate.legs;
    assert.deepEqual([legA.inbandDtmf, legA.telephoneEventPt], [true, undefined]);
  });

  it('MUST leave leg B without a remote until the callee answers, with the codec our offer leads with', () => {
    const [, legB] = planned(SIPP_OFFER).sessionCreate.legs;
    assert.deepEqual(legB, { rtpPort: 40002, codec: 'PCMU' });
  });

  it('MUST offer the callee the caller codec first, so the relay need not transcode', () => {
    const offer = audioOf(planned(SIPP_OFFER).calleeOfferSdp);
    assert.deepEqual(offer.codecs.map((codec) => codec.name), ['PCMU', 'PCMA']);
  });

  it('MUST offer the callee on leg B port with telephone-event 101', () => {
    const offer = audioOf(planned(BARESIP_OFFER).calleeOfferSdp);
    assert.deepEqual([offer.address, offer.port, offer.telephoneEvent?.pt], ['203.0.113.1', 40002, 101]);
  });

  it('MUST take G.711 from a many-codec offer and reject its video stream (RFC 3264 §6)', () => {
    const parsed = sdp.parseSessionDescription(planned(LINPHONE_LIKE_OFFER).callerAnswerSdp);
    assert.ok(parsed.type === 'ok');
    assert.deepEqual(parsed.description.media.map((media) => media.port), [40000, 0]);
  });

  it('MUST leave leg A without a remote for an RFC 2543 hold offer (c=0.0.0.0)', () => {
    const [legA] = planned(LEGACY_HOLD_OFFER).sessionCreate.legs;
    assert.equal(legA.remote, undefined);
  });

  it('MUST refuse an offer without G.711 with 488', () => {
    const offer = sdpLines('v=0', 'o=- 1 1 IN IP4 192.0.2.1', 's=-', 'c=IN IP4 192.0.2.1', 't=0 0', 'm=audio 5000 RTP/AVP 18', 'a=rtpmap:18 G729/8000');
    assert.deepEqual(plan(offer), { type: 'rejected', status: 488, reason: 'no codec in common' });
  });

  it('MUST refuse a body that does not parse with 400', () => {
    const result = plan('this is not SDP');
    assert.deepEqual([result.type, result.type === 'rejected' ? result.status : 0], ['rejected', 400]);
  });

  it('MUST report a media address that is not an IP literal as a local parameter error', () => {
    const result = planMedia({ sessionId: SESSION, callerOffer: SIPP_OFFER, mediaAddress: 'media.example', callerPort: 40000, calleePort: 40002, originSessionIds: { caller: '1', callee: '2' } });
    assert.equal(result.type === 'error' ? result.code : '', 'PBX_ERR_SDP_LOCAL_PARAMETERS');
  });
});

describe('planCalleeAnswer', () => {
  it('MUST point leg B at the callee answer with its codec and telephone-event', () => {
    const { calleeOffer } = planned(BARESIP_OFFER);
    const answer = calleeAnswer('m=audio 7000 RTP/AVP 8 101', ['a=rtpmap:8 PCMA/8000', 'a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-15']);
    assert.deepEqual(planCalleeAnswer(SESSION, calleeOffer, answer), {
      type: 'session.update', sessionId: SESSION, leg: 'B', codec: 'PCMA', remote: { address: '198.51.100.9', port: 7000 }, telephoneEventPt: 101,
    });
  });

  it('MUST take the codec the callee chose even when it is not the one we led with', () => {
    const { calleeOffer } = planned(BARESIP_OFFER);
    const update = planCalleeAnswer(SESSION, calleeOffer, calleeAnswer('m=audio 7000 RTP/AVP 0'));
    assert.equal(update.type === 'session.update' ? update.codec : '', 'PCMU');
  });

  it('MUST listen for in-band DTMF on leg B when the callee answers without telephone-event', () => {
    const { calleeOffer } = planned(BARESIP_OFFER);
    const update = planCalleeAnswer(SESSION, calleeOffer, calleeAnswer('m=audio 7000 RTP/AVP 0'));
    assert.equal(update.type === 'session.update' ? update.inbandDtmf : undefined, true);
  });

  it('MUST fail an answer that refuses our stream (port 0) as a value', () => {
    const { calleeOffer } = planned(BARESIP_OFFER);
    const update = planCalleeAnswer(SESSION, calleeOffer, calleeAnswer('m=audio 0 RTP/AVP 8'));
    assert.equal(update.type === 'error' ? update.code : '', 'PBX_ERR_SDP_STREAM_REJECTED');
  });
});

describe('planReoffer', () => {
  it('MUST answer a hold re-offer recvonly on the same leg port with the next origin version', () => {
    const { origins } = planned(BARESIP_OFFER);
    const result = planReoffer({ sessionId: SESSION, leg: 'A', offerText: BARESIP_HOLD_REOFFER, mediaAddress: '203.0.113.1', port: 40000, origin: origins.caller, currentCodec: 'PCMA' });
    assert.ok(result.type === 'ok');
    const parsed = sdp.parseSessionDescription(result.answerSdp);
    assert.ok(parsed.type === 'ok');
    assert.deepEqual([audioOf(result.answerSdp).direction, audioOf(result.answerSdp).port, parsed.description.origin.sessionVersion], ['recvonly', 40000, '1002']);
  });

  it('MUST keep the version when the answer is unchanged (RFC 3264 §8)', () => {
    const { origins } = planned(BARESIP_OFFER);
    const result = planReoffer({ sessionId: SESSION, leg: 'A', offerText: BARESIP_OFFER, mediaAddress: '203.0.113.1', port: 40000, origin: origins.caller, currentCodec: 'PCMA' });
    assert.equal(result.type === 'ok' ? result.origin.sessionVersion : '', '1001');
  });

  it('MUST re-point the leg at the new offer with the codec in use kept first', () => {
    const { origins } = planned(BARESIP_OFFER);
    const result = planReoffer({ sessionId: SESSION, leg: 'B', offerText: BARESIP_HOLD_REOFFER, mediaAddress: '203.0.113.1', port: 40002, origin: origins.callee, currentCodec: 'PCMU' });
    assert.deepEqual(result.type === 'ok' ? result.update : undefined, {
      type: 'session.update', sessionId: SESSION, leg: 'B', codec: 'PCMU', remote: { address: '192.0.2.10', port: 10354 }, telephoneEventPt: 101,
    });
  });
});
