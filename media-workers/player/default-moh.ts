/**
 * The default music-on-hold class, synthesized in code the first time it is needed.
 *
 * @remarks
 * A soft, slow pattern of sine chords (a few seconds, looping cleanly) at about −24 dBFS with
 * smooth attack and release, so that a caller on hold hears that the line is alive without a
 * recording shipped with the engine.
 */
import { mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import wavefilePackage from 'wavefile';
import { G711_CLOCK_RATE_HZ } from '../codecs/g711.ts';

const { WaveFile } = wavefilePackage;

/** Name of the class generated when missing. */
export const DEFAULT_MOH_CLASS = 'default';
/** File name of the generated tone pattern. */
export const DEFAULT_MOH_FILE = 'soft-tones.wav';

const NOTE_MS = 750;
const GAP_MS = 250;
/** Chords (Hz) of the pattern: C major, A minor, F major, G major. */
const CHORDS: readonly (readonly number[])[] = [
  [261.63, 329.63, 392.0],
  [220.0, 261.63, 329.63],
  [174.61, 220.0, 261.63],
  [196.0, 246.94, 293.66],
];
const PEAK = 0.06 * 32767;

/** Synthesizes the tone pattern as 8 kHz 16-bit PCM samples. */
export function synthesizeSoftTones(): Int16Array {
  const noteSamples = (NOTE_MS * G711_CLOCK_RATE_HZ) / 1000;
  const stepSamples = ((NOTE_MS + GAP_MS) * G711_CLOCK_RATE_HZ) / 1000;
  const samples = new Int16Array(stepSamples * CHORDS.length);
  CHORDS.forEach((chord, chordIndex) => {
    for (let index = 0; index < noteSamples; index += 1) {
      const envelope = Math.sin((Math.PI * index) / noteSamples);
      const time = index / G711_CLOCK_RATE_HZ;
      const mix = chord.reduce((sum, frequency) => sum + Math.sin(2 * Math.PI * frequency * time), 0) / chord.length;
      samples[chordIndex * stepSamples + index] = Math.round(PEAK * envelope * mix);
    }
  });
  return samples;
}

/**
 * Makes sure `mohDirectory/default` holds at least one file, writing the synthesized pattern as a
 * WAV file when it is missing or empty.
 *
 * @remarks
 * Written to a temporary name and renamed, so concurrent workers never read a half-written file.
 */
export async function ensureDefaultMohClass(mohDirectory: string): Promise<void> {
  const classDirectory = join(mohDirectory, DEFAULT_MOH_CLASS);
  await mkdir(classDirectory, { recursive: true });
  if ((await readdir(classDirectory)).some((name) => !name.startsWith('.'))) return;
  const wav = new WaveFile();
  wav.fromScratch(1, G711_CLOCK_RATE_HZ, '16', synthesizeSoftTones());
  const temporaryPath = join(classDirectory, `.${DEFAULT_MOH_FILE}.${process.pid}.${Math.floor(Math.random() * 1e9)}`);
  await writeFile(temporaryPath, wav.toBuffer());
  await rename(temporaryPath, join(classDirectory, DEFAULT_MOH_FILE));
}
