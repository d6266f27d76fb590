import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { firstAudioStream, parseSessionDescription } from './parse-session-description.ts';
import type { SessionDescription } from './session-description.ts';
import {
  BARESIP_HOLD_REOFFER,
  BARESIP_OFFER,
  IPV6_RECVONLY_OFFER,
  LEGACY_HOLD_OFFER,
  LINPHONE_LIKE_OFFER,
  SIPP_OFFER,
  sdp,
} from './testing/sample-descriptions.ts';

function parsed(text: string): SessionDescription {
  const result = parseSessionDescription(text);
  assert.equal(result.type, 'ok', result.type === 'error' ? `${result.code}: ${result.reason}` : '');
  return (result as { description: SessionDescription }).description;
}

function errorCode(text: string): string | undefined {
  const result = parseSessionDescription(text);
  return result.type === 'error' ? result.code : undefined;
}

const HEAD = ['v=0', 'o=- 1 1 IN IP4 192.0.2.1', 's=-', 'c=IN IP4 192.0.2.1', 't=0 0'] as const;

describe('parseSessionDescription, real offers', () => {
  it("reads SIPp's default offer: PCMU on 127.0.1.1:6000, sendrecv by default", () => {
    const audio = firstAudioStream(parsed(SIPP_OFFER));
    assert.deepEqual(
      { address: audio?.address, port: audio?.port, codecs: audio?.codecs, direction: audio?.direction },
      { address: '127.0.1.1', port: 6000, codecs: [{ name: 'PCMU', pt: 0, clockRate: 8000 }], direction: 'sendrecv' },
    );
  });

  it('keeps the session id and version as exact decimal strings', () => {
    assert.deepEqual(parsed(SIPP_OFFER).origin, {
      username: 'user1',
      sessionId: '53655765',
      sessionVersion: '2353687637',
      addressType: 'IP4',
      address: '127.0.1.1',
    });
  });

  it("reads baresip's PCMU, PCMA and telephone-event 101 with events 0-15", () => {
    const audio = firstAudioStream(parsed(BARESIP_OFFER));
    assert.deepEqual(audio?.codecs.map((codec) => `${codec.pt} ${codec.name}`), ['0 PCMU', '8 PCMA']);
    assert.deepEqual(audio?.telephoneEvent, { pt: 101, clockRate: 8000, events: [{ first: 0, last: 15 }] });
  });

  it('reads a=ptime and ignores the attributes it does not use (label, ssrc, rtcp-rsize)', () => {
    assert.equal(firstAudioStream(parsed(BARESIP_OFFER))?.ptime, 20);
  });

  it('reads a many-codec offer in the offerer order, with channels and fmtp', () => {
    const audio = firstAudioStream(parsed(LINPHONE_LIKE_OFFER));
    assert.deepEqual(audio?.codecs.map((codec) => `${codec.pt} ${codec.name}/${codec.clockRate}`), [
      '96 opus/48000', '97 speex/16000', '98 speex/8000', '0 PCMU/8000', '8 PCMA/8000', '18 G729/8000',
    ]);
    assert.deepEqual([audio?.codecs[0]?.channels, audio?.codecs[5]?.fmtp], [2, 'annexb=yes']);
  });

  it('keeps every telephone-event and picks the one at the clock rate of the first codec', () => {
    const audio = firstAudioStream(parsed(LINPHONE_LIKE_OFFER));
    assert.deepEqual(audio?.telephoneEvents.map((event) => event.pt), [101, 99, 100]);
    assert.equal(audio?.telephoneEvent?.pt, 101);
  });

  it('keeps the video m= section with its own port and formats', () => {
    const video = parsed(LINPHONE_LIKE_OFFER).media[1];
    assert.deepEqual([video?.kind, video?.port, video?.formats], ['video', 9078, ['103']]);
  });

  it('reads a=rtcp with its address (RFC 3605)', () => {
    assert.deepEqual(firstAudioStream(parsed(LINPHONE_LIKE_OFFER))?.rtcp, { port: 7079, address: '198.51.100.20' });
  });

  it('reads a bare a=rtcp port and a=rtcp-mux', () => {
    const audio = firstAudioStream(parsed(IPV6_RECVONLY_OFFER));
    assert.deepEqual([audio?.rtcp, audio?.rtcpMux], [{ port: 30001 }, true]);
  });

  it('reads IPv6 connection addresses', () => {
    const audio = firstAudioStream(parsed(IPV6_RECVONLY_OFFER));
    assert.deepEqual([audio?.addressType, audio?.address], ['IP6', '2001:db8::5']);
  });
});

describe('parseSessionDescription, plain data', () => {
  it('gives a model that survives JSON and structured clone unchanged (snapshots, workers)', () => {
    const description = parsed(LINPHONE_LIKE_OFFER);
    assert.deepEqual([JSON.parse(JSON.stringify(description)), structuredClone(description)], [description, description]);
  });
});

describe('parseSessionDescription, direction and hold', () => {
  it('MUST treat a=sendonly in a re-INVITE as hold', () => {
    const audio = firstAudioStream(parsed(BARESIP_HOLD_REOFFER));
    assert.deepEqual([audio?.direction, audio?.hold], ['sendonly', true]);
  });

  it('MUST treat a=inactive as hold', () => {
    const audio = firstAudioStream(parsed(sdp(...HEAD, 'm=audio 4000 RTP/AVP 0', 'a=inactive')));
    assert.deepEqual([audio?.direction, audio?.hold], ['inactive', true]);
  });

  it('MUST treat c=0.0.0.0 as hold, the peer then only sending (RFC 3264 §8.4)', () => {
    const audio = firstAudioStream(parsed(LEGACY_HOLD_OFFER));
    assert.deepEqual([audio?.direction, audio?.hold], ['sendonly', true]);
  });

  it('reads c=0.0.0.0 with a=recvonly as inactive', () => {
    const text = sdp('v=0', 'o=- 1 1 IN IP4 192.0.2.1', 's=-', 'c=IN IP4 0.0.0.0', 't=0 0', 'm=audio 4000 RTP/AVP 0', 'a=recvonly');
    assert.equal(firstAudioStream(parsed(text))?.direction, 'inactive');
  });

  it('does not count a=recvonly as hold', () => {
    const audio = firstAudioStream(parsed(IPV6_RECVONLY_OFFER));
    assert.deepEqual([audio?.direction, audio?.hold], ['recvonly', false]);
  });

  it('applies a session-level direction to media without one', () => {
    assert.equal(firstAudioStream(parsed(IPV6_RECVONLY_OFFER))?.direction, 'recvonly');
  });

  it('lets a media-level direction override the session-level one (RFC 8866 §6.7)', () => {
    const text = sdp(...HEAD, 'a=sendonly', 'm=audio 4000 RTP/AVP 0', 'a=sendrecv');
    assert.equal(firstAudioStream(parsed(text))?.direction, 'sendrecv');
  });

  it('lets a media-level c= override the session one', () => {
    const text = sdp(...HEAD, 'm=audio 4000 RTP/AVP 0', 'c=IN IP4 192.0.2.99');
    assert.equal(firstAudioStream(parsed(text))?.address, '192.0.2.99');
  });
});

describe('parseSessionDescription, formats', () => {
  it('knows static payload types 0 and 8 without rtpmap', () => {
    const audio = firstAudioStream(parsed(LEGACY_HOLD_OFFER));
    assert.deepEqual(audio?.codecs.map((codec) => codec.name), ['PCMU', 'PCMA']);
  });

  it('leaves out a dynamic payload type without rtpmap', () => {
    const audio = firstAudioStream(parsed(sdp(...HEAD, 'm=audio 4000 RTP/AVP 96 0')));
    assert.deepEqual(audio?.codecs.map((codec) => codec.pt), [0]);
  });

  it('reads telephone-event fmtp 0-16 and the events= spelling', () => {
    const text = sdp(...HEAD, 'm=audio 4000 RTP/AVP 0 96', 'a=rtpmap:96 telephone-event/8000', 'a=fmtp:96 events=0-11,12-16');
    assert.deepEqual(firstAudioStream(parsed(text))?.telephoneEvent?.events, [{ first: 0, last: 16 }]);
  });

  it('assumes events 0-15 when telephone-event has no fmtp (RFC 4733 §7.1.1)', () => {
    const text = sdp(...HEAD, 'm=audio 4000 RTP/AVP 0 96', 'a=rtpmap:96 telephone-event/8000');
    assert.deepEqual(firstAudioStream(parsed(text))?.telephoneEvent?.events, [{ first: 0, last: 15 }]);
  });

  it('skips a malformed fmtp of a format it does not interpret', () => {
    const text = sdp(...HEAD, 'm=audio 4000 RTP/AVP 18', 'a=fmtp:', 'a=fmtp:18 annexb=no');
    assert.equal(firstAudioStream(parsed(text))?.codecs[0]?.fmtp, 'annexb=no');
  });

  it('reads static payload type 10 as stereo L16 (RFC 3551 table 4)', () => {
    const audio = firstAudioStream(parsed(sdp(...HEAD, 'm=audio 4000 RTP/AVP 10')));
    assert.deepEqual(audio?.codecs[0], { name: 'L16', pt: 10, clockRate: 44100, channels: 2 });
  });

  it('accepts an encoding name with any RFC 8866 token character', () => {
    const audio = firstAudioStream(parsed(sdp(...HEAD, 'm=audio 4000 RTP/AVP 97', "a=rtpmap:97 x~codec!v1/8000")));
    assert.equal(audio?.codecs[0]?.name, 'x~codec!v1');
  });

  it('accepts bare LF line ends and a missing t= line', () => {
    const description = parsed('v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nc=IN IP4 192.0.2.1\nm=audio 4000 RTP/AVP 8\n');
    assert.deepEqual([description.timing, description.media.length], ['0 0', 1]);
  });

  it('keeps 20-digit session versions exact', () => {
    const text = sdp('v=0', 'o=- 18446744073709551615 18446744073709551615 IN IP4 192.0.2.1', 's=-', 'c=IN IP4 192.0.2.1', 't=0 0');
    assert.equal(parsed(text).origin.sessionVersion, '18446744073709551615');
  });

  it('accepts a disabled stream without any c= line', () => {
    const text = sdp('v=0', 'o=- 1 1 IN IP4 192.0.2.1', 's=-', 't=0 0', 'm=video 0 RTP/AVP 31');
    assert.equal(parsed(text).media[0]?.port, 0);
  });

  it('finds no audio stream to negotiate when the only one is disabled', () => {
    assert.equal(firstAudioStream(parsed(sdp(...HEAD, 'm=audio 0 RTP/AVP 0'))), undefined);
  });
});

describe('parseSessionDescription, malformed input', () => {
  const cases: readonly (readonly [string, string, string])[] = [
    ['an empty body', '', 'PBX_ERR_SDP_VERSION'],
    ['a first line other than v=', sdp('o=- 1 1 IN IP4 192.0.2.1', 'v=0'), 'PBX_ERR_SDP_VERSION'],
    ['v=1', sdp('v=1', 'o=- 1 1 IN IP4 192.0.2.1'), 'PBX_ERR_SDP_VERSION'],
    ['a line without =', sdp('v=0', 'hello'), 'PBX_ERR_SDP_LINE'],
    ['a NUL in a value', sdp('v=0', 's=a\0b'), 'PBX_ERR_SDP_LINE'],
    ['no o= line', sdp('v=0', 's=-', 'c=IN IP4 192.0.2.1'), 'PBX_ERR_SDP_ORIGIN'],
    ['two o= lines', sdp('v=0', 'o=- 1 1 IN IP4 192.0.2.1', 'o=- 1 1 IN IP4 192.0.2.1'), 'PBX_ERR_SDP_ORIGIN'],
    ['a non-numeric session version', sdp('v=0', 'o=- 1 x IN IP4 192.0.2.1'), 'PBX_ERR_SDP_ORIGIN'],
    ['an IPv6 address typed IP4', sdp('v=0', 'o=- 1 1 IN IP4 192.0.2.1', 'c=IN IP4 2001:db8::1'), 'PBX_ERR_SDP_CONNECTION'],
    ['an active stream with no c=', sdp('v=0', 'o=- 1 1 IN IP4 192.0.2.1', 'm=audio 4000 RTP/AVP 0'), 'PBX_ERR_SDP_CONNECTION'],
    ['a port above 65535', sdp(...HEAD, 'm=audio 70000 RTP/AVP 0'), 'PBX_ERR_SDP_MEDIA'],
    ['an m= line without formats', sdp(...HEAD, 'm=audio 4000 RTP/AVP'), 'PBX_ERR_SDP_MEDIA'],
    ['an RTP format above 127', sdp(...HEAD, 'm=audio 4000 RTP/AVP 200'), 'PBX_ERR_SDP_MEDIA'],
    ['a malformed rtpmap', sdp(...HEAD, 'm=audio 4000 RTP/AVP 96', 'a=rtpmap:96 opus'), 'PBX_ERR_SDP_ATTRIBUTE'],
    ['two directions in one section', sdp(...HEAD, 'm=audio 4000 RTP/AVP 0', 'a=sendonly', 'a=recvonly'), 'PBX_ERR_SDP_ATTRIBUTE'],
    ['a telephone-event fmtp out of range', sdp(...HEAD, 'm=audio 4000 RTP/AVP 96', 'a=rtpmap:96 telephone-event/8000', 'a=fmtp:96 0-300'), 'PBX_ERR_SDP_ATTRIBUTE'],
    ['a zero ptime', sdp(...HEAD, 'm=audio 4000 RTP/AVP 0', 'a=ptime:0'), 'PBX_ERR_SDP_ATTRIBUTE'],
    ['an rtcp port above 65535', sdp(...HEAD, 'm=audio 4000 RTP/AVP 0', 'a=rtcp:99999'), 'PBX_ERR_SDP_ATTRIBUTE'],
    ['a malformed t= line', sdp('v=0', 'o=- 1 1 IN IP4 192.0.2.1', 't=now'), 'PBX_ERR_SDP_TIMING'],
    ['a body over the size limit', sdp('v=0', `s=${'x'.repeat(20_000)}`), 'PBX_ERR_SDP_TOO_LARGE'],
    ['seventeen media sections', sdp(...HEAD, ...Array.from({ length: 17 }, () => 'm=audio 0 RTP/AVP 0')), 'PBX_ERR_SDP_TOO_LARGE'],
  ];
  for (const [what, text, code] of cases) {
    it(`MUST reject ${what} with ${code}`, () => {
      assert.equal(errorCode(text), code);
    });
  }
});
