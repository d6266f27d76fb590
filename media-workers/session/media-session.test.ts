import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { systemClock } from '../clock.ts';
import { encodeG711, transcodeG711 } from '../codecs/g711.ts';
import { isMediaFailure } from '../errors.ts';
import type { LegConfig, LegSnapshot, MediaEvent, MediaSessionId } from '../media-protocol.ts';
import { freeRtpPort, UdpPhone, waitUntil } from '../testing/udp-phone.ts';
import { MediaSession } from './media-session.ts';
import { bindSocketPair } from './udp-socket-pair.ts';
import type { UdpSocketPair } from './udp-socket-pair.ts';

type Fixture = { session: MediaSession; events: MediaEvent[]; phones: UdpPhone[]; ports: number[] };
let fixture: Fixture;

async function bound(port: number): Promise<UdpSocketPair> {
  const pair = await bindSocketPair('127.0.0.1', port);
  if (isMediaFailure(pair)) throw new Error(pair.message);
  return pair;
}

function leg(config: LegConfig, ssrc: number): LegSnapshot {
  return { config, outbound: { ssrc, nextSequenceNumber: 1, lastTimestamp: 0, lastSentAtMs: 0 } };
}

/** Phones: A's RTP, A's RTCP (its RTP port + 1 is not needed: RTCP is learned), B's RTP, B's RTCP, and a moved B. */
beforeEach(async () => {
  const phones = await Promise.all([0, 1, 2, 3, 4].map(() => UdpPhone.open()));
  const ports = [await freeRtpPort(), await freeRtpPort()];
  const events: MediaEvent[] = [];
  const [portA, portB] = [ports[0] ?? 0, ports[1] ?? 0];
  const legA = leg({ rtpPort: portA, remote: phones[0]?.address ?? { address: '', port: 0 }, codec: 'PCMA' }, 0xaaaa0001);
  const legB = leg({ rtpPort: portB, remote: phones[2]?.address ?? { address: '', port: 0 }, codec: 'PCMA' }, 0xbbbb0001);
  const session = new MediaSession('rtcp-session' as MediaSessionId, [legA, legB], [await bound(portA), await bound(portB)], systemClock, (event) => events.push(event));
  fixture = { session, events, phones, ports };
});

afterEach(() => {
  fixture.session.close();
  for (const phone of fixture.phones) phone.close();
});

function phone(index: number): UdpPhone {
  const found = fixture.phones[index];
  if (found === undefined) throw new Error(`no phone ${index}`);
  return found;
}

const FRAME = encodeG711('PCMA', new Int16Array(160));

/** A receiver report from `sender` with one report block about `source`. */
function receiverReport(sender: number, source: number): Uint8Array {
  const bytes = new Uint8Array(32);
  const view = new DataView(bytes.buffer);
  bytes[0] = 0x81;
  bytes[1] = 201;
  view.setUint16(2, 7);
  view.setUint32(4, sender);
  view.setUint32(8, source);
  return bytes;
}

describe('RTCP pass-through', () => {
  it('MUST forward RTCP from A’s RTCP port to B’s RTCP address with SSRCs mapped onto each leg’s streams', async () => {
    const [portA, portB] = [fixture.ports[0] ?? 0, fixture.ports[1] ?? 0];
    await phone(0).sendRtp({ ssrc: 0x1111, sequenceNumber: 1, payload: FRAME }, portA);
    await phone(2).sendRtp({ ssrc: 0x2222, sequenceNumber: 1, payload: FRAME }, portB);
    await Promise.all([phone(0).waitFor(1), phone(2).waitFor(1)]);
    await phone(3).send(receiverReport(0x2222, 0xbbbb0001), portB + 1);
    await phone(1).send(receiverReport(0x1111, 0xaaaa0001), portA + 1);
    await phone(3).waitFor(1);
    const view = new DataView(phone(3).received[0]?.bytes.buffer.slice(phone(3).received[0]?.bytes.byteOffset) ?? new ArrayBuffer(32));
    assert.deepEqual([view.getUint32(4), view.getUint32(8)], [0xbbbb0001, 0x2222]);
  });

  it('MUST recognise RTCP multiplexed on the RTP port and answer the same way (RFC 5761)', async () => {
    const [portA, portB] = [fixture.ports[0] ?? 0, fixture.ports[1] ?? 0];
    await phone(2).sendRtp({ ssrc: 0x2222, sequenceNumber: 1, payload: FRAME }, portB);
    await phone(2).send(receiverReport(0x2222, 0xbbbb0001), portB);
    await phone(0).sendRtp({ ssrc: 0x1111, sequenceNumber: 1, payload: FRAME }, portA);
    const rtcpArrived = (): boolean => phone(2).received.some((entry) => entry.bytes[1] === 201);
    // B's own RTCP (which reveals that B multiplexes) may be processed after A's first report: resend until one arrives.
    for (let attempt = 0; attempt < 20 && !rtcpArrived(); attempt += 1) {
      await phone(0).send(receiverReport(0x1111, 0xaaaa0001), portA);
      await waitUntil(rtcpArrived, 100).catch(() => undefined);
    }
    assert.ok(rtcpArrived(), 'RTCP reached B on its RTP port');
  });
});

describe('re-negotiation (session.update)', () => {
  it('MUST send to the new remote address and re-open latching when the far end moves', async () => {
    const portA = fixture.ports[0] ?? 0;
    await phone(0).sendRtp({ sequenceNumber: 1, payload: FRAME }, portA);
    await phone(2).waitFor(1);
    fixture.session.update('B', { ...fixture.session.legB.config, remote: phone(4).address });
    await phone(0).sendRtp({ sequenceNumber: 2, timestamp: 160, payload: FRAME }, portA);
    await phone(4).waitFor(1);
    assert.equal(phone(2).received.length, 1);
  });

  it('MUST switch the transcoding target when the codec changes', async () => {
    const portA = fixture.ports[0] ?? 0;
    fixture.session.update('B', { ...fixture.session.legB.config, codec: 'PCMU' });
    await phone(0).sendRtp({ sequenceNumber: 1, payload: FRAME }, portA);
    await phone(2).waitFor(1);
    const expected = new Uint8Array(FRAME.length);
    transcodeG711('PCMA', 'PCMU', FRAME, expected);
    assert.deepEqual([phone(2).rtpPackets()[0]?.payloadType, Uint8Array.from(phone(2).rtpPackets()[0]?.payload ?? [])], [0, expected]);
  });

  it('MUST drop packets of a payload type the leg did not negotiate and count them', async () => {
    const portA = fixture.ports[0] ?? 0;
    await phone(0).sendRtp({ payloadType: 13, sequenceNumber: 1, payload: Uint8Array.of(40) }, portA);
    await phone(0).sendRtp({ sequenceNumber: 2, payload: FRAME }, portA);
    await phone(2).waitFor(1);
    assert.deepEqual([phone(2).rtpPackets().length, fixture.session.stats()[0].droppedPackets], [1, 1]);
  });
});

describe('latching', () => {
  it('MUST take leg A back from a stray stream that reached its port first once the phone sends from its SDP address', async () => {
    const [portA, portB] = [fixture.ports[0] ?? 0, fixture.ports[1] ?? 0];
    await phone(1).sendRtp({ ssrc: 0x5555, sequenceNumber: 1, payload: FRAME }, portA);
    await phone(2).waitFor(1);
    await phone(0).sendRtp({ ssrc: 0x1111, sequenceNumber: 1, payload: FRAME }, portA);
    await phone(2).waitFor(2);
    await phone(2).sendRtp({ ssrc: 0x2222, sequenceNumber: 1, payload: FRAME }, portB);
    await phone(0).waitFor(1);
    assert.equal(phone(1).received.length, 0);
  });
});
