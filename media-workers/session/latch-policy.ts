/**
 * Symmetric RTP latching: which source address a leg accepts media from and sends media to.
 *
 * @remarks
 * Phones behind NAT send from an address their SDP does not show, so the leg sends back to where
 * the phone's packets come from (symmetric RTP, RFC 4961 https://www.rfc-editor.org/rfc/rfc4961;
 * Asterisk's `comedia`). The security rule applied here:
 *
 * 1. While the leg is **open** (after creation, and again after an update carrying a new remote
 *    address, i.e. a re-INVITE), the first valid RTP packet from any address latches the leg to that
 *    address and its SSRC.
 * 2. Once latched, packets from another address are dropped, with two exceptions:
 *    - a packet from the address the far end declared in its SDP takes the leg back at once. A
 *      stray stream that reached the port first (the leftover of an earlier call on the same port,
 *      or an RTP Bleed attacker racing the phone, CVE-2017-14099) latched an open leg; the phone
 *      sending from the address it signalled is the far end the call negotiated with.
 *    - a NAT that re-maps the phone's port mid-call. A new address is adopted only after
 *      {@link RELATCH_PACKETS} consecutive packets from it carry the latched SSRC with consecutive
 *      sequence numbers. An attacker who does not see the stream cannot guess the 32-bit SSRC and
 *      the sequence number, so cannot hijack the leg; one who sees it can already disrupt it.
 *
 * Pure: the leg keeps the state and applies the decision.
 */
import type { TransportAddress } from '../media-protocol.ts';

/** Packets from a new address with the latched SSRC needed before the leg re-latches. */
export const RELATCH_PACKETS = 3;

/** A leg's latching state. */
export type LatchState =
  | { readonly type: 'open' }
  | {
      readonly type: 'latched';
      readonly remote: TransportAddress;
      readonly ssrc: number;
      readonly candidate?: { readonly remote: TransportAddress; readonly nextSequenceNumber: number; readonly count: number };
    };

/** What to do with one received packet. */
export type LatchDecision = {
  readonly accept: boolean;
  /** Set when the leg latched to a new address with this packet. */
  readonly latched?: TransportAddress;
  readonly state: LatchState;
};

/** Whether two transport addresses are the same. */
export function sameAddress(left: TransportAddress | undefined, right: TransportAddress | undefined): boolean {
  return left !== undefined && right !== undefined && left.address === right.address && left.port === right.port;
}

/**
 * Decides whether a packet from `source` with `ssrc` and `sequenceNumber` is accepted.
 *
 * @param declared the far end's RTP address from its SDP (`c=` and `m=`), when it gave one.
 */
export function decideLatch(state: LatchState, source: TransportAddress, ssrc: number, sequenceNumber: number, declared?: TransportAddress): LatchDecision {
  if (state.type === 'open') {
    return { accept: true, latched: source, state: { type: 'latched', remote: source, ssrc } };
  }
  if (sameAddress(state.remote, source)) {
    return { accept: true, state: ssrc === state.ssrc && state.candidate === undefined ? state : { type: 'latched', remote: state.remote, ssrc } };
  }
  if (sameAddress(declared, source)) {
    return { accept: true, latched: source, state: { type: 'latched', remote: source, ssrc } };
  }
  if (ssrc !== state.ssrc) return { accept: false, state };
  const candidate = state.candidate;
  const continues = candidate !== undefined && sameAddress(candidate.remote, source) && candidate.nextSequenceNumber === sequenceNumber;
  const count = continues ? candidate.count + 1 : 1;
  if (count >= RELATCH_PACKETS) {
    return { accept: true, latched: source, state: { type: 'latched', remote: source, ssrc } };
  }
  const nextSequenceNumber = (sequenceNumber + 1) & 0xffff;
  return { accept: false, state: { ...state, candidate: { remote: source, nextSequenceNumber, count } } };
}
