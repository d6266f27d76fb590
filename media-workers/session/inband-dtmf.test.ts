import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { systemClock } from '../clock.ts';
import { encodeG711 } from '../codecs/g711.ts';
import { isMediaFailure } from '../errors.ts';
import type { LegConfig, MediaEvent, MediaSessionId } from '../media-protocol.ts';
import { serializeTelephoneEvent } from '../rtp/telephone-event.ts';
import { concat, dtmfTone, frames, silence } from '../testing/dual-tone.ts';
import { freeRtpPort, UdpPhone, waitUntil } from '../testing/udp-phone.ts';
import { MediaSession } from './media-session.ts';
import { bindSocketPair } from './udp-socket-pair.ts';

type Fixture = { session: MediaSession; events: MediaEvent[]; phoneA: UdpPhone; phoneB: UdpPhone; portA: number };
let fixture: Fixture | undefined;

afterEach(() => {
  fixture?.session.close();
  fixture?.phoneA.close();
  fixture?.phoneB.close();
  fixture = undefined;
});

/** A session over real UDP sockets whose leg A has `legA` on top of PCMU towards a fake phone. */
async function open(legA: Partial<LegConfig>): Promise<Fixture> {
  const [phoneA, phoneB] = [await UdpPhone.open(), await UdpPhone.open()];
  const [portA, portB] = [await freeRtpPort(), await freeRtpPort()];
  const sockets = await Promise.all([bindSocketPair('127.0.0.1', portA), bindSocketPair('127.0.0.1', portB)]);
  const [socketsA, socketsB] = sockets;
  if (socketsA === undefined || socketsB === undefined || isMediaFailure(socketsA) || isMediaFailure(socketsB)) throw new Error('cannot bind the legs');
  const outbound = (ssrc: number) => ({ ssrc, nextSequenceNumber: 1, lastTimestamp: 0, lastSentAtMs: 0 });
  const events: MediaEvent[] = [];
  const session = new MediaSession(
    'inband-session' as MediaSessionId,
    [
      { config: { rtpPort: portA, remote: phoneA.address, codec: 'PCMU', ...legA }, outbound: outbound(0xaaaa0001) },
      { config: { rtpPort: portB, remote: phoneB.address, codec: 'PCMA' }, outbound: outbound(0xbbbb0001) },
    ],
    [socketsA, socketsB],
    systemClock,
    (event) => events.push(event),
  );
  fixture = { session, events, phoneA, phoneB, portA };
  return fixture;
}

/** Phone A sends `signal` as PCMU frames of 20 ms, numbered from `firstSequence`. */
async function sendAudio(current: Fixture, signal: Int16Array, firstSequence = 1): Promise<number> {
  const audio = frames(signal);
  for (const [index, frame] of audio.entries()) {
    await current.phoneA.sendRtp({ payloadType: 0, sequenceNumber: firstSequence + index, timestamp: 160 * (firstSequence + index), payload: encodeG711('PCMU', frame) }, current.portA);
  }
  return audio.length;
}

function digits(current: Fixture): MediaEvent[] {
  return current.events.filter((event) => event.type === 'leg.dtmf');
}

describe('in-band DTMF in a media session over UDP', () => {
  it('MUST report a dual tone on a leg with inbandDtmf as leg.dtmf, and keep relaying the audio', async () => {
    const current = await open({ inbandDtmf: true });
    const sent = await sendAudio(current, concat(silence(40), dtmfTone('7', 120), silence(120)));
    await waitUntil(() => digits(current).length === 1, 3000, 'leg.dtmf');
    await current.phoneB.waitFor(sent);
    const [event] = digits(current);
    assert.equal(event?.type === 'leg.dtmf' && event.leg === 'A' && event.digit, '7');
    assert.ok(event?.type === 'leg.dtmf' && Math.abs(event.durationMs - 120) <= 26, 'its duration is the tone’s');
    assert.equal(current.phoneB.rtpPackets().length, sent);
  });

  it('MUST NOT scan the audio of a leg without inbandDtmf', async () => {
    const current = await open({});
    const sent = await sendAudio(current, concat(dtmfTone('7', 120), silence(120)));
    await current.phoneB.waitFor(sent);
    assert.deepEqual(digits(current), []);
  });

  it('MUST report only the RFC 4733 digit when the leg negotiated telephone events, even if the key is also heard in-band', async () => {
    const current = await open({ inbandDtmf: true, telephoneEventPt: 101 });
    const sent = await sendAudio(current, concat(dtmfTone('3', 120), silence(120)));
    await current.phoneB.waitFor(sent);
    const end = serializeTelephoneEvent({ event: 3, end: true, volume: 10, duration: 960 });
    for (let index = 0; index < 3; index += 1) await current.phoneA.sendRtp({ payloadType: 101, sequenceNumber: 100 + index, timestamp: 4000, payload: end }, current.portA);
    await waitUntil(() => digits(current).length > 0, 3000, 'leg.dtmf');
    await sendAudio(current, silence(60), 200);
    await current.phoneB.waitFor(sent + 3);
    assert.deepEqual(digits(current), [{ type: 'leg.dtmf', sessionId: 'inband-session', leg: 'A', digit: '3', durationMs: 120 }]);
  });
});
