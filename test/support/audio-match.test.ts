/**
 * The audio comparison used by the phone-to-phone tests must accept what a real call does to
 * audio (G.711, delay, a few lost packets) and refuse another signal or silence.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import alawmulaw from 'alawmulaw';
import { compareWithSignal, makeTestSignal, type TestSignal } from './audio-match.ts';

const FREQUENCIES_HZ = [400, 650, 900, 1200, 1500, 1850, 2300, 2800];
const signal = makeTestSignal({ seed: 7, toneFrequenciesHz: FREQUENCIES_HZ, toneMs: 300, preambleMs: 250, amplitude: 8000 });

/** The signal through A-law, after `leadingSilence` samples of silence, followed by a second of silence. */
function transmitted(source: TestSignal, leadingSilence: number): Int16Array {
  const decoded = alawmulaw.alaw.decode(alawmulaw.alaw.encode(source.samples));
  const recording = new Int16Array(leadingSilence + decoded.length + 8000);
  recording.set(decoded, leadingSilence);
  return recording;
}

/** The recording without the 20 ms packets (160 samples) that start at these sample offsets. */
function withLostPackets(recording: Int16Array, packetStarts: readonly number[]): Int16Array {
  const kept: number[] = [];
  recording.forEach((value, index) => {
    if (!packetStarts.some((start) => index >= start && index < start + 160)) kept.push(value);
  });
  return Int16Array.from(kept);
}

describe('comparing a recording with the test signal', () => {
  it('the signal after G.711 and a delay MUST be found at its delay with a correlation above 0.95', () => {
    const comparison = compareWithSignal(signal, transmitted(signal, 4321));
    assert.equal(comparison.delaySamples, 4321);
    assert.ok(comparison.correlation > 0.95, `correlation ${comparison.correlation}`);
  });

  it('the signal MUST still match, tone for tone, when three packets were lost', () => {
    const lossy = withLostPackets(transmitted(signal, 1600), [1600 + 2400, 1600 + 6400, 1600 + 12800]);
    const comparison = compareWithSignal(signal, lossy);
    assert.deepEqual(comparison.dominantFrequenciesHz, FREQUENCIES_HZ);
    assert.ok(comparison.correlation > 0.9, `correlation ${comparison.correlation}`);
  });

  it('the same tones in another order MUST NOT match', () => {
    const other = makeTestSignal({ seed: 7, toneFrequenciesHz: [...FREQUENCIES_HZ].reverse(), toneMs: 300, preambleMs: 250, amplitude: 8000 });
    const comparison = compareWithSignal(signal, transmitted(other, 800));
    assert.notDeepEqual(comparison.dominantFrequenciesHz, FREQUENCIES_HZ);
    assert.ok(comparison.correlation < 0.5, `correlation ${comparison.correlation}`);
  });

  it('silence MUST NOT match', () => {
    const comparison = compareWithSignal(signal, new Int16Array(30_000));
    assert.ok(comparison.preambleCorrelation < 0.5 && comparison.correlation < 0.5, JSON.stringify(comparison));
  });
});
