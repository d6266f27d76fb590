/**
 * Reads the `a=` lines of one section that negotiation relies on.
 *
 * @remarks `a=<name>` or `a=<name>:<value>` (https://www.rfc-editor.org/rfc/rfc8866#section-5.13).
 * Read: rtpmap and fmtp (§6.6, §6.15), ptime and maxptime (§6.4, §6.5), the four direction
 * attributes (§6.7), rtcp (https://www.rfc-editor.org/rfc/rfc3605#section-2.1) and rtcp-mux
 * (https://www.rfc-editor.org/rfc/rfc5761#section-5.1.1). Other attributes are ignored, as §5.13
 * asks of unknown ones. A malformed attribute of this list (fmtp aside, whose parameters are only
 * read for telephone-event) is an error, as are two different direction attributes in one section,
 * since the meaning would be a guess.
 */
import { checkAddress } from './connection-address.ts';
import { sdpFailure, type SdpFailure } from './sdp-errors.ts';
import type { SdpLine } from './sdp-lines.ts';
import type { MediaDirection, RtcpAddress } from './session-description.ts';
import { LAST_PAYLOAD_TYPE } from './static-payload-types.ts';

/** An `a=rtpmap` entry. */
export interface RtpMap {
  readonly name: string;
  readonly clockRate: number;
  readonly channels?: number;
}

/** What {@link readSectionAttributes} found. */
export interface SectionAttributes {
  readonly rtpmaps: ReadonlyMap<number, RtpMap>;
  /** fmtp parameters keyed by the format as written in the `m=` line. */
  readonly fmtps: ReadonlyMap<string, string>;
  readonly direction?: MediaDirection;
  readonly ptime?: number;
  readonly maxptime?: number;
  readonly rtcp?: RtcpAddress;
  readonly rtcpMux: boolean;
}

interface Collected {
  rtpmaps: Map<number, RtpMap>;
  fmtps: Map<string, string>;
  direction?: MediaDirection;
  ptime?: number;
  maxptime?: number;
  rtcp?: RtcpAddress;
  rtcpMux: boolean;
}

type AttributeReader = (value: string, into: Collected) => string | undefined;

// The encoding name is an RFC 8866 token (§9 `token-char`).
const RTPMAP = /^(\d{1,3})[ \t]+([!#$%&'*+\-.0-9A-Z^_`a-z{|}~]{1,64})\/(\d{1,7})(?:\/(\d{1,2}))?[ \t]*$/;
const FMTP = /^([^ \t]{1,32})(?:[ \t]+(.*))?$/s;
const PACKET_TIME = /^[ \t]*(\d{1,5}(?:\.\d{1,3})?)[ \t]*$/;
const RTCP = /^[ \t]*(\d{1,5})(?:[ \t]+IN[ \t]+(IP[46])[ \t]+([^ \t]+))?[ \t]*$/;
const MAX_PACKET_TIME_MS = 10_000;
const MAX_PORT = 65_535;

const READERS: Readonly<Record<string, AttributeReader>> = {
  rtpmap: readRtpMap,
  fmtp: readFmtp,
  ptime: (value, into) => readPacketTime(value, (ms) => (into.ptime = ms)),
  maxptime: (value, into) => readPacketTime(value, (ms) => (into.maxptime = ms)),
  rtcp: readRtcp,
  'rtcp-mux': (_value, into) => {
    into.rtcpMux = true;
    return undefined;
  },
  sendrecv: (_value, into) => setDirection('sendrecv', into),
  sendonly: (_value, into) => setDirection('sendonly', into),
  recvonly: (_value, into) => setDirection('recvonly', into),
  inactive: (_value, into) => setDirection('inactive', into),
};

/** Reads the attributes of `lines` (one session or media section). */
export function readSectionAttributes(lines: readonly SdpLine[]): { readonly type: 'ok'; readonly attributes: SectionAttributes } | SdpFailure {
  const into: Collected = { rtpmaps: new Map(), fmtps: new Map(), rtcpMux: false };
  for (const line of lines) {
    if (line.letter !== 'a') continue;
    const colon = line.value.indexOf(':');
    const name = (colon === -1 ? line.value : line.value.slice(0, colon)).trim().toLowerCase();
    const reader = Object.hasOwn(READERS, name) ? READERS[name] : undefined;
    const problem = reader?.(colon === -1 ? '' : line.value.slice(colon + 1), into);
    if (problem !== undefined) return sdpFailure('PBX_ERR_SDP_ATTRIBUTE', `a=${name}: ${problem}`);
  }
  return { type: 'ok', attributes: into };
}

function readRtpMap(value: string, into: Collected): string | undefined {
  const match = RTPMAP.exec(value);
  if (match === null) return 'malformed';
  const pt = Number(match[1]);
  const clockRate = Number(match[3]);
  if (pt > LAST_PAYLOAD_TYPE || clockRate === 0) return 'payload type or clock rate out of range';
  const entry: RtpMap = match[4] === undefined ? { name: match[2] ?? '', clockRate } : { name: match[2] ?? '', clockRate, channels: Number(match[4]) };
  const previous = into.rtpmaps.get(pt);
  if (previous !== undefined && !sameRtpMap(previous, entry)) return `two mappings for payload type ${pt}`;
  into.rtpmaps.set(pt, entry);
  return undefined;
}

function sameRtpMap(left: RtpMap, right: RtpMap): boolean {
  return left.name.toLowerCase() === right.name.toLowerCase() && left.clockRate === right.clockRate && left.channels === right.channels;
}

/** A malformed fmtp is skipped: only telephone-event's is interpreted, and that one is checked later. */
function readFmtp(value: string, into: Collected): string | undefined {
  const match = FMTP.exec(value);
  if (match?.[1] !== undefined && !into.fmtps.has(match[1])) into.fmtps.set(match[1], (match[2] ?? '').trim());
  return undefined;
}

function readPacketTime(value: string, store: (ms: number) => void): string | undefined {
  const match = PACKET_TIME.exec(value);
  const ms = match === null ? Number.NaN : Number(match[1]);
  if (!(ms > 0 && ms <= MAX_PACKET_TIME_MS)) return 'not a packet time in milliseconds';
  store(ms);
  return undefined;
}

function readRtcp(value: string, into: Collected): string | undefined {
  const match = RTCP.exec(value);
  const port = match === null ? Number.NaN : Number(match[1]);
  if (match === null || !(port <= MAX_PORT)) return 'malformed';
  if (match[3] === undefined) {
    into.rtcp = { port };
    return undefined;
  }
  const checked = checkAddress(match[2], match[3], false);
  if (checked === undefined) return 'malformed address';
  into.rtcp = { port, address: checked.address };
  return undefined;
}

function setDirection(direction: MediaDirection, into: Collected): string | undefined {
  if (into.direction !== undefined && into.direction !== direction) return `conflicts with a=${into.direction}`;
  into.direction = direction;
  return undefined;
}
