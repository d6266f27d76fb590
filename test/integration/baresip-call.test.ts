/**
 * Two real softphones (baresip) call each other through a node: 1001 dials 1002, 1002 answers,
 * 1001 sends DTMF digits as RFC 4733 telephone-events, then both phones play a known signal; the
 * test checks the digits that reach 1002, compares the audio each phone decoded with the signal the
 * other sent, hangs up and reads the node's call log.
 *
 * @remarks
 * baresip 1.0 (Debian bookworm) answers only MD5 digest challenges, and gives up when a 401
 * carries any other algorithm beside MD5, so this node challenges with MD5 alone
 * (`--sip-digest-algorithms MD5`, see docs/decisions.md).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listCallLogs } from '../../store/index.ts';
import { compareWithSignal, makeTestSignal, SAMPLE_RATE_HZ, type TestSignal } from '../support/audio-match.ts';
import { baresipAvailable, startBaresip, waitRegistered, type BaresipEvent, type BaresipOptions, type BaresipPhone } from '../support/baresip.ts';
import { freeUdpPortRange } from '../support/free-port.ts';
import { startStrayRtp, type StrayRtp } from '../support/stray-rtp.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { waitForValue } from '../support/wait-until.ts';
import { readWav, writeWav } from '../support/wav-file.ts';

const DIGITS = ['1', '2', '3', '#'];
/** Each direction has its own signal (seed and tone order), so an echo or a crossed stream cannot pass. */
const SEED = Number(process.env['PARLEY_TEST_SIGNAL_SEED'] ?? 4733);
const CALLER_TONES_HZ = [400, 650, 900, 1200, 1500, 1850, 2300, 2800];
const CALLEE_TONES_HZ = [2800, 650, 1850, 400, 2300, 900, 1500, 1200];
const signalOf = (seed: number, tones: readonly number[]) => makeTestSignal({ seed, toneFrequenciesHz: tones, toneMs: 300, preambleMs: 250, amplitude: 8000 });
const callerSignal = signalOf(SEED, CALLER_TONES_HZ);
const calleeSignal = signalOf(SEED + 1, CALLEE_TONES_HZ);
/** Generous: the machine running the tests may be loaded. */
const EVENT_TIMEOUT_MS = 20_000;
/** The node's own RTP range: ten port pairs, enough for a call and a few busy ports. */
const RTP_PORT_COUNT = 20;

const skip = baresipAvailable() ? false : 'baresip is not on PATH (install the Debian package baresip-core)';

/** The samples followed by silence: baresip's aufile ends the call when its file runs out. */
function followedBySilence(samples: Int16Array, seconds: number): Int16Array {
  const result = new Int16Array(samples.length + seconds * SAMPLE_RATE_HZ);
  result.set(samples);
  return result;
}

const isEvent = (type: string) => (event: BaresipEvent) => event.type === type;

/** The phone's recording of what it decoded, once the phone has closed it. */
async function closedRecording(phone: BaresipPhone): Promise<Int16Array> {
  return waitForValue(`${phone.name} to close its recording`, async () => {
    const [recording] = await phone.recordings('-dec.wav');
    if (recording === undefined) return undefined;
    const read = await readWav(recording);
    return read.type === 'ok' ? read.samples : undefined;
  }, EVENT_TIMEOUT_MS);
}

async function recordingSize(phone: BaresipPhone): Promise<number> {
  const [recording] = await phone.recordings('-dec.wav');
  assert.ok(recording, `${phone.name} records what it decodes`);
  return (await stat(recording)).size;
}

interface Scenario {
  readonly title: string;
  readonly caller: Partial<BaresipOptions>;
  readonly callee: Partial<BaresipOptions>;
  readonly hangsUp: 'caller' | 'callee';
  /** Whether a stray RTP stream hits every RTP port of the node throughout the call. */
  readonly strayRtp?: boolean;
}

const SCENARIOS: readonly Scenario[] = [
  { title: 'both phones on UDP with the same codec; the caller hangs up', caller: {}, callee: {}, hangsUp: 'caller' },
  {
    title: 'an A-law caller on TCP and a µ-law callee on UDP (the node transcodes); the callee hangs up',
    caller: { codecs: ['pcma'], transport: 'tcp' },
    callee: { codecs: ['pcmu'] },
    hangsUp: 'callee',
  },
  {
    title: 'both phones on UDP while a stray RTP stream hits every RTP port of the node; the caller hangs up',
    caller: {},
    callee: {},
    hangsUp: 'caller',
    strayRtp: true,
  },
];

for (const scenario of SCENARIOS) {
  describe(`baresip to baresip through parley: ${scenario.title}`, { skip }, () => {
    let testNode: TestNode;
    let caller: BaresipPhone;
    let callee: BaresipPhone;
    let audioDirectory: string;
    let stray: StrayRtp | undefined;

    before(async () => {
      const rtpStart = await freeUdpPortRange(RTP_PORT_COUNT);
      testNode = await startTestNode({ extraArgs: ['--sip-digest-algorithms', 'MD5', '--rtp-ports', `${rtpStart}-${rtpStart + RTP_PORT_COUNT - 1}`] });
      if (scenario.strayRtp) stray = await startStrayRtp(Array.from({ length: RTP_PORT_COUNT / 2 }, (_, pair) => rtpStart + 2 * pair));
      audioDirectory = await mkdtemp(join(tmpdir(), 'parley-baresip-audio-'));
      const silence = join(audioDirectory, 'silence.wav');
      await writeWav(silence, new Int16Array(120 * SAMPLE_RATE_HZ));
      await writeWav(join(audioDirectory, 'caller-signal.wav'), followedBySilence(callerSignal.samples, 60));
      await writeWav(join(audioDirectory, 'callee-signal.wav'), followedBySilence(calleeSignal.samples, 60));
      const common = { registrarPort: testNode.sipPort, audioSource: silence, answerMode: 'manual' as const };
      caller = await startBaresip({ ...common, ...scenario.caller, name: 'caller', username: '1001', password: testNode.passwords['1001'] });
      callee = await startBaresip({ ...common, ...scenario.callee, name: 'callee', username: '1002', password: testNode.passwords['1002'] });
      await Promise.all([waitRegistered(caller, EVENT_TIMEOUT_MS), waitRegistered(callee, EVENT_TIMEOUT_MS)]);
    });

    after(async () => {
      await stray?.stop();
      await Promise.all([caller?.close(), callee?.close()]);
      await testNode?.close();
      if (audioDirectory) await rm(audioDirectory, { recursive: true, force: true });
    });

    it('1001 dialling 1002 MUST ring 1002 and, once 1002 accepts, connect both phones', async () => {
      const dialled = await caller.command('dial', `sip:1002@127.0.0.1:${testNode.sipPort}`);
      assert.ok(dialled.ok, dialled.data);
      await callee.waitForEvent(isEvent('CALL_INCOMING'), EVENT_TIMEOUT_MS, 'incoming call').catch((error: unknown) => {
        throw new Error(`${String(error)}\n--- caller ---\n${caller.output().slice(-3000)}`);
      });
      await callee.command('accept');
      const established = await Promise.all([caller, callee].map((phone) => phone.waitForEvent(isEvent('CALL_ESTABLISHED'), EVENT_TIMEOUT_MS, 'established call')));
      assert.equal(established.length, 2);
    });

    it('the DTMF digits 1001 sends (RFC 4733) MUST reach 1002 as exactly those digits, in order', async () => {
      for (const [position, digit] of DIGITS.entries()) {
        await caller.command('sndcode', digit);
        const ends = () => callee.events.filter(isEvent('CALL_DTMF_END')).length;
        await callee.waitForEvent(() => ends() > position, EVENT_TIMEOUT_MS, `the end of digit ${digit}`);
      }
      assert.deepEqual(callee.events.filter(isEvent('CALL_DTMF_START')).map((event) => event.param), DIGITS);
    });

    it('the signals both phones play MUST be decoded in full by the other phone', async () => {
      const sizesBefore = await Promise.all([caller, callee].map(recordingSize));
      for (const [phone, file] of [[caller, 'caller-signal.wav'], [callee, 'callee-signal.wav']] as const) {
        const switched = await phone.command('ausrc', `aufile,${join(audioDirectory, file)}`);
        assert.ok(switched.ok, switched.data);
      }
      // 16-bit samples: the signal and one more second must have been decoded by each phone.
      const neededBytes = (callerSignal.samples.length + SAMPLE_RATE_HZ) * 2;
      await waitForValue('the signals to reach both phones', async () => {
        const sizes = await Promise.all([caller, callee].map(recordingSize));
        return sizes.every((size, index) => size - (sizesBefore[index] ?? 0) >= neededBytes) ? true : undefined;
      }, 30_000);
    });

    it(`when the ${scenario.hangsUp} hangs up, both phones MUST see the call closed`, async () => {
      await (scenario.hangsUp === 'caller' ? caller : callee).command('hangup');
      const closed = await Promise.all([caller, callee].map((phone) => phone.waitForEvent(isEvent('CALL_CLOSED'), EVENT_TIMEOUT_MS, 'closed call')));
      assert.equal(closed.length, 2);
    });

    const matches = (sent: TestSignal, tones: readonly number[], receiver: () => BaresipPhone) => async (context: { diagnostic(message: string): void }) => {
      const recording = await closedRecording(receiver());
      const comparison = compareWithSignal(sent, recording);
      const report = `seed ${SEED}: ${JSON.stringify({ ...comparison, recordedSamples: recording.length })}`;
      context.diagnostic(report);
      assert.deepEqual(comparison.dominantFrequenciesHz, tones, report);
      assert.ok(comparison.correlation > 0.9, report);
    };

    it('the audio 1002 received MUST match what 1001 sent: same tones in order, correlation above 0.9', matches(callerSignal, CALLER_TONES_HZ, () => callee));
    it('the audio 1001 received MUST match what 1002 sent: same tones in order, correlation above 0.9', matches(calleeSignal, CALLEE_TONES_HZ, () => caller));

    if (scenario.strayRtp) {
      it('the stray stream MUST have been hitting the node\'s RTP ports during the call', () => {
        assert.ok((stray?.sent() ?? 0) > RTP_PORT_COUNT * 50, `stray packets sent: ${stray?.sent() ?? 0}`);
      });
    }

    it('parley MUST write one call log: answered, from 1001 to 1002', async () => {
      const logs = await waitForValue('the call log', async () => {
        const page = await listCallLogs(testNode.node.store.database, { limit: 10 });
        return page.items.length > 0 ? page.items : undefined;
      }, EVENT_TIMEOUT_MS);
      assert.equal(logs.length, 1);
      assert.deepEqual(
        { answered: logs[0]?.answered, source: logs[0]?.sourceExten, destination: logs[0]?.destinationExten },
        { answered: true, source: '1001', destination: '1002' },
      );
    });
  });
}
