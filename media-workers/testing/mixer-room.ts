/**
 * A conference room for mixer tests: one worker host on a manual clock, and per member a session
 * whose leg A talks to a fake phone over real UDP (leg B to another fake phone).
 *
 * @remarks
 * A test makes members speak (one RTP packet each, waiting until the session counted it), then
 * advances the clock by one 20 ms tick and waits until every listening phone got its packet: the
 * mix is checked packet by packet, with no real-time pacing involved.
 */
import assert from 'node:assert/strict';
import { decodeG711, encodeG711, G711_PAYLOAD_TYPES } from '../codecs/g711.ts';
import type { G711Codec } from '../codecs/g711.ts';
import type { FromWorkerMessage, MediaCommand, MediaEvent, MediaReply, MediaSessionId, MixerId } from '../media-protocol.ts';
import type { RtpPacket } from '../rtp/rtp-packet.ts';
import { SessionHost } from '../worker/session-host.ts';
import { ManualClock } from './manual-clock.ts';
import { freeRtpPort, UdpPhone } from './udp-phone.ts';

/** One member: its session, its phone on leg A and the phone on leg B. */
export type RoomMember = {
  readonly sessionId: MediaSessionId;
  readonly codec: G711Codec;
  readonly phoneA: UdpPhone;
  readonly phoneB: UdpPhone;
  readonly portA: number;
  readonly portB: number;
  sequenceNumber: number;
};

/** The mixer id the room creates. */
export const ROOM = 'room-1' as MixerId;

/** A room of sessions on one host. */
export class MixerRoom {
  readonly clock = new ManualClock(1_000_000);
  readonly events: MediaEvent[] = [];
  readonly members: RoomMember[] = [];
  readonly host: SessionHost;

  constructor(mohDirectory: string) {
    const post = (message: FromWorkerMessage): void => {
      if (message.type === 'event') this.events.push(message.event);
    };
    this.host = new SessionHost({ bindAddress: '127.0.0.1', mohDirectory, randomSeed: 1, snapshotIntervalMs: 1000 }, this.clock, post);
  }

  /** Runs a command on the host. */
  execute<T extends MediaCommand['type']>(command: Extract<MediaCommand, { type: T }>): Promise<MediaReply<T>> {
    return this.host.execute(command) as Promise<MediaReply<T>>;
  }

  /** Creates a session per codec (leg A in that codec), without joining them. */
  async addSessions(codecs: readonly G711Codec[], legA: { telephoneEventPt?: number; inbandDtmf?: boolean } = {}): Promise<RoomMember[]> {
    const added: RoomMember[] = [];
    for (const codec of codecs) {
      const member: RoomMember = {
        sessionId: `member-${this.members.length + 1}` as MediaSessionId,
        codec,
        phoneA: await UdpPhone.open(),
        phoneB: await UdpPhone.open(),
        portA: await freeRtpPort(),
        portB: await freeRtpPort(),
        sequenceNumber: 1,
      };
      const reply = await this.execute({
        type: 'session.create',
        sessionId: member.sessionId,
        legs: [
          { rtpPort: member.portA, remote: member.phoneA.address, codec, ...legA },
          { rtpPort: member.portB, remote: member.phoneB.address, codec: 'PCMA' },
        ],
      });
      assert.equal(reply.type, 'session.created');
      this.members.push(member);
      added.push(member);
    }
    return added;
  }

  /** Creates the mixer and a joined member per codec. */
  async open(codecs: readonly G711Codec[]): Promise<RoomMember[]> {
    assert.equal((await this.execute({ type: 'mixer.create', mixerId: ROOM })).type, 'mixer.created');
    const members = await this.addSessions(codecs);
    for (const member of members) assert.deepEqual(await this.execute({ type: 'mixer.join', mixerId: ROOM, sessionId: member.sessionId }), { type: 'ok' });
    return members;
  }

  /** Sends one frame from the member's phone on leg A and waits until its session received it. */
  async speak(member: RoomMember, samples: Int16Array, payloadType = G711_PAYLOAD_TYPES[member.codec], payload = encodeG711(member.codec, samples)): Promise<void> {
    const before = await this.receivedOnA(member);
    const sequenceNumber = member.sequenceNumber;
    member.sequenceNumber += 1;
    await member.phoneA.sendRtp({ payloadType, sequenceNumber, timestamp: sequenceNumber * 160, payload }, member.portA);
    const deadline = performance.now() + 3000;
    while ((await this.receivedOnA(member)) <= before) {
      assert.ok(performance.now() < deadline, `session ${member.sessionId} did not receive the frame`);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }

  /** Advances the clock by one tick (20 ms) and waits until each of `listeners` got one more packet. */
  async tick(listeners: readonly RoomMember[] = this.members): Promise<void> {
    const counts = listeners.map((member) => member.phoneA.received.length);
    this.clock.advanceTo(this.clock.nowMs() + 20);
    await Promise.all(listeners.map((member, index) => member.phoneA.waitFor((counts[index] ?? 0) + 1)));
  }

  /** The last packet the member's phone on leg A received. */
  lastPacket(member: RoomMember): RtpPacket {
    const packet = member.phoneA.rtpPackets().at(-1);
    assert.ok(packet !== undefined, `phone of ${member.sessionId} received nothing`);
    return packet;
  }

  /** What the member's phone heard in the last packet, decoded, as its average sample value. */
  heardLevel(member: RoomMember): number {
    const samples = decodeG711(member.codec, this.lastPacket(member).payload);
    return samples.reduce((sum, sample) => sum + sample, 0) / Math.max(1, samples.length);
  }

  /** Closes the host's sessions and mixers and the phones. */
  close(): void {
    this.host.closeAll();
    for (const member of this.members) {
      member.phoneA.close();
      member.phoneB.close();
    }
  }

  async receivedOnA(member: RoomMember): Promise<number> {
    const reply = await this.execute({ type: 'session.snapshot', sessionId: member.sessionId });
    return reply.type === 'session.snapshot' ? reply.stats[0].received.packets : -1;
  }
}

/** A 20 ms frame at a constant level. */
export function level(value: number): Int16Array {
  return new Int16Array(160).fill(value);
}

/** Whether a decoded level is `expected` within G.711 quantisation. */
export function near(actual: number, expected: number): boolean {
  return Math.abs(actual - expected) <= Math.max(16, Math.abs(expected) / 16);
}
