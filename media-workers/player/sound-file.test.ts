import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import wavefilePackage from 'wavefile';
import { encodeG711 } from '../codecs/g711.ts';
import { isMediaFailure } from '../errors.ts';
import { DEFAULT_MOH_FILE, ensureDefaultMohClass } from './default-moh.ts';
import { loadMohClass } from './moh-library.ts';
import { loadSoundFile } from './sound-file.ts';

const { WaveFile } = wavefilePackage;
const directory = await mkdtemp(join(tmpdir(), 'media-sound-test-'));
after(() => rm(directory, { recursive: true, force: true }));

const RAMP = Int16Array.from({ length: 400 }, (_, index) => (index - 200) * 100);

async function wavFile(name: string, channels: number, rateHz: number, samples: Int16Array, law?: 'alaw' | 'mulaw'): Promise<string> {
  const wav = new WaveFile();
  wav.fromScratch(channels, rateHz, '16', samples);
  if (law === 'alaw') wav.toALaw();
  if (law === 'mulaw') wav.toMuLaw();
  const path = join(directory, name);
  await writeFile(path, wav.toBuffer());
  return path;
}

describe('sound files', () => {
  it('MUST load an 8 kHz mono PCM16 WAV sample for sample', async () => {
    assert.deepEqual(await loadSoundFile(await wavFile('pcm.wav', 1, 8000, RAMP)), RAMP);
  });

  it('MUST load an A-law WAV within G.711 quantisation', async () => {
    const loaded = await loadSoundFile(await wavFile('alaw.wav', 1, 8000, RAMP, 'alaw'));
    assert.ok(loaded instanceof Int16Array && loaded.every((sample, index) => Math.abs(sample - (RAMP[index] ?? 0)) <= 1024));
  });

  it('MUST load a µ-law WAV within G.711 quantisation', async () => {
    const loaded = await loadSoundFile(await wavFile('mulaw.wav', 1, 8000, RAMP, 'mulaw'));
    assert.ok(loaded instanceof Int16Array && loaded.every((sample, index) => Math.abs(sample - (RAMP[index] ?? 0)) <= 1024));
  });

  it('MUST load a raw .ulaw file', async () => {
    const path = join(directory, 'raw.ulaw');
    await writeFile(path, encodeG711('PCMU', RAMP));
    const loaded = await loadSoundFile(path);
    assert.equal(loaded instanceof Int16Array ? loaded.length : 0, RAMP.length);
  });

  it('MUST refuse a stereo WAV with PBX_ERR_MEDIA_SOUND_FILE_FORMAT', async () => {
    const loaded = await loadSoundFile(await wavFile('stereo.wav', 2, 8000, RAMP));
    assert.equal(loaded instanceof Int16Array ? '' : loaded.code, 'PBX_ERR_MEDIA_SOUND_FILE_FORMAT');
  });

  it('MUST refuse a 16 kHz WAV with PBX_ERR_MEDIA_SOUND_FILE_FORMAT', async () => {
    const loaded = await loadSoundFile(await wavFile('wide.wav', 1, 16000, RAMP));
    assert.equal(loaded instanceof Int16Array ? '' : loaded.code, 'PBX_ERR_MEDIA_SOUND_FILE_FORMAT');
  });

  it('MUST refuse bytes that are not a WAV file without throwing', async () => {
    const path = join(directory, 'garbage.wav');
    await writeFile(path, Buffer.from('RIFF....not really a wave file'));
    const loaded = await loadSoundFile(path);
    assert.equal(loaded instanceof Int16Array ? '' : loaded.code, 'PBX_ERR_MEDIA_SOUND_FILE_FORMAT');
  });
});

describe('music on hold', () => {
  it('MUST synthesize the default class as a playable 8 kHz WAV when it is missing', async () => {
    const mohDirectory = join(directory, 'moh-fresh');
    await ensureDefaultMohClass(mohDirectory);
    const loaded = await loadSoundFile(join(mohDirectory, 'default', DEFAULT_MOH_FILE));
    assert.ok(loaded instanceof Int16Array && loaded.length >= 8000 * 3, 'at least three seconds');
  });

  it('MUST load every playable file of a class in name order and skip the others', async () => {
    const classDirectory = join(directory, 'moh-class', 'jazz');
    await rm(classDirectory, { recursive: true, force: true });
    await mkdir(classDirectory, { recursive: true });
    await writeFile(join(classDirectory, 'b.alaw'), encodeG711('PCMA', new Int16Array(80)));
    await writeFile(join(classDirectory, 'a.alaw'), encodeG711('PCMA', new Int16Array(40)));
    await writeFile(join(classDirectory, 'notes.txt'), 'not audio');
    const tracks = await loadMohClass(join(directory, 'moh-class'), 'jazz');
    assert.deepEqual(isMediaFailure(tracks) ? tracks : tracks.map((track) => track.length), [40, 80]);
  });

  it('MUST answer PBX_ERR_MEDIA_MOH_CLASS_EMPTY for a class without files', async () => {
    const tracks = await loadMohClass(directory, 'nothing-here');
    assert.equal(isMediaFailure(tracks) ? tracks.code : '', 'PBX_ERR_MEDIA_MOH_CLASS_EMPTY');
  });
});
