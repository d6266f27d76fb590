/**
 * One leg of a media session: its sockets, its far end, what it receives and what it is sent.
 *
 * @remarks
 * The leg validates and latches what arrives (see `latch-policy.ts`), keeps the receive counters
 * (RFC 3550 A.1, A.8) and the outbound stream towards its far end, and hands accepted packets to
 * the session, which decides where they go. RTCP is accepted only from the latched RTP peer's IP
 * address (or the SDP address before latching); it is recognised on the RTP port too when the far
 * end multiplexes it (RFC 5761 §4).
 */
import type { RemoteInfo, Socket } from 'node:dgram';
import type { MediaClock } from '../clock.ts';
import { decodeG711, G711_CLOCK_RATE_HZ } from '../codecs/g711.ts';
import type { G711Codec } from '../codecs/g711.ts';
import { InbandDtmfDetector } from '../detectors/inband-dtmf-detector.ts';
import { TelephoneEventDetector } from '../detectors/telephone-event-detector.ts';
import type { DetectedDigit } from '../detectors/telephone-event-detector.ts';
import type { LegRecorder } from '../recorder/leg-recorder.ts';
import type { AnyLegName, LegConfig, LegSnapshot, LegStats, PlaySource, TransportAddress } from '../media-protocol.ts';
import { ReceiveStatistics } from '../rtp/receive-statistics.ts';
import { isRtcpPacket } from '../rtp/rtcp.ts';
import { parseRtpPacket, rewriteRtpHeader } from '../rtp/rtp-packet.ts';
import type { RtpHeaderRewrite, RtpPacket } from '../rtp/rtp-packet.ts';
import { decideLatch } from './latch-policy.ts';
import type { LatchState } from './latch-policy.ts';
import { OutboundStream } from './outbound-stream.ts';
import type { UdpSocketPair } from './udp-socket-pair.ts';

/** What the leg reports to its session. */
export type MediaLegHandlers = {
  readonly onRtp: (leg: MediaLeg, bytes: Uint8Array, packet: RtpPacket, arrivalMs: number) => void;
  readonly onRtcp: (leg: MediaLeg, bytes: Uint8Array) => void;
  readonly onLatched: (leg: MediaLeg, remote: TransportAddress) => void;
};

/** An active playback on a leg. */
export type Playback = { readonly source: PlaySource; readonly stop: () => void };

/** One leg. */
export class MediaLeg {
  /** The leg's slot; a consult leg C takes the name of the slot it is promoted into. */
  name: AnyLegName;
  readonly outbound: OutboundStream;
  readonly detector = new TelephoneEventDetector(G711_CLOCK_RATE_HZ);
  config: LegConfig;
  playback: Playback | undefined;
  /** The recording of what the far end sends, while one runs. */
  recorder: LegRecorder | undefined;
  /** Until when telephone events are being sent to the far end (epoch ms): relayed media waits, one stream at a time. */
  dtmfUntilMs = 0;
  readonly #sockets: UdpSocketPair;
  readonly #clock: MediaClock;
  readonly #handlers: MediaLegHandlers;
  readonly #statistics = new ReceiveStatistics(G711_CLOCK_RATE_HZ);
  #latch: LatchState;
  #inbandDetector: InbandDtmfDetector | undefined;
  #rtcpRemote: TransportAddress | undefined;
  #rtcpMuxSeen = false;
  #sentPackets = 0;
  #sentBytes = 0;
  #droppedPackets = 0;

  constructor(name: AnyLegName, snapshot: LegSnapshot, sockets: UdpSocketPair, clock: MediaClock, handlers: MediaLegHandlers) {
    this.name = name;
    this.config = snapshot.config;
    this.outbound = new OutboundStream(snapshot.outbound, G711_CLOCK_RATE_HZ);
    this.#sockets = sockets;
    this.#clock = clock;
    this.#handlers = handlers;
    this.#latch =
      snapshot.latchedRemote === undefined || snapshot.latchedSsrc === undefined
        ? { type: 'open' }
        : { type: 'latched', remote: snapshot.latchedRemote, ssrc: snapshot.latchedSsrc };
    this.#rtcpRemote = snapshot.rtcpRemote;
    sockets.rtp.on('message', (message, remoteInfo) => this.#onRtpSocketMessage(message, remoteInfo));
    sockets.rtcp.on('message', (message, remoteInfo) => this.#onRtcpMessage(message, remoteInfo));
    const countError = (): void => {
      this.#droppedPackets += 1;
    };
    sockets.rtp.on('error', countError);
    sockets.rtcp.on('error', countError);
  }

  /** Where RTP towards this leg goes: the latched address, else the SDP address. */
  get remote(): TransportAddress | undefined {
    return this.#latch.type === 'latched' ? this.#latch.remote : this.config.remote;
  }

  /** The SSRC of the stream this leg's far end sends, once latched. */
  get inboundSsrc(): number | undefined {
    return this.#latch.type === 'latched' ? this.#latch.ssrc : undefined;
  }

  /** Applies a re-negotiation; a new remote address re-opens latching (a re-INVITE may move the phone). */
  update(config: LegConfig, remoteChanged: boolean): void {
    this.config = config;
    if (remoteChanged) {
      this.#latch = { type: 'open' };
      this.#rtcpRemote = undefined;
    }
  }

  /**
   * Feeds the audio of a packet from the far end to the in-band DTMF detector, when the leg asks
   * for in-band detection and did not negotiate RFC 4733 (see `LegConfig.inbandDtmf`); returns the
   * digit it completes. Call it before the payload is transcoded.
   */
  detectInbandDtmf(codec: G711Codec, payload: Uint8Array): DetectedDigit | undefined {
    if (this.config.inbandDtmf !== true || this.config.telephoneEventPt !== undefined) {
      this.#inbandDetector = undefined;
      return undefined;
    }
    this.#inbandDetector ??= new InbandDtmfDetector(G711_CLOCK_RATE_HZ);
    return this.#inbandDetector.accept(decodeG711(codec, payload));
  }

  /** Counts a packet that arrived but was not relayed. */
  countDropped(): void {
    this.#droppedPackets += 1;
  }

  /** Rewrites `bytes` (an RTP packet) with `rewrite` and sends it to the far end. */
  sendRtp(bytes: Uint8Array, rewrite: RtpHeaderRewrite): void {
    const remote = this.remote;
    if (remote === undefined) return;
    rewriteRtpHeader(bytes, rewrite);
    this.#sentPackets += 1;
    this.#sentBytes += bytes.length;
    this.#transmit(this.#sockets.rtp, bytes, remote);
  }

  /** Sends an RTCP compound to the far end: on the RTP port when it multiplexes, else on its RTCP port. */
  sendRtcp(bytes: Uint8Array): void {
    const remote = this.remote;
    if (remote === undefined) return;
    if (this.config.rtcpMux === true || this.#rtcpMuxSeen) {
      this.#transmit(this.#sockets.rtp, bytes, remote);
      return;
    }
    this.#transmit(this.#sockets.rtcp, bytes, this.#rtcpRemote ?? { address: remote.address, port: remote.port + 1 });
  }

  /** Sends one datagram; a socket that refuses (closed, unreachable) costs a dropped packet, never the worker. */
  #transmit(socket: Socket, bytes: Uint8Array, remote: TransportAddress): void {
    try {
      socket.send(bytes, remote.port, remote.address);
    } catch {
      this.#droppedPackets += 1;
    }
  }

  /** Counters of this leg. */
  stats(): LegStats {
    return { received: this.#statistics.counters(), sentPackets: this.#sentPackets, sentBytes: this.#sentBytes, droppedPackets: this.#droppedPackets };
  }

  /** The leg's portable state. */
  snapshot(): LegSnapshot {
    const latched = this.#latch.type === 'latched' ? { latchedRemote: this.#latch.remote, latchedSsrc: this.#latch.ssrc } : {};
    return {
      config: this.config,
      ...latched,
      ...(this.#rtcpRemote === undefined ? {} : { rtcpRemote: this.#rtcpRemote }),
      outbound: this.outbound.snapshot(),
      ...(this.playback === undefined ? {} : { playing: this.playback.source }),
    };
  }

  /** Stops playback and closes both sockets. */
  close(): void {
    this.playback?.stop();
    this.playback = undefined;
    this.recorder?.stop('hangup');
    this.recorder = undefined;
    this.#sockets.rtp.close();
    this.#sockets.rtcp.close();
  }

  #onRtpSocketMessage(message: Buffer, remoteInfo: RemoteInfo): void {
    if (isRtcpPacket(message)) {
      this.#rtcpMuxSeen = true;
      this.#onRtcpMessage(message, remoteInfo);
      return;
    }
    const parsed = parseRtpPacket(message);
    if (parsed.type !== 'rtp') {
      this.#droppedPackets += 1;
      return;
    }
    const source = { address: remoteInfo.address, port: remoteInfo.port };
    const decision = decideLatch(this.#latch, source, parsed.packet.ssrc, parsed.packet.sequenceNumber, this.config.remote);
    this.#latch = decision.state;
    if (!decision.accept) {
      this.#droppedPackets += 1;
      return;
    }
    if (decision.latched !== undefined) this.#handlers.onLatched(this, decision.latched);
    const arrivalMs = this.#clock.nowMs();
    this.#statistics.record(parsed.packet.sequenceNumber, parsed.packet.timestamp, parsed.packet.ssrc, message.length, arrivalMs);
    this.#handlers.onRtp(this, message, parsed.packet, arrivalMs);
  }

  #onRtcpMessage(message: Buffer, remoteInfo: RemoteInfo): void {
    const peer = this.remote;
    if (!isRtcpPacket(message) || peer === undefined || peer.address !== remoteInfo.address) {
      this.#droppedPackets += 1;
      return;
    }
    if (!this.#rtcpMuxSeen) this.#rtcpRemote = { address: remoteInfo.address, port: remoteInfo.port };
    this.#handlers.onRtcp(this, message);
  }
}
