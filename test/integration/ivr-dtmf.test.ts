/**
 * The seed's reference IVR driven by real DTMF: a phone sends keys to a media session over UDP,
 * in-band (dual tones in its audio) or as RFC 4733 telephone events; the media workers report
 * `leg.dtmf` and a host feeds those digits to the IVR machine, as the call actor will.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { ivr } from '../../actors/index.ts';
import { createMediaPool, type LegConfig, type MediaEvent, type MediaPool, type MediaSessionId } from '../../media-workers/index.ts';
import { encodeG711 } from '../../media-workers/codecs/g711.ts';
import { serializeTelephoneEvent } from '../../media-workers/rtp/telephone-event.ts';
import { concat, dtmfTone, frames, silence } from '../../media-workers/testing/dual-tone.ts';
import { freeRtpPort, UdpPhone } from '../../media-workers/testing/udp-phone.ts';
import { waitUntil } from '../support/wait-until.ts';

type Exten = { readonly exten: string };
const to = (exten: string) => ({ type: 'destination' as const, destination: { exten } });

const REFERENCE_IVR: ivr.IvrMenu<Exten> = {
  greetingSound: 'ivr-example-welcome-sound',
  menuSound: 'ivr-example-choices',
  invalidSound: 'ivr-example-invalid-choice',
  abortSound: 'ivr-example-error',
  timeoutSeconds: 5,
  maxTries: 3,
  choices: [{ exten: '1', action: to('8000') }, { exten: '2', action: to('8833') }, { exten: '3', action: to('8547') }, { exten: '4', action: { type: 'replay' } }],
};

/**
 * Hosts the machine for the test: pauses end and prompts play out at once, except the menu
 * prompt, which plays until a digit stops it; digits come from the session's `leg.dtmf` events.
 */
class IvrHost {
  state: ivr.IvrState<Exten>;
  readonly prompts: string[] = [];
  constructor() {
    this.state = this.#apply(ivr.startIvr(REFERENCE_IVR));
  }

  digit(digit: string): void {
    this.state = this.#apply(ivr.stepIvr(REFERENCE_IVR, this.state, { type: 'digit', digit }));
  }

  #apply(step: ivr.IvrStep<Exten>): ivr.IvrState<Exten> {
    let state = step.state;
    for (const effect of step.effects) {
      if (effect.type === 'play') this.prompts.push(effect.sound);
      const immediate: ivr.IvrInput | undefined =
        effect.type === 'play' && !effect.interruptible ? { type: 'play.finished', playId: effect.playId }
        : effect.type === 'timer.arm' && effect.timer === 'pause' ? { type: 'timer.fired', timerId: effect.timerId }
        : undefined;
      if (immediate !== undefined) state = this.#apply(ivr.stepIvr(REFERENCE_IVR, state, immediate));
    }
    return state;
  }
}

const pools: MediaPool[] = [];
const phones: UdpPhone[] = [];
after(async () => {
  await Promise.all(pools.map((pool) => pool.close()));
  for (const phone of phones) phone.close();
});

/** A session whose leg A is the caller with `caller`; its `leg.dtmf` events drive a new IVR host. */
async function callIntoIvr(name: string, caller: Partial<LegConfig>): Promise<{ host: IvrHost; phone: UdpPhone; port: number }> {
  const host = new IvrHost();
  const onEvent = (event: MediaEvent): void => {
    if (event.type === 'leg.dtmf' && event.leg === 'A') host.digit(event.digit);
  };
  const pool = createMediaPool({ workers: 1, onEvent, bindAddress: '127.0.0.1', requestTimeoutMs: 15_000, snapshotIntervalMs: 1000, maxRestarts: 1 });
  pools.push(pool);
  const phone = await UdpPhone.open();
  const other = await UdpPhone.open();
  phones.push(phone, other);
  for (;;) {
    const [port, otherPort] = [await freeRtpPort(), await freeRtpPort()];
    const reply = await pool.request({
      type: 'session.create',
      sessionId: name as MediaSessionId,
      legs: [{ rtpPort: port, remote: phone.address, codec: 'PCMU', ...caller }, { rtpPort: otherPort, remote: other.address, codec: 'PCMA' }],
    });
    if (reply.type === 'session.created') return { host, phone, port };
    assert.equal(reply.code, 'PBX_ERR_MEDIA_PORT_IN_USE');
  }
}

let sequence = 1;
/** The phone presses `key` in-band: 80 ms of its dual tone, then 100 ms of silence, in 20 ms PCMU frames. */
async function pressInBand(phone: UdpPhone, port: number, key: string): Promise<void> {
  for (const frame of frames(concat(dtmfTone(key, 80), silence(100)))) {
    sequence += 1;
    await phone.sendRtp({ payloadType: 0, sequenceNumber: sequence, timestamp: sequence * 160, payload: encodeG711('PCMU', frame) }, port);
  }
}

/** The phone presses `key` as RFC 4733 events: a start packet, then the end packet three times. */
async function pressTelephoneEvent(phone: UdpPhone, port: number, event: number): Promise<void> {
  const timestamp = (sequence += 10) * 160;
  await phone.sendRtp({ payloadType: 101, marker: true, sequenceNumber: sequence, timestamp, payload: serializeTelephoneEvent({ event, end: false, volume: 10, duration: 160 }) }, port);
  for (let copy = 0; copy < 3; copy += 1) {
    sequence += 1;
    await phone.sendRtp({ payloadType: 101, sequenceNumber: sequence, timestamp, payload: serializeTelephoneEvent({ event, end: true, volume: 10, duration: 800 }) }, port);
  }
}

const outcome = (host: IvrHost): string | undefined => (host.state.outcome?.type === 'destination' ? host.state.outcome.destination.exten : host.state.outcome?.type);

describe('the reference IVR driven by DTMF over RTP', () => {
  it('MUST route in-band key 2 to 8833', async () => {
    const { host, phone, port } = await callIntoIvr('ivr-inband', { inbandDtmf: true });
    assert.equal(host.state.phase.type, 'menu');
    await pressInBand(phone, port, '2');
    assert.ok(await waitUntil(() => ivr.isIvrFinished(host.state), { timeoutMs: 5000 }), 'the IVR ended');
    assert.equal(outcome(host), '8833');
  });

  it('MUST route RFC 4733 key 3 to 8547 on a leg that negotiated telephone events', async () => {
    const { host, phone, port } = await callIntoIvr('ivr-rfc4733', { telephoneEventPt: 101, inbandDtmf: true });
    await pressTelephoneEvent(phone, port, 3);
    assert.ok(await waitUntil(() => ivr.isIvrFinished(host.state), { timeoutMs: 5000 }), 'the IVR ended');
    assert.equal(outcome(host), '8547');
  });

  it('MUST play the invalid prompt for an in-band 9 and then take an in-band 1 to 8000', async () => {
    const { host, phone, port } = await callIntoIvr('ivr-inband-retry', { inbandDtmf: true });
    await pressInBand(phone, port, '9');
    assert.ok(await waitUntil(() => host.prompts.includes('ivr-example-invalid-choice'), { timeoutMs: 5000 }), 'the invalid prompt played');
    await pressInBand(phone, port, '1');
    assert.ok(await waitUntil(() => ivr.isIvrFinished(host.state), { timeoutMs: 5000 }), 'the IVR ended');
    assert.deepEqual([outcome(host), host.state.failures, host.prompts.filter((sound) => sound === 'ivr-example-choices').length], ['8000', 1, 2]);
  });
});
