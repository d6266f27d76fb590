/**
 * A media session: two legs relayed to each other, and for a while a third, consult leg.
 *
 * @remarks
 * RTP from one leg goes to the other with its header rewritten onto the outbound stream of the
 * destination leg (see `outbound-stream.ts`), its G.711 payload transcoded when the legs' codecs
 * differ, and telephone events (RFC 4733) carried over under the destination's negotiated payload
 * type (dropped when the destination did not negotiate them). Other payload types (comfort noise,
 * codecs not negotiated) are dropped and counted.
 *
 * RTCP is passed through rather than generated: each compound is forwarded to the other leg with
 * its SSRCs mapped (sender → the SSRC the relay uses towards the destination; report blocks about
 * the relay's stream → the SSRC the destination sends), so that both ends keep their own quality
 * reports. Sequence-derived fields of report blocks stay in the sender's numbering; loss fraction
 * and jitter, which endpoints use, are unaffected.
 *
 * During a transfer or relocate the session holds a consult leg C (see `relay-pairs.ts`): the relay
 * may pair C with A or B, and the leg outside the pair gets nothing relayed (what it sends is
 * dropped and counted; telephone events it sends are still reported).
 *
 * A leg configured with `inbandDtmf` also has its audio scanned for DTMF dual tones (see
 * `detectors/inband-dtmf-detector.ts`) whether or not it is relayed, muted or played to; a digit
 * found there is reported as the same `leg.dtmf` event as an RFC 4733 one. A leg that negotiated
 * RFC 4733 is not scanned (one source of digits per leg, never both). Promoting C puts it in a
 * party's slot under that name, so the leg that stays keeps its outbound stream: its phone sees the
 * same SSRC and a continuing sequence, with a marker bit at the change of source.
 *
 * While leg A is a member of a mixer (a conference), its decoded audio goes to the mixer's input
 * instead of the relay, and nothing is relayed to or from it (RTCP included); its telephone events
 * and in-band digits are still reported, and its recording still runs. The mixer sends to leg A on
 * its outbound stream. Legs B and C relay to each other when bridged.
 */
import type { MediaClock } from '../clock.ts';
import { decodeG711, G711_PAYLOAD_TYPES, g711CodecOfPayloadType, transcodeG711 } from '../codecs/g711.ts';
import type { DetectedDigit } from '../detectors/telephone-event-detector.ts';
import type { AnyLegName, BridgedLegs, LegConfig, LegName, LegSnapshot, LegStats, MediaEvent, MediaSessionId, SessionSnapshot, TransportAddress } from '../media-protocol.ts';
import { rewriteRtcpSsrcs } from '../rtp/rtcp.ts';
import type { RtpPacket } from '../rtp/rtp-packet.ts';
import { MediaLeg } from './media-leg.ts';
import type { MediaLegHandlers } from './media-leg.ts';
import { isPartiesPair, PARTIES, relayPartner } from './relay-pairs.ts';
import type { UdpSocketPair } from './udp-socket-pair.ts';

/** Where a member's decoded audio goes while its leg A is in a mixer. */
export type MixerInput = (samples: Int16Array) => void;

/** How a session reports facts. */
export type EmitMediaEvent = (event: MediaEvent) => void;

/** The legs, two of them relayed. */
export class MediaSession {
  readonly sessionId: MediaSessionId;
  readonly #clock: MediaClock;
  readonly #emit: EmitMediaEvent;
  readonly #handlers: MediaLegHandlers;
  #legA: MediaLeg;
  #legB: MediaLeg;
  #consult: MediaLeg | undefined;
  #bridged: BridgedLegs = PARTIES;
  #mixerInput: MixerInput | undefined;

  constructor(
    sessionId: MediaSessionId,
    legs: readonly [LegSnapshot, LegSnapshot],
    sockets: readonly [UdpSocketPair, UdpSocketPair],
    clock: MediaClock,
    emit: EmitMediaEvent,
  ) {
    this.sessionId = sessionId;
    this.#clock = clock;
    this.#emit = emit;
    this.#handlers = {
      onRtp: (leg: MediaLeg, bytes: Uint8Array, packet: RtpPacket) => this.#relayRtp(leg, bytes, packet),
      onRtcp: (leg: MediaLeg, bytes: Uint8Array) => this.#relayRtcp(leg, bytes),
      onLatched: (leg: MediaLeg, remote: TransportAddress) => emit({ type: 'leg.latched', sessionId, leg: leg.name, remote }),
    };
    this.#legA = new MediaLeg('A', legs[0], sockets[0], clock, this.#handlers);
    this.#legB = new MediaLeg('B', legs[1], sockets[1], clock, this.#handlers);
  }

  /** The leg in slot A. */
  get legA(): MediaLeg {
    return this.#legA;
  }

  /** The leg in slot B. */
  get legB(): MediaLeg {
    return this.#legB;
  }

  /** The consult leg C, while there is one. */
  get consult(): MediaLeg | undefined {
    return this.#consult;
  }

  /** The two legs that relay to each other. */
  get bridged(): BridgedLegs {
    return this.#bridged;
  }

  /** Whether leg A is a mixer member. */
  get inMixer(): boolean {
    return this.#mixerInput !== undefined;
  }

  /** Sends leg A's audio to `input` instead of the relay; `undefined` relays it again. */
  setMixerInput(input: MixerInput | undefined): void {
    this.#mixerInput = input;
  }

  /** The leg called `name` (C only while it exists). */
  leg(name: LegName): MediaLeg;
  leg(name: AnyLegName): MediaLeg | undefined;
  leg(name: AnyLegName): MediaLeg | undefined {
    if (name === 'A') return this.#legA;
    return name === 'B' ? this.#legB : this.#consult;
  }

  /** Whether `leg` is still one of the session's legs (not closed by a promote or remove). */
  holds(leg: MediaLeg): boolean {
    return leg === this.#legA || leg === this.#legB || leg === this.#consult;
  }

  /** Applies a re-negotiated configuration to one leg (nothing when it does not exist). */
  update(name: AnyLegName, config: LegConfig): void {
    const leg = this.leg(name);
    if (leg === undefined) return;
    const remoteChanged = config.remote !== undefined && (config.remote.address !== leg.config.remote?.address || config.remote.port !== leg.config.remote.port);
    leg.update(config, remoteChanged);
  }

  /** Adds the consult leg C on `sockets`, outside the relay; false (and nothing done) when C exists. */
  addConsult(snapshot: LegSnapshot, sockets: UdpSocketPair): boolean {
    if (this.#consult !== undefined) return false;
    this.#consult = new MediaLeg('C', snapshot, sockets, this.#clock, this.#handlers);
    return true;
  }

  /** Relays `pair` from now on; false (and nothing changed) when it names C and there is none. */
  bridge(pair: BridgedLegs): boolean {
    if (pair[1] === 'C' && this.#consult === undefined) return false;
    this.#bridged = pair;
    return true;
  }

  /**
   * Closes the leg in slot `into` and puts C there under that name, relaying A↔B again; the closed
   * leg's counters, or `undefined` (nothing done) when there is no C.
   */
  promote(into: LegName): LegStats | undefined {
    const consult = this.#consult;
    if (consult === undefined) return undefined;
    const leaving = this.leg(into);
    const stats = leaving.stats();
    leaving.close();
    consult.name = into;
    if (into === 'A') this.#legA = consult;
    else this.#legB = consult;
    this.#consult = undefined;
    this.#bridged = PARTIES;
    return stats;
  }

  /** Closes C and relays A↔B again; C's counters, or `undefined` when there is no C. */
  removeConsult(): LegStats | undefined {
    const consult = this.#consult;
    if (consult === undefined) return undefined;
    const stats = consult.stats();
    consult.close();
    this.#consult = undefined;
    this.#bridged = PARTIES;
    return stats;
  }

  /** The session's portable state. */
  snapshot(): SessionSnapshot {
    return {
      v: 1,
      sessionId: this.sessionId,
      legs: [this.#legA.snapshot(), this.#legB.snapshot()],
      ...(this.#consult === undefined ? {} : { consult: this.#consult.snapshot() }),
      ...(isPartiesPair(this.#bridged) ? {} : { bridged: this.#bridged }),
      takenAtMs: this.#clock.nowMs(),
    };
  }

  /** Counters of legs A and B. */
  stats(): readonly [LegStats, LegStats] {
    return [this.#legA.stats(), this.#legB.stats()];
  }

  /** Stops playbacks and closes every socket. */
  close(): void {
    this.#legA.close();
    this.#legB.close();
    this.#consult?.close();
    this.#consult = undefined;
  }

  /** The leg `leg` relays with, or `undefined` when it is outside the relayed pair. */
  #partner(leg: MediaLeg): MediaLeg | undefined {
    const name = relayPartner(this.#bridged, leg.name);
    if (this.#mixerInput !== undefined && (leg === this.#legA || name === 'A')) return undefined;
    return name === undefined ? undefined : this.leg(name);
  }

  #relayRtp(from: MediaLeg, bytes: Uint8Array, packet: RtpPacket): void {
    const to = this.#partner(from);
    const eventPt = from.config.telephoneEventPt;
    if (eventPt !== undefined && packet.payloadType === eventPt) {
      this.#relayTelephoneEvent(from, to, bytes, packet);
      return;
    }
    const codec = g711CodecOfPayloadType(packet.payloadType);
    const inband = codec === undefined ? undefined : from.detectInbandDtmf(codec, packet.payload);
    const mixerInput = from === this.#legA ? this.#mixerInput : undefined;
    // Decoded once for the recorder and the mixer, and only when one of them wants it.
    const pcm = codec !== undefined && (from.recorder !== undefined || mixerInput !== undefined) ? decodeG711(codec, packet.payload) : undefined;
    if (pcm !== undefined) from.recorder?.accept(pcm);
    if (inband !== undefined) this.#reportDigit(from, inband);
    if (pcm !== undefined && mixerInput !== undefined) {
      mixerInput(pcm);
      return;
    }
    if (to === undefined || codec === undefined || to.playback !== undefined || to.dtmfUntilMs > this.#clock.nowMs() || from.config.muted === true) {
      from.countDropped();
      return;
    }
    transcodeG711(codec, to.config.codec, packet.payload);
    this.#forward(from, to, bytes, packet, G711_PAYLOAD_TYPES[to.config.codec]);
  }

  #relayTelephoneEvent(from: MediaLeg, to: MediaLeg | undefined, bytes: Uint8Array, packet: RtpPacket): void {
    const digit = from.detector.accept(packet.timestamp, packet.payload);
    if (digit !== undefined) this.#reportDigit(from, digit);
    const targetPt = to?.config.telephoneEventPt;
    if (to === undefined || targetPt === undefined || to.playback !== undefined || to.dtmfUntilMs > this.#clock.nowMs()) {
      from.countDropped();
      return;
    }
    this.#forward(from, to, bytes, packet, targetPt);
  }

  /** Reports a digit from a leg's far end; a stop digit also ends the leg's recording. */
  #reportDigit(from: MediaLeg, digit: DetectedDigit): void {
    from.recorder?.acceptDigit(digit.digit);
    this.#emit({ type: 'leg.dtmf', sessionId: this.sessionId, leg: from.name, ...digit });
  }

  #forward(from: MediaLeg, to: MediaLeg, bytes: Uint8Array, packet: RtpPacket, payloadType: number): void {
    const stamped = to.outbound.stamp(`relay:${from.name}:${packet.ssrc}`, packet.sequenceNumber, packet.timestamp, packet.marker, this.#clock.nowMs());
    to.sendRtp(bytes, { ...stamped, payloadType, ssrc: to.outbound.ssrc });
  }

  #relayRtcp(from: MediaLeg, bytes: Uint8Array): void {
    const to = this.#partner(from);
    if (to === undefined) {
      from.countDropped();
      return;
    }
    const fromSsrc = from.inboundSsrc;
    const toSsrc = to.inboundSsrc;
    const mapped = rewriteRtcpSsrcs(bytes, (ssrc) => {
      if (ssrc === fromSsrc) return to.outbound.ssrc;
      if (ssrc === from.outbound.ssrc && toSsrc !== undefined) return toSsrc;
      return ssrc;
    });
    if (!mapped) {
      from.countDropped();
      return;
    }
    to.sendRtcp(bytes);
  }
}
