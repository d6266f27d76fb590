/**
 * Stable error codes of the SDP layer and the failure value that carries them.
 *
 * @remarks A malformed or unusable session description is an expected outcome on a network edge,
 * so it is a value, never an exception. What the user agent core does with each: a body that does
 * not parse in an INVITE is answered 400 (https://www.rfc-editor.org/rfc/rfc3261#section-21.4.1),
 * one it cannot accept is answered 488 (https://www.rfc-editor.org/rfc/rfc3261#section-21.4.26);
 * a bad answer to our own offer ends the dialog (https://www.rfc-editor.org/rfc/rfc3264#section-6).
 */
export const SDP_ERROR_CODES = [
  /** Larger than {@link MAX_SDP_BYTES}, or too many lines, streams or formats. */
  'PBX_ERR_SDP_TOO_LARGE',
  /** A line that is not `<letter>=<value>`, or holds a NUL or another control character. */
  'PBX_ERR_SDP_LINE',
  /** No `v=0` first line. */
  'PBX_ERR_SDP_VERSION',
  /** `o=` missing, repeated or malformed. */
  'PBX_ERR_SDP_ORIGIN',
  /** A malformed `c=` line, or an active stream without any connection address. */
  'PBX_ERR_SDP_CONNECTION',
  /** A malformed `m=` line. */
  'PBX_ERR_SDP_MEDIA',
  /** A malformed attribute we rely on (rtpmap, fmtp of telephone-event, ptime, rtcp, direction). */
  'PBX_ERR_SDP_ATTRIBUTE',
  /** A malformed `t=` line. */
  'PBX_ERR_SDP_TIMING',
  /** An answer whose `m=` lines do not match the offer's. */
  'PBX_ERR_SDP_MEDIA_MISMATCH',
  /** An answer that rejects (port 0) the stream we need. */
  'PBX_ERR_SDP_STREAM_REJECTED',
  /** An answer without any format of the offer. */
  'PBX_ERR_SDP_NO_COMMON_CODEC',
  /** An answer whose direction the offer does not allow. */
  'PBX_ERR_SDP_DIRECTION',
  /** Our own parameters cannot make a valid description (bad address, clashing payload types). */
  'PBX_ERR_SDP_LOCAL_PARAMETERS',
] as const;

/** One of {@link SDP_ERROR_CODES}. */
export type SdpErrorCode = (typeof SDP_ERROR_CODES)[number];

/** An SDP failure. */
export interface SdpFailure {
  readonly type: 'error';
  readonly code: SdpErrorCode;
  /** For logs and a Warning header; never branch on it. */
  readonly reason: string;
}

/**
 * The largest description accepted, in characters (bytes, for the ASCII that SDP is in practice).
 *
 * @remarks Far above real offers (a many-codec softphone offer with video is about 2 KiB), and
 * bounds the work spent on hostile input.
 */
export const MAX_SDP_BYTES = 16_384;

/** Builds an {@link SdpFailure}. */
export function sdpFailure(code: SdpErrorCode, reason: string): SdpFailure {
  return { type: 'error', code, reason };
}
