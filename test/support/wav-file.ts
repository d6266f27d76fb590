/**
 * Reads and writes the WAV files test phones exchange: mono, 8 kHz, 16-bit linear PCM.
 */
import { readFile, writeFile } from 'node:fs/promises';
import wavefilePackage from 'wavefile';
import { SAMPLE_RATE_HZ } from './audio-match.ts';

const { WaveFile } = wavefilePackage;

/** Writes samples as a mono 8 kHz 16-bit WAV. */
export async function writeWav(path: string, samples: Int16Array): Promise<void> {
  const wav = new WaveFile();
  wav.fromScratch(1, SAMPLE_RATE_HZ, '16', samples);
  await writeFile(path, wav.toBuffer());
}

/** What reading a WAV gave: its samples, or why it is not a mono 8 kHz 16-bit WAV (yet). */
export type WavRead = { readonly type: 'ok'; readonly samples: Int16Array } | { readonly type: 'error'; readonly reason: string };

/** Reads a mono 8 kHz 16-bit WAV; anything else, or a file still being written, is an error value. */
export async function readWav(path: string): Promise<WavRead> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    return { type: 'error', reason: `cannot read ${path}: ${String(error)}` };
  }
  const wav = new WaveFile();
  try {
    wav.fromBuffer(bytes);
  } catch (error) {
    return { type: 'error', reason: `${path} is not a WAV file: ${String(error)}` };
  }
  const format = wav.fmt as { numChannels?: number; sampleRate?: number; bitsPerSample?: number; audioFormat?: number };
  if (format.numChannels !== 1 || format.sampleRate !== SAMPLE_RATE_HZ || format.bitsPerSample !== 16 || format.audioFormat !== 1) {
    return { type: 'error', reason: `${path} is not mono ${SAMPLE_RATE_HZ} Hz 16-bit PCM: ${JSON.stringify(format)}` };
  }
  const data = wav.data as { chunkSize?: number };
  if (data.chunkSize === undefined || data.chunkSize === 0) return { type: 'error', reason: `${path} has no data yet` };
  const samples = wav.getSamples(false, Int16Array) as unknown as Int16Array;
  return { type: 'ok', samples };
}
