import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createOffer, type CreateOfferResult, type OfferLocal } from './create-offer.ts';
import { firstAudioStream, parseSessionDescription } from './parse-session-description.ts';
import type { MediaOffer } from './session-description.ts';

const LOCAL: OfferLocal = {
  codecs: [{ name: 'PCMA', clockRate: 8000 }, { name: 'PCMU', clockRate: 8000 }],
  telephoneEventPt: 101,
  address: '10.1.2.3',
  port: 30_000,
  sessionId: '7',
  sessionVersion: '7',
};

function offered(local: Partial<OfferLocal> = {}): Extract<CreateOfferResult, { type: 'ok' }> {
  const result = createOffer({ ...LOCAL, ...local });
  if (result.type !== 'ok') throw new Error(`${result.code}: ${result.reason}`);
  return result;
}

function reparsed(text: string): MediaOffer | undefined {
  const result = parseSessionDescription(text);
  return result.type === 'ok' ? firstAudioStream(result.description) : undefined;
}

describe('createOffer', () => {
  it('offers our codecs in our order with their static payload types, then telephone-event', () => {
    assert.deepEqual(reparsed(offered().text)?.codecs.map((codec) => `${codec.pt} ${codec.name}`), ['8 PCMA', '0 PCMU']);
  });

  it('offers telephone-event 0-16 at the given dynamic payload type', () => {
    assert.deepEqual(reparsed(offered().text)?.telephoneEvent, { pt: 101, clockRate: 8000, events: [{ first: 0, last: 16 }] });
  });

  it('anchors the stream on our address and port, sendrecv by default', () => {
    const audio = reparsed(offered().text);
    assert.deepEqual([audio?.address, audio?.port, audio?.direction], ['10.1.2.3', 30_000, 'sendrecv']);
  });

  it('writes a=sendonly to hold the peer', () => {
    assert.equal(reparsed(offered({ direction: 'sendonly' }).text)?.direction, 'sendonly');
  });

  it('gives a codec without a static type the lowest free dynamic type, skipping telephone-event', () => {
    const result = offered({ codecs: [{ name: 'opus', clockRate: 48000, channels: 2 }, { name: 'PCMU', clockRate: 8000 }], telephoneEventPt: 96 });
    assert.deepEqual(result.offer.codecs.map((codec) => codec.pt), [97, 0]);
  });

  it('writes CRLF line ends and an IPv6 origin for an IPv6 address', () => {
    const text = offered({ address: '2001:db8::7' }).text;
    assert.deepEqual([text.split('\r\n')[1], text.endsWith('\r\n')], ['o=- 7 7 IN IP6 2001:db8::7', true]);
  });

  it('remembers what it offered for reading the answer', () => {
    assert.deepEqual(offered().offer, {
      codecs: [{ name: 'PCMA', pt: 8, clockRate: 8000 }, { name: 'PCMU', pt: 0, clockRate: 8000 }],
      direction: 'sendrecv',
      rtcpMux: false,
      mediaCount: 1,
      telephoneEventPt: 101,
      telephoneEventClockRate: 8000,
    });
  });

  it('MUST refuse an empty codec list, a static telephone-event type and clashing types', () => {
    const codes = [
      createOffer({ ...LOCAL, codecs: [] }),
      createOffer({ ...LOCAL, telephoneEventPt: 8 }),
      createOffer({ ...LOCAL, codecs: [{ name: 'opus', clockRate: 48000, pt: 101 }] }),
    ].map((result) => result.type === 'error' && result.code);
    assert.deepEqual(codes, ['PBX_ERR_SDP_LOCAL_PARAMETERS', 'PBX_ERR_SDP_LOCAL_PARAMETERS', 'PBX_ERR_SDP_LOCAL_PARAMETERS']);
  });

  it('MUST refuse a codec name that is not a token, telephone-event as a codec, and a bad ptime', () => {
    const codes = [
      createOffer({ ...LOCAL, codecs: [{ name: 'PC MU', clockRate: 8000 }] }),
      createOffer({ ...LOCAL, codecs: [{ name: 'telephone-event', clockRate: 8000 }] }),
      createOffer({ ...LOCAL, ptime: Number.NaN }),
    ].map((result) => result.type === 'error' && result.code);
    assert.deepEqual(codes, ['PBX_ERR_SDP_LOCAL_PARAMETERS', 'PBX_ERR_SDP_LOCAL_PARAMETERS', 'PBX_ERR_SDP_LOCAL_PARAMETERS']);
  });

  it('writes a=ptime when asked', () => {
    assert.equal(reparsed(offered({ ptime: 30 }).text)?.ptime, 30);
  });

  it('MUST refuse a port out of range or a session id that is not decimal', () => {
    const codes = [createOffer({ ...LOCAL, port: 0 }), createOffer({ ...LOCAL, sessionId: '1 2' })].map((result) => result.type === 'error' && result.code);
    assert.deepEqual(codes, ['PBX_ERR_SDP_LOCAL_PARAMETERS', 'PBX_ERR_SDP_LOCAL_PARAMETERS']);
  });
});
