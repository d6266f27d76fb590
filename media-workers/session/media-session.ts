/**
 * A media session: two legs relayed to each other.
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
 */
import type { MediaClock } from '../clock.ts';
import { G711_PAYLOAD_TYPES, g711CodecOfPayloadType, transcodeG711 } from '../codecs/g711.ts';
import type { LegConfig, LegName, LegSnapshot, LegStats, MediaEvent, MediaSessionId, SessionSnapshot, TransportAddress } from '../media-protocol.ts';
import { rewriteRtcpSsrcs } from '../rtp/rtcp.ts';
import type { RtpPacket } from '../rtp/rtp-packet.ts';
import { MediaLeg } from './media-leg.ts';
import type { UdpSocketPair } from './udp-socket-pair.ts';

/** How a session reports facts. */
export type EmitMediaEvent = (event: MediaEvent) => void;

/** The two legs, relayed. */
export class MediaSession {
  readonly sessionId: MediaSessionId;
  readonly legA: MediaLeg;
  readonly legB: MediaLeg;
  readonly #clock: MediaClock;
  readonly #emit: EmitMediaEvent;

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
    const handlers = {
      onRtp: (leg: MediaLeg, bytes: Uint8Array, packet: RtpPacket) => this.#relayRtp(leg, bytes, packet),
      onRtcp: (leg: MediaLeg, bytes: Uint8Array) => this.#relayRtcp(leg, bytes),
      onLatched: (leg: MediaLeg, remote: TransportAddress) => emit({ type: 'leg.latched', sessionId, leg: leg.name, remote }),
    };
    this.legA = new MediaLeg('A', legs[0], sockets[0], clock, handlers);
    this.legB = new MediaLeg('B', legs[1], sockets[1], clock, handlers);
  }

  /** The leg called `name`. */
  leg(name: LegName): MediaLeg {
    return name === 'A' ? this.legA : this.legB;
  }

  /** Applies a re-negotiated configuration to one leg. */
  update(name: LegName, config: LegConfig): void {
    const leg = this.leg(name);
    const remoteChanged = config.remote !== undefined && (config.remote.address !== leg.config.remote?.address || config.remote.port !== leg.config.remote.port);
    leg.update(config, remoteChanged);
  }

  /** The session's portable state. */
  snapshot(): SessionSnapshot {
    return { v: 1, sessionId: this.sessionId, legs: [this.legA.snapshot(), this.legB.snapshot()], takenAtMs: this.#clock.nowMs() };
  }

  /** Counters of both legs. */
  stats(): readonly [LegStats, LegStats] {
    return [this.legA.stats(), this.legB.stats()];
  }

  /** Stops playbacks and closes every socket. */
  close(): void {
    this.legA.close();
    this.legB.close();
  }

  #other(leg: MediaLeg): MediaLeg {
    return leg === this.legA ? this.legB : this.legA;
  }

  #relayRtp(from: MediaLeg, bytes: Uint8Array, packet: RtpPacket): void {
    const to = this.#other(from);
    const eventPt = from.config.telephoneEventPt;
    if (eventPt !== undefined && packet.payloadType === eventPt) {
      this.#relayTelephoneEvent(from, to, bytes, packet);
      return;
    }
    const codec = g711CodecOfPayloadType(packet.payloadType);
    if (codec === undefined || to.playback !== undefined || to.dtmfUntilMs > this.#clock.nowMs() || from.config.muted === true) {
      from.countDropped();
      return;
    }
    transcodeG711(codec, to.config.codec, packet.payload);
    this.#forward(from, to, bytes, packet, G711_PAYLOAD_TYPES[to.config.codec]);
  }

  #relayTelephoneEvent(from: MediaLeg, to: MediaLeg, bytes: Uint8Array, packet: RtpPacket): void {
    const digit = from.detector.accept(packet.timestamp, packet.payload);
    if (digit !== undefined) this.#emit({ type: 'leg.dtmf', sessionId: this.sessionId, leg: from.name, ...digit });
    const targetPt = to.config.telephoneEventPt;
    if (targetPt === undefined || to.playback !== undefined || to.dtmfUntilMs > this.#clock.nowMs()) {
      from.countDropped();
      return;
    }
    this.#forward(from, to, bytes, packet, targetPt);
  }

  #forward(from: MediaLeg, to: MediaLeg, bytes: Uint8Array, packet: RtpPacket, payloadType: number): void {
    const stamped = to.outbound.stamp(`relay:${from.name}:${packet.ssrc}`, packet.sequenceNumber, packet.timestamp, packet.marker, this.#clock.nowMs());
    to.sendRtp(bytes, { ...stamped, payloadType, ssrc: to.outbound.ssrc });
  }

  #relayRtcp(from: MediaLeg, bytes: Uint8Array): void {
    const to = this.#other(from);
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
