import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import wavefilePackage from 'wavefile';
import { goertzelCoefficient, goertzelPower } from '../detectors/goertzel.ts';
import { tones } from '../testing/dual-tone.ts';
import { writeWavFile } from './wav-file.ts';

const { WaveFile } = wavefilePackage;
const directory = await mkdtemp(join(tmpdir(), 'wav-file-test-'));
after(() => rm(directory, { recursive: true, force: true }));

describe('writeWavFile', () => {
  it('MUST write a mono 8 kHz 16-bit PCM WAV of the right length, making the folder', async () => {
    const file = join(directory, 'tenant', '1001', 'message.wav');
    await writeWavFile(file, tones([[1000, 0.5]], 2000));
    const wave = new WaveFile(await readFile(file));
    const format = wave.fmt as { numChannels: number; sampleRate: number; bitsPerSample: number; audioFormat: number };
    assert.deepEqual([format.audioFormat, format.numChannels, format.sampleRate, format.bitsPerSample], [1, 1, 8000, 16]);
    assert.equal((wave.getSamples(false, Int16Array) as unknown as Int16Array).length, 16000);
  });

  it('MUST keep the audio: a 1 kHz tone is found at 1 kHz', async () => {
    const file = join(directory, 'tone.wav');
    await writeWavFile(file, tones([[1000, 0.5]], 500));
    const samples = new WaveFile(await readFile(file)).getSamples(false, Int16Array) as unknown as Int16Array;
    const at = (hz: number) => goertzelPower(samples, 0, 400, goertzelCoefficient(hz, 8000));
    assert.ok(at(1000) > 100 * at(1500));
  });
});
