/**
 * Two real softphones (baresip) call each other through a node: 1001 dials 1002, 1002 answers,
 * 1001 sends DTMF digits as RFC 4733 telephone-events, then plays a known signal; the test checks
 * the digits that reach 1002, compares the audio 1002 decoded with the signal sent, hangs up from
 * 1001 and reads the node's call log.
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
import { compareWithSignal, makeTestSignal, SAMPLE_RATE_HZ } from '../support/audio-match.ts';
import { baresipAvailable, startBaresip, type BaresipEvent, type BaresipPhone } from '../support/baresip.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { readWav, writeWav } from '../support/wav-file.ts';

const DIGITS = ['1', '2', '3', '#'];
const TONES_HZ = [400, 650, 900, 1200, 1500, 1850, 2300, 2800];
const SIGNAL_SEED = Number(process.env['PARLEY_TEST_SIGNAL_SEED'] ?? 4733);
const signal = makeTestSignal({ seed: SIGNAL_SEED, toneFrequenciesHz: TONES_HZ, toneMs: 300, preambleMs: 250, amplitude: 8000 });
/** Generous: the machine running the tests may be loaded. */
const EVENT_TIMEOUT_MS = 20_000;

const skip = baresipAvailable() ? false : 'baresip is not on PATH (install the Debian package baresip-core)';

let testNode: TestNode;
let caller: BaresipPhone;
let callee: BaresipPhone;
let audioDirectory: string;

/** The samples followed by silence: baresip's aufile ends the call when its file runs out. */
function followedBySilence(samples: Int16Array, seconds: number): Int16Array {
  const result = new Int16Array(samples.length + seconds * SAMPLE_RATE_HZ);
  result.set(samples);
  return result;
}

async function waitUntil<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = EVENT_TIMEOUT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function waitRegistered(phone: BaresipPhone): Promise<void> {
  const colours = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
  const plain = (text: string) => text.replace(colours, '');
  await waitUntil(`${phone.name} registered`, async () => (/\bOK\b/.test(plain((await phone.command('reginfo')).data)) ? true : undefined));
}

const isEvent = (type: string) => (event: BaresipEvent) => event.type === type;

describe('baresip to baresip through parley', { skip }, () => {
  before(async () => {
    testNode = await startTestNode({ extraArgs: ['--sip-digest-algorithms', 'MD5'] });
    audioDirectory = await mkdtemp(join(tmpdir(), 'parley-baresip-audio-'));
    const silence = join(audioDirectory, 'silence.wav');
    const played = join(audioDirectory, 'signal.wav');
    await writeWav(silence, new Int16Array(120 * SAMPLE_RATE_HZ));
    await writeWav(played, followedBySilence(signal.samples, 60));
    const common = { registrarPort: testNode.sipPort, audioSource: silence };
    caller = await startBaresip({ ...common, name: 'caller', username: '1001', password: testNode.passwords['1001'], answerMode: 'manual' });
    callee = await startBaresip({ ...common, name: 'callee', username: '1002', password: testNode.passwords['1002'], answerMode: 'manual' });
    await Promise.all([waitRegistered(caller), waitRegistered(callee)]);
  });

  after(async () => {
    await Promise.all([caller?.close(), callee?.close()]);
    await testNode?.close();
    if (audioDirectory) await rm(audioDirectory, { recursive: true, force: true });
  });

  it('1001 dialling 1002 MUST ring 1002 and, once 1002 accepts, connect both phones', async () => {
    const dialled = await caller.command('dial', `sip:1002@127.0.0.1:${testNode.sipPort}`);
    assert.ok(dialled.ok, dialled.data);
    await callee.waitForEvent(isEvent('CALL_INCOMING'), EVENT_TIMEOUT_MS, 'incoming call');
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

  it('the signal 1001 plays MUST be recorded by 1002 in full before the caller hangs up', async () => {
    const [recording] = await callee.recordings('-dec.wav');
    assert.ok(recording, 'the callee records what it decodes');
    const sizeBefore = (await stat(recording)).size;
    const switched = await caller.command('ausrc', `aufile,${join(audioDirectory, 'signal.wav')}`);
    assert.ok(switched.ok, switched.data);
    // 16-bit samples: the signal and one more second must have been decoded by the callee.
    const neededBytes = (signal.samples.length + SAMPLE_RATE_HZ) * 2;
    await waitUntil('the signal to reach the callee', async () => ((await stat(recording)).size - sizeBefore >= neededBytes ? true : undefined), 30_000);
  });

  it('when 1001 hangs up, both phones MUST see the call closed', async () => {
    await caller.command('hangup');
    const closed = await Promise.all([caller, callee].map((phone) => phone.waitForEvent(isEvent('CALL_CLOSED'), EVENT_TIMEOUT_MS, 'closed call')));
    assert.equal(closed.length, 2);
  });

  it('the audio 1002 received MUST match what 1001 sent: same tones in order, correlation above 0.9', async (context) => {
    const [recording] = await callee.recordings('-dec.wav');
    assert.ok(recording);
    const read = await waitUntil('the callee to close its recording', async () => {
      const attempt = await readWav(recording);
      return attempt.type === 'ok' ? attempt : undefined;
    });
    const comparison = compareWithSignal(signal, read.samples);
    const report = `seed ${SIGNAL_SEED}: ${JSON.stringify({ ...comparison, recordedSamples: read.samples.length })}`;
    context.diagnostic(report);
    assert.deepEqual(comparison.dominantFrequenciesHz, TONES_HZ, report);
    assert.ok(comparison.correlation > 0.9, report);
  });

  it('parley MUST write one call log: answered, from 1001 to 1002', async () => {
    const logs = await waitUntil('the call log', async () => {
      const page = await listCallLogs(testNode.node.store.database, { limit: 10 });
      return page.items.length > 0 ? page.items : undefined;
    });
    assert.equal(logs.length, 1);
    assert.deepEqual(
      { answered: logs[0]?.answered, source: logs[0]?.sourceExten, destination: logs[0]?.destinationExten },
      { answered: true, source: '1001', destination: '1002' },
    );
  });
});
