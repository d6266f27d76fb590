/**
 * Loads a sound file into 8 kHz 16-bit linear PCM.
 *
 * @remarks
 * Accepted: WAV (RIFF) mono 8000 Hz in PCM 16-bit (format 1), A-law (format 6) or µ-law (format 7),
 * read with `wavefile`; raw headerless G.711 named `.alaw`/`.al`/`.pcma` or `.ulaw`/`.ul`/`.pcmu`.
 * Anything else (stereo, another rate, another encoding) is refused with a clear error rather than
 * resampled: prompts are prepared offline (e.g. with sox) in the telephone format.
 * A file that cannot be read or parsed is a value, never a crash of the worker.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import wavefilePackage from 'wavefile';
import { decodeG711, G711_CLOCK_RATE_HZ } from '../codecs/g711.ts';
import type { G711Codec } from '../codecs/g711.ts';
import { MEDIA_ERROR_CODES, mediaFailure } from '../errors.ts';
import type { MediaFailure } from '../errors.ts';

const { WaveFile } = wavefilePackage;

/** Largest sound file accepted (about 2 hours of A-law, 65 minutes of PCM16). */
export const MAX_SOUND_FILE_BYTES = 64 * 1024 * 1024;

const RAW_EXTENSIONS: Readonly<Record<string, G711Codec>> = {
  '.alaw': 'PCMA',
  '.al': 'PCMA',
  '.pcma': 'PCMA',
  '.ulaw': 'PCMU',
  '.ul': 'PCMU',
  '.pcmu': 'PCMU',
};

/** The WAV format codes this loader accepts. */
const WAV_FORMAT = { pcm: 1, alaw: 6, mulaw: 7 } as const;

/** Whether a file name has an extension {@link loadSoundFile} accepts. */
export function isSoundFileName(fileName: string): boolean {
  const extension = extname(fileName).toLowerCase();
  return extension === '.wav' || extension in RAW_EXTENSIONS;
}

/** Reads and decodes one sound file. */
export async function loadSoundFile(path: string): Promise<Int16Array | MediaFailure> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    return mediaFailure(MEDIA_ERROR_CODES.soundFileUnreadable, `cannot read sound file ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (bytes.length > MAX_SOUND_FILE_BYTES) return mediaFailure(MEDIA_ERROR_CODES.soundFileFormat, `sound file ${path} is larger than ${MAX_SOUND_FILE_BYTES} bytes`);
  const extension = extname(path).toLowerCase();
  const rawCodec = RAW_EXTENSIONS[extension];
  if (rawCodec !== undefined) return decodeG711(rawCodec, bytes);
  if (extension === '.wav') return decodeWav(path, bytes);
  return mediaFailure(MEDIA_ERROR_CODES.soundFileFormat, `sound file ${path}: unknown extension (use .wav, .alaw or .ulaw)`);
}

type WavFormat = { readonly audioFormat: number; readonly numChannels: number; readonly sampleRate: number; readonly bitsPerSample: number };

function decodeWav(path: string, bytes: Uint8Array): Int16Array | MediaFailure {
  try {
    const wav = new WaveFile(bytes);
    const format = wav.fmt as WavFormat;
    const problem = describeUnsupported(format);
    if (problem !== undefined) return mediaFailure(MEDIA_ERROR_CODES.soundFileFormat, `sound file ${path}: ${problem}`);
    if (format.audioFormat === WAV_FORMAT.alaw) wav.fromALaw();
    if (format.audioFormat === WAV_FORMAT.mulaw) wav.fromMuLaw();
    return Int16Array.from(wav.getSamples(false, Int16Array) as unknown as ArrayLike<number>);
  } catch (error) {
    return mediaFailure(MEDIA_ERROR_CODES.soundFileFormat, `sound file ${path} is not a valid WAV file: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function describeUnsupported(format: WavFormat): string | undefined {
  if (format.numChannels !== 1) return `${format.numChannels} channels (mono required)`;
  if (format.sampleRate !== G711_CLOCK_RATE_HZ) return `${format.sampleRate} Hz (8000 Hz required)`;
  const pcm16 = format.audioFormat === WAV_FORMAT.pcm && format.bitsPerSample === 16;
  const g711 = (format.audioFormat === WAV_FORMAT.alaw || format.audioFormat === WAV_FORMAT.mulaw) && format.bitsPerSample === 8;
  return pcm16 || g711 ? undefined : `WAV format ${format.audioFormat} with ${format.bitsPerSample} bits (PCM 16-bit, A-law or µ-law required)`;
}
