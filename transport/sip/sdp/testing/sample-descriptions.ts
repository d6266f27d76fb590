/**
 * Session descriptions shaped like those real peers send, for tests.
 *
 * @remarks Written for these tests after the shape of each peer's output: SIPp's built-in UAC
 * scenario, a baresip softphone, a Linphone-like desktop client with many codecs and video, a
 * hold re-INVITE, and the RFC 2543 `c=0.0.0.0` hold.
 */

/** Joins lines with CRLF and ends the last one. */
export function sdp(...lines: readonly string[]): string {
  return `${lines.join('\r\n')}\r\n`;
}

/** SIPp's default UAC offer: PCMU only, no direction attribute. */
export const SIPP_OFFER = sdp(
  'v=0',
  'o=user1 53655765 2353687637 IN IP4 127.0.1.1',
  's=-',
  'c=IN IP4 127.0.1.1',
  't=0 0',
  'm=audio 6000 RTP/AVP 0',
  'a=rtpmap:0 PCMU/8000',
);

/** A baresip offer: PCMU, PCMA and telephone-event 101, with extra attributes we ignore. */
export const BARESIP_OFFER = sdp(
  'v=0',
  'o=- 1397251327 2126738712 IN IP4 192.0.2.10',
  's=-',
  'c=IN IP4 192.0.2.10',
  't=0 0',
  'm=audio 10354 RTP/AVP 0 8 101',
  'b=AS:64',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-15',
  'a=sendrecv',
  'a=label:1',
  'a=rtcp-rsize',
  'a=ssrc:2412334123 cname:1b3a3c7e-0000-4a4d-9c1e-5d8b0a2f6e11',
  'a=ptime:20',
);

/** The same baresip leg putting us on hold: version + 1 and `a=sendonly`. */
export const BARESIP_HOLD_REOFFER = sdp(
  'v=0',
  'o=- 1397251327 2126738713 IN IP4 192.0.2.10',
  's=-',
  'c=IN IP4 192.0.2.10',
  't=0 0',
  'm=audio 10354 RTP/AVP 0 8 101',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-15',
  'a=sendonly',
  'a=ptime:20',
);

/** A Linphone-like offer: opus, speex, G.711, G.729, three telephone-events, RTCP, and video. */
export const LINPHONE_LIKE_OFFER = sdp(
  'v=0',
  'o=alice 3342 1270 IN IP4 198.51.100.20',
  's=Talk',
  'c=IN IP4 198.51.100.20',
  't=0 0',
  'a=rtcp-xr:rcvr-rtt=all:10000 stat-summary=loss,dup,jitt,TTL voip-metrics',
  'a=record:off',
  'm=audio 7078 RTP/AVP 96 97 98 0 8 18 101 99 100',
  'a=rtpmap:96 opus/48000/2',
  'a=fmtp:96 useinbandfec=1',
  'a=rtpmap:97 speex/16000',
  'a=fmtp:97 vbr=on',
  'a=rtpmap:98 speex/8000',
  'a=fmtp:98 vbr=on',
  'a=fmtp:18 annexb=yes',
  'a=rtpmap:101 telephone-event/48000',
  'a=rtpmap:99 telephone-event/16000',
  'a=rtpmap:100 telephone-event/8000',
  'a=rtcp:7079 IN IP4 198.51.100.20',
  'a=rtcp-fb:* trr-int 1000',
  'a=rtcp-fb:* ccm tmmbr',
  'm=video 9078 RTP/AVP 103',
  'a=rtpmap:103 VP8/90000',
  'a=rtcp-fb:103 nack pli',
);

/** The RFC 2543 hold: `c=0.0.0.0` and no direction attribute. */
export const LEGACY_HOLD_OFFER = sdp(
  'v=0',
  'o=carol 2890844526 2890844527 IN IP4 203.0.113.7',
  's=-',
  'c=IN IP4 0.0.0.0',
  't=0 0',
  'm=audio 49170 RTP/AVP 0 8',
);

/** An IPv6 offer with session-level `a=recvonly`, rtcp-mux and a bare `a=rtcp` port. */
export const IPV6_RECVONLY_OFFER = sdp(
  'v=0',
  'o=- 7 7 IN IP6 2001:db8::5',
  's=-',
  'c=IN IP6 2001:db8::5',
  't=0 0',
  'a=recvonly',
  'm=audio 30000 RTP/AVP 8 0',
  'a=rtcp:30001',
  'a=rtcp-mux',
);
