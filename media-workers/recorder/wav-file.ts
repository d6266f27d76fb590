/**
 * Writes 8 kHz 16-bit linear PCM as a mono WAV file (RIFF, format 1), with `wavefile`.
 *
 * @remarks
 * The folder is made when missing. The file is written whole once the recording ends: a
 * voicemail message is at most a few minutes (about 1 MB a minute), so buffering it costs little
 * and a half-written file never appears under its final name (it is written aside and renamed).
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import wavefilePackage from 'wavefile';
import { G711_CLOCK_RATE_HZ } from '../codecs/g711.ts';

const { WaveFile } = wavefilePackage;

/** The bytes of a mono 8 kHz 16-bit PCM WAV file holding `samples`. */
export function encodeWav(samples: Int16Array): Uint8Array {
  const wave = new WaveFile();
  wave.fromScratch(1, G711_CLOCK_RATE_HZ, '16', samples);
  return wave.toBuffer();
}

/** Writes `samples` to `file` as WAV (see {@link encodeWav}). */
export async function writeWavFile(file: string, samples: Int16Array): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const partial = `${file}.part`;
  await writeFile(partial, encodeWav(samples));
  await rename(partial, file);
}
