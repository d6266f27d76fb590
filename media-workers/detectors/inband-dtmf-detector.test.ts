import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeG711, encodeG711 } from '../codecs/g711.ts';
import type { G711Codec } from '../codecs/g711.ts';
import { concat, DTMF_KEYS, dtmfTone, frames, seededRandom, silence, tones } from '../testing/dual-tone.ts';
import { InbandDtmfDetector } from './inband-dtmf-detector.ts';
import type { DetectedDigit } from './telephone-event-detector.ts';

/** Runs `signal` through G.711 `codec` in 20 ms frames, as a leg receives it, and collects the digits. */
function detect(signal: Int16Array, codec: G711Codec = 'PCMA'): DetectedDigit[] {
  const detector = new InbandDtmfDetector(8000);
  return frames(concat(signal, silence(100))).flatMap((frame) => {
    const digit = detector.accept(decodeG711(codec, encodeG711(codec, frame)));
    return digit === undefined ? [] : [digit];
  });
}

function digitsOf(signal: Int16Array, codec: G711Codec = 'PCMA'): string {
  return detect(signal, codec).map((found) => found.digit).join('');
}

/** Speech-like audio: a voiced sound whose pitch glides, with harmonics falling off, plus breath noise. */
function speechLike(durationMs: number, seed: number): Int16Array {
  const random = seededRandom(seed);
  const length = (durationMs * 8000) / 1000;
  let phase = 0;
  return Int16Array.from({ length }, (_, index) => {
    const pitch = 110 + 90 * Math.sin((2 * Math.PI * index) / 4000) + 20 * Math.sin((2 * Math.PI * index) / 700);
    phase += (2 * Math.PI * pitch) / 8000;
    let value = 0;
    for (let harmonic = 1; harmonic * pitch < 3400; harmonic += 1) value += (0.3 / harmonic) * Math.sin(harmonic * phase);
    const syllable = 0.5 + 0.5 * Math.sin((2 * Math.PI * index) / 1600);
    return Math.round(32767 * Math.max(-1, Math.min(1, syllable * value * 0.6 + 0.02 * (random() - 0.5))));
  });
}

describe('in-band DTMF detector (Goertzel, Q.24 criteria)', () => {
  for (const codec of ['PCMA', 'PCMU'] as const) {
    it(`MUST detect each of the 16 keys sent as 60 ms dual tones through ${codec}`, () => {
      const keys = Object.keys(DTMF_KEYS).join('');
      const signal = concat(...[...keys].flatMap((key) => [dtmfTone(key, 60), silence(60)]));
      assert.equal(digitsOf(signal, codec), keys);
    });
  }

  it('MUST report a digit with its duration, once, when the key is released', () => {
    const found = detect(concat(silence(40), dtmfTone('5', 100)));
    assert.equal(found.length, 1);
    assert.equal(found[0]?.digit, '5');
    assert.ok(Math.abs((found[0]?.durationMs ?? 0) - 100) <= 26, `duration ${found[0]?.durationMs} ms is about 100 ms`);
  });

  it('MUST report a key held for two seconds once', () => {
    assert.deepEqual(detect(dtmfTone('#', 2000)).map((found) => found.digit), ['#']);
  });

  it('MUST accept 40 ms tones separated by 40 ms pauses, whatever their alignment with the analysis blocks', () => {
    for (let offset = 0; offset < 102; offset += 17) {
      assert.equal(digitsOf(concat(silence(offset / 8), dtmfTone('1', 40), silence(40), dtmfTone('9', 40), silence(40), dtmfTone('1', 40))), '191', `offset ${offset} samples`);
    }
  });

  it('MUST reject tones of 20 ms and less', () => {
    for (let offset = 0; offset < 102; offset += 17) assert.equal(digitsOf(concat(silence(offset / 8), dtmfTone('1', 20))), '', `offset ${offset} samples`);
  });

  it('MUST reject single tones, whether a row or a column frequency', () => {
    for (const frequency of [697, 770, 852, 941, 1209, 1336, 1477, 1633, 1000]) assert.equal(digitsOf(tones([[frequency, 0.4]], 500)), '', `${frequency} Hz`);
  });

  it('MUST accept twist within 8 dB normal and 4 dB reverse, and reject it beyond', () => {
    assert.equal(digitsOf(dtmfTone('2', 80, 0.3, -7)), '2', 'low tone 7 dB above the high one');
    assert.equal(digitsOf(dtmfTone('2', 80, 0.1, 3)), '2', 'high tone 3 dB above the low one');
    assert.equal(digitsOf(dtmfTone('2', 80, 0.4, -10)), '', 'low tone 10 dB above the high one');
    assert.equal(digitsOf(dtmfTone('2', 80, 0.1, 6)), '', 'high tone 6 dB above the low one');
  });

  it('MUST reject a dual tone too weak to be a key press', () => {
    assert.equal(digitsOf(dtmfTone('7', 200, 0.005)), '');
  });

  it('MUST reject a dual tone drowned in other sound', () => {
    const pair = DTMF_KEYS['8'] ?? [0, 0];
    assert.equal(digitsOf(tones([[pair[0], 0.1], [pair[1], 0.1], [400, 0.15], [2400, 0.15]], 300)), '');
  });

  it('MUST report nothing for speech-like audio and for noise', () => {
    for (let seed = 1; seed <= 5; seed += 1) assert.equal(digitsOf(speechLike(3000, seed)), '', `speech seed ${seed}`);
    const random = seededRandom(42);
    assert.equal(digitsOf(Int16Array.from({ length: 24000 }, () => Math.round((random() - 0.5) * 20000))), '');
  });

  it('MUST tell two presses of the same key apart and keep a press with a short drop-out whole', () => {
    assert.equal(digitsOf(concat(dtmfTone('3', 80), silence(50), dtmfTone('3', 80))), '33');
    assert.equal(digitsOf(concat(dtmfTone('3', 80), silence(12), dtmfTone('3', 80))), '3');
  });

  it('MUST end a digit at once when another key takes over', () => {
    assert.equal(digitsOf(concat(dtmfTone('4', 80), dtmfTone('6', 80))), '46');
  });
});
