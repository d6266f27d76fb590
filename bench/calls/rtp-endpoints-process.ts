/**
 * The RTP endpoints of bench/calls, run as their own process so that generating and counting
 * packets does not take CPU from the node under test inside the bench process (and their sockets
 * do not count against its open-file limit).
 *
 * Each endpoint is one UDP socket on an even port (the odd port above stays free for the RTCP the
 * relay may send). Once given its peer, it sends a 172-byte RTP packet (12-byte header, 160 bytes
 * of payload: 20 ms of A-law at 8 kHz) every 20 ms, paced on the monotonic clock, and counts every
 * RTP packet of that shape that arrives on it. The payload's first 8 bytes carry the send time
 * (epoch ms), so that both sides count the same packets of a window; the rest is A-law silence.
 */
import { createSocket, type Socket } from 'node:dgram';
import type { EndpointCommand, EndpointGroup, EndpointReply, GroupCounters } from './rtp-endpoint-protocol.ts';

const FRAME_MS = 20;
const PAYLOAD_BYTES = 160;
const ALAW_PAYLOAD_TYPE = 8;
/** At most this many frames are caught up on one tick after a stall, so a stall is not a burst. */
const MAX_CATCH_UP_FRAMES = 3;

interface Endpoint {
  readonly socket: Socket;
  readonly ssrc: number;
  peer: { address: string; port: number } | undefined;
  sequence: number;
  framesSent: number;
}

interface Group {
  readonly endpoints: Map<number, Endpoint>;
  sent: number;
  received: number;
  windowSent: number;
  windowReceived: number;
}

const newGroup = (): Group => ({ endpoints: new Map(), sent: 0, received: 0, windowSent: 0, windowReceived: 0 });
const groups: Record<EndpointGroup, Group> = { caller: newGroup(), callee: newGroup() };
let window = { fromMs: Number.POSITIVE_INFINITY, toMs: Number.POSITIVE_INFINITY };
const inWindow = (sentAtMs: number): boolean => sentAtMs >= window.fromMs && sentAtMs < window.toMs;
const startedAtMs = performance.now();
let ssrcSeed = 0x1000;

function reply(message: EndpointReply): void {
  process.send?.(message);
}

function bindEven(port: number): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(undefined);
    });
    socket.bind(port, '127.0.0.1', () => {
      socket.removeAllListeners('error');
      resolve(socket);
    });
  });
}

async function open(groupName: EndpointGroup, count: number, firstPort: number): Promise<void> {
  const group = groups[groupName];
  const ports: number[] = [];
  let port = firstPort % 2 === 0 ? firstPort : firstPort + 1;
  while (ports.length < count && port < 65_534) {
    const socket = await bindEven(port);
    if (socket !== undefined) {
      const endpoint: Endpoint = { socket, ssrc: ssrcSeed++, peer: undefined, sequence: 0, framesSent: 0 };
      socket.on('message', (message) => onPacket(group, message));
      socket.on('error', () => undefined);
      group.endpoints.set(port, endpoint);
      ports.push(port);
    }
    port += 2;
  }
  if (ports.length < count) return reply({ type: 'error', message: `only ${ports.length} of ${count} ports could be bound` });
  reply({ type: 'opened', group: groupName, ports });
}

function onPacket(group: Group, message: Buffer): void {
  if (message.length !== 12 + PAYLOAD_BYTES || ((message[1] ?? 0) & 0x7f) !== ALAW_PAYLOAD_TYPE) return;
  group.received += 1;
  if (inWindow(message.readDoubleBE(12))) group.windowReceived += 1;
}

function packet(endpoint: Endpoint, sentAtMs: number): Buffer {
  const bytes = Buffer.allocUnsafe(12 + PAYLOAD_BYTES);
  bytes[0] = 0x80;
  bytes[1] = ALAW_PAYLOAD_TYPE;
  bytes.writeUInt16BE(endpoint.sequence & 0xffff, 2);
  bytes.writeUInt32BE((endpoint.sequence * PAYLOAD_BYTES) >>> 0, 4);
  bytes.writeUInt32BE(endpoint.ssrc, 8);
  bytes.fill(0xd5, 12);
  bytes.writeDoubleBE(sentAtMs, 12);
  endpoint.sequence += 1;
  return bytes;
}

/** Sends every frame that is due by now, on every endpoint that has a peer. */
function tick(): void {
  const dueFrames = Math.floor((performance.now() - startedAtMs) / FRAME_MS);
  const nowMs = Date.now();
  const counted = inWindow(nowMs);
  for (const group of Object.values(groups)) {
    for (const endpoint of group.endpoints.values()) {
      if (endpoint.peer === undefined) continue;
      const { address, port } = endpoint.peer;
      if (dueFrames - endpoint.framesSent > MAX_CATCH_UP_FRAMES) endpoint.framesSent = dueFrames - MAX_CATCH_UP_FRAMES;
      while (endpoint.framesSent < dueFrames) {
        endpoint.socket.send(packet(endpoint, nowMs), port, address);
        endpoint.framesSent += 1;
        group.sent += 1;
        if (counted) group.windowSent += 1;
      }
    }
  }
}

function counters(group: Group): GroupCounters {
  let sending = 0;
  for (const endpoint of group.endpoints.values()) if (endpoint.peer !== undefined) sending += 1;
  return { sent: group.sent, received: group.received, windowSent: group.windowSent, windowReceived: group.windowReceived, sending };
}

function handle(command: EndpointCommand): void {
  switch (command.type) {
    case 'open':
      void open(command.group, command.count, command.firstPort);
      return;
    case 'peers': {
      const dueFrames = Math.floor((performance.now() - startedAtMs) / FRAME_MS);
      for (const peer of command.peers) {
        const endpoint = groups[command.group].endpoints.get(peer.localPort);
        if (endpoint === undefined || endpoint.peer !== undefined) continue;
        endpoint.peer = { address: peer.address, port: peer.port };
        endpoint.framesSent = dueFrames;
      }
      return;
    }
    case 'window':
      window = { fromMs: command.fromMs, toMs: command.toMs };
      for (const group of Object.values(groups)) {
        group.windowSent = 0;
        group.windowReceived = 0;
      }
      return;
    case 'counters':
      return reply({ type: 'counters', caller: counters(groups.caller), callee: counters(groups.callee) });
    case 'close':
      for (const group of Object.values(groups)) for (const endpoint of group.endpoints.values()) endpoint.socket.close();
      clearInterval(timer);
      process.disconnect?.();
      return;
  }
}

const timer = setInterval(tick, 5);
process.on('message', (message) => handle(message as EndpointCommand));
process.on('disconnect', () => process.exit(0));
