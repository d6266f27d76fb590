/**
 * Writes a pcap file of G.711 RTP packets for SIPp's `play_pcap_audio`, so that RTP tests need no
 * capture shipped by a distribution package.
 *
 * @remarks
 * The file is a classic libpcap capture (https://wiki.wireshark.org/Development/LibpcapFileFormat)
 * of Ethernet frames carrying IPv4/UDP/RTP, one packet every `frameMs`. SIPp replays the UDP
 * payloads with the capture's timing; it rewrites the addresses and ports (the source becomes the
 * call's `[media_port]`, the destination the far end's SDP address), so the ones written here are
 * placeholders.
 */
import { encodeG711, type G711Codec } from '../../media-workers/codecs/g711.ts';
import { serializeRtpPacket } from '../../media-workers/rtp/rtp-packet.ts';
import { serializeTelephoneEvent } from '../../media-workers/rtp/telephone-event.ts';

const PCAP_MAGIC = 0xa1b2c3d4;
const LINKTYPE_ETHERNET = 1;
const ETHERNET_HEADER_BYTES = 14;
const IPV4_HEADER_BYTES = 20;
const UDP_HEADER_BYTES = 8;
const PLACEHOLDER_SOURCE_PORT = 2006;
const PLACEHOLDER_DESTINATION_PORT = 2008;

export interface RtpPcapOptions {
  readonly codec: G711Codec;
  readonly payloadType: number;
  readonly packets: number;
  readonly ssrc: number;
  /** Samples per packet at 8 kHz; 160 (20 ms) by default. */
  readonly samplesPerPacket?: number;
}

/** A pcap of `packets` RTP packets of a 1 kHz tone, 20 ms apart. */
export function rtpPcap(options: RtpPcapOptions): Uint8Array {
  const samplesPerPacket = options.samplesPerPacket ?? 160;
  const frameMicroseconds = (samplesPerPacket * 1_000_000) / 8000;
  const records: Uint8Array[] = [globalHeader()];
  for (let index = 0; index < options.packets; index += 1) {
    const samples = new Int16Array(samplesPerPacket);
    for (let sample = 0; sample < samplesPerPacket; sample += 1) {
      samples[sample] = Math.round(8000 * Math.sin((2 * Math.PI * 1000 * (index * samplesPerPacket + sample)) / 8000));
    }
    const rtp = serializeRtpPacket({
      marker: index === 0, payloadType: options.payloadType, sequenceNumber: (1000 + index) & 0xffff,
      timestamp: index * samplesPerPacket, ssrc: options.ssrc, csrcs: [], paddingLength: 0,
      payload: encodeG711(options.codec, samples),
    });
    records.push(record(index * frameMicroseconds, frame(rtp)));
  }
  return concat(records);
}

const DTMF_EVENTS: Readonly<Record<string, number>> = { '*': 10, '#': 11 };

/**
 * A pcap of RFC 4733 telephone events (https://www.rfc-editor.org/rfc/rfc4733#section-2.5): each
 * group of keys starts at its `atMs`, one key every 200 ms, each a start packet (marker), two
 * updates and its end packet three times, all with the key's own RTP timestamp, as a phone sends them.
 */
export function telephoneEventPcap(groups: readonly { readonly atMs: number; readonly keys: string }[], options: { readonly payloadType: number; readonly ssrc: number }): Uint8Array {
  const records: Uint8Array[] = [globalHeader()];
  let sequenceNumber = 2000;
  for (const group of groups) {
    [...group.keys].forEach((key, index) => {
      const startMs = group.atMs + index * 200;
      const event = DTMF_EVENTS[key] ?? Number(key);
      const packet = (offsetMs: number, duration: number, end: boolean) => {
        const rtp = serializeRtpPacket({
          marker: offsetMs === 0, payloadType: options.payloadType, sequenceNumber: sequenceNumber++ & 0xffff, timestamp: startMs * 8, ssrc: options.ssrc,
          csrcs: [], paddingLength: 0, payload: serializeTelephoneEvent({ event, end, volume: 10, duration }),
        });
        records.push(record((startMs + offsetMs) * 1000, frame(rtp)));
      };
      packet(0, 160, false);
      packet(20, 320, false);
      packet(40, 480, false);
      for (let copy = 0; copy < 3; copy += 1) packet(60, 800, true);
    });
  }
  return concat(records);
}

function globalHeader(): Uint8Array {
  const header = new DataView(new ArrayBuffer(24));
  header.setUint32(0, PCAP_MAGIC, true);
  header.setUint16(4, 2, true);
  header.setUint16(6, 4, true);
  header.setUint32(16, 65_535, true);
  header.setUint32(20, LINKTYPE_ETHERNET, true);
  return new Uint8Array(header.buffer);
}

function record(atMicroseconds: number, bytes: Uint8Array): Uint8Array {
  const header = new DataView(new ArrayBuffer(16));
  header.setUint32(0, Math.floor(atMicroseconds / 1_000_000), true);
  header.setUint32(4, Math.round(atMicroseconds % 1_000_000), true);
  header.setUint32(8, bytes.length, true);
  header.setUint32(12, bytes.length, true);
  return concat([new Uint8Array(header.buffer), bytes]);
}

/** An Ethernet frame of an IPv4 UDP datagram from and to 127.0.0.1 carrying `payload`. */
function frame(payload: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(ETHERNET_HEADER_BYTES + IPV4_HEADER_BYTES + UDP_HEADER_BYTES + payload.length);
  const view = new DataView(bytes.buffer);
  view.setUint16(12, 0x0800);
  const ip = ETHERNET_HEADER_BYTES;
  view.setUint8(ip, 0x45);
  view.setUint16(ip + 2, IPV4_HEADER_BYTES + UDP_HEADER_BYTES + payload.length);
  view.setUint8(ip + 8, 64);
  view.setUint8(ip + 9, 17);
  view.setUint32(ip + 12, 0x7f000001);
  view.setUint32(ip + 16, 0x7f000001);
  view.setUint16(ip + 10, ipv4Checksum(bytes.subarray(ip, ip + IPV4_HEADER_BYTES)));
  const udp = ip + IPV4_HEADER_BYTES;
  view.setUint16(udp, PLACEHOLDER_SOURCE_PORT);
  view.setUint16(udp + 2, PLACEHOLDER_DESTINATION_PORT);
  view.setUint16(udp + 4, UDP_HEADER_BYTES + payload.length);
  bytes.set(payload, udp + UDP_HEADER_BYTES);
  return bytes;
}

function ipv4Checksum(header: Uint8Array): number {
  let sum = 0;
  for (let index = 0; index < header.length; index += 2) sum += ((header[index] ?? 0) << 8) | (header[index + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}
