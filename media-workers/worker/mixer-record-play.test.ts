import { after, afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSoundFile } from '../player/sound-file.ts';
import { writeWavFile } from '../recorder/wav-file.ts';
import type { MediaCommand, MediaSessionId, MixerId } from '../media-protocol.ts';
import { level, MixerRoom, near, ROOM } from '../testing/mixer-room.ts';
import { waitUntil } from '../testing/udp-phone.ts';

const directory = await mkdtemp(join(tmpdir(), 'mixer-record-play-test-'));
after(() => rm(directory, { recursive: true, force: true }));

let room: MixerRoom;
beforeEach(() => {
  room = new MixerRoom(directory);
});
afterEach(() => room.close());

const codeOf = (reply: { type: string; code?: string }): string => (reply.type === 'error' ? (reply.code ?? '') : reply.type);

describe('mixer.play', () => {
  it('MUST play a sound file into the mix, heard by every member, then report mixer.play_finished', async () => {
    const [first, second] = await room.open(['PCMA', 'PCMU']);
    assert.ok(first !== undefined && second !== undefined);
    const sound = join(directory, 'join.wav');
    await writeWavFile(sound, new Int16Array(160).fill(3000));
    assert.deepEqual(await room.execute({ type: 'mixer.play', mixerId: ROOM, file: sound }), { type: 'ok' });
    await room.speak(first, level(1000));
    await room.tick();
    assert.deepEqual([near(room.heardLevel(first), 3000), near(room.heardLevel(second), 4000)], [true, true]);
    await room.tick();
    assert.deepEqual(room.events.filter((event) => event.type === 'mixer.play_finished'), [{ type: 'mixer.play_finished', mixerId: ROOM, file: sound }]);
  });

  it('MUST fail on a file it cannot read and report mixer.play_failed', async () => {
    await room.open(['PCMA']);
    const missing = join(directory, 'missing.wav');
    const reply = await room.execute({ type: 'mixer.play', mixerId: ROOM, file: missing });
    const failed = room.events.find((event) => event.type === 'mixer.play_failed');
    assert.deepEqual([codeOf(reply), failed?.type === 'mixer.play_failed' ? failed.error.code : ''], ['PBX_ERR_MEDIA_SOUND_FILE_UNREADABLE', 'PBX_ERR_MEDIA_SOUND_FILE_UNREADABLE']);
  });
});

describe('mixer.record', () => {
  it('MUST record the whole mix (unmuted members and mixer.play) as 8 kHz WAV until mixer.stop_record', async () => {
    const [first, second, muted] = await room.open(['PCMA', 'PCMU', 'PCMA']);
    assert.ok(first !== undefined && second !== undefined && muted !== undefined);
    await room.execute({ type: 'mixer.mute', mixerId: ROOM, sessionId: muted.sessionId, muted: true });
    const file = join(directory, 'recordings', 'room.wav');
    assert.deepEqual(await room.execute({ type: 'mixer.record', mixerId: ROOM, file }), { type: 'ok' });
    const sound = join(directory, 'beep.wav');
    await writeWavFile(sound, new Int16Array(160).fill(500));
    await room.execute({ type: 'mixer.play', mixerId: ROOM, file: sound });
    await room.speak(first, level(1000));
    await room.speak(second, level(2000));
    await room.speak(muted, level(8000));
    await room.tick();
    await room.tick();
    assert.deepEqual(await room.execute({ type: 'mixer.stop_record', mixerId: ROOM }), { type: 'ok' });
    await waitUntil(() => room.events.some((event) => event.type === 'mixer.record_finished'), 3000, 'mixer.record_finished');
    assert.deepEqual(room.events.find((event) => event.type === 'mixer.record_finished'), { type: 'mixer.record_finished', mixerId: ROOM, file, durationMs: 40 });
    const samples = await loadSoundFile(file);
    assert.ok(samples instanceof Int16Array && near(samples[0] ?? 0, 3500) && near(samples[200] ?? -1, 0), String(samples instanceof Int16Array ? [samples[0], samples[200]] : samples));
  });

  it('MUST refuse a second mixer.record while recording with PBX_ERR_MEDIA_ALREADY_RECORDING', async () => {
    await room.open(['PCMA']);
    await room.execute({ type: 'mixer.record', mixerId: ROOM, file: join(directory, 'one.wav') });
    assert.equal(codeOf(await room.execute({ type: 'mixer.record', mixerId: ROOM, file: join(directory, 'two.wav') })), 'PBX_ERR_MEDIA_ALREADY_RECORDING');
  });

  it('MUST write the recording on mixer.destroy and report mixer.record_finished', async () => {
    await room.open(['PCMA']);
    const file = join(directory, 'destroyed.wav');
    await room.execute({ type: 'mixer.record', mixerId: ROOM, file });
    await room.tick();
    assert.deepEqual(await room.execute({ type: 'mixer.destroy', mixerId: ROOM }), { type: 'mixer.destroyed', mixerId: ROOM });
    await waitUntil(() => room.events.some((event) => event.type === 'mixer.record_finished'), 3000, 'mixer.record_finished');
    assert.equal((await readFile(file)).subarray(0, 4).toString(), 'RIFF');
  });

  it('MUST report mixer.record_failed when the file cannot be written', async () => {
    await room.open(['PCMA']);
    const blocker = join(directory, 'a-file');
    await writeFile(blocker, 'not a folder');
    await room.execute({ type: 'mixer.record', mixerId: ROOM, file: join(blocker, 'room.wav') });
    await room.execute({ type: 'mixer.stop_record', mixerId: ROOM });
    await waitUntil(() => room.events.some((event) => event.type === 'mixer.record_failed'), 3000, 'mixer.record_failed');
    const failed = room.events.find((event) => event.type === 'mixer.record_failed');
    assert.equal(failed?.type === 'mixer.record_failed' ? failed.error.code : '', 'PBX_ERR_MEDIA_RECORDING_FAILED');
  });
});

describe('mixer errors', () => {
  it('MUST answer PBX_ERR_MEDIA_MIXER_EXISTS, _MIXER_NOT_FOUND, _ALREADY_MEMBER and _NOT_MEMBER', async () => {
    const [member, outsider] = await room.open(['PCMA']).then(async (joined) => [...joined, ...(await room.addSessions(['PCMA']))]);
    assert.ok(member !== undefined && outsider !== undefined);
    const other = 'room-2' as MixerId;
    await room.execute({ type: 'mixer.create', mixerId: other });
    assert.deepEqual(
      [
        codeOf(await room.execute({ type: 'mixer.create', mixerId: ROOM })),
        codeOf(await room.execute({ type: 'mixer.join', mixerId: 'nowhere' as MixerId, sessionId: member.sessionId })),
        codeOf(await room.execute({ type: 'mixer.join', mixerId: ROOM, sessionId: member.sessionId })),
        codeOf(await room.execute({ type: 'mixer.join', mixerId: other, sessionId: member.sessionId })),
        codeOf(await room.execute({ type: 'mixer.leave', mixerId: ROOM, sessionId: outsider.sessionId })),
        codeOf(await room.execute({ type: 'mixer.mute', mixerId: ROOM, sessionId: outsider.sessionId, muted: true })),
        codeOf(await room.execute({ type: 'mixer.join', mixerId: ROOM, sessionId: 'nobody' as MediaSessionId })),
      ],
      [
        'PBX_ERR_MEDIA_MIXER_EXISTS',
        'PBX_ERR_MEDIA_MIXER_NOT_FOUND',
        'PBX_ERR_MEDIA_ALREADY_MEMBER',
        'PBX_ERR_MEDIA_ALREADY_MEMBER',
        'PBX_ERR_MEDIA_NOT_MEMBER',
        'PBX_ERR_MEDIA_NOT_MEMBER',
        'PBX_ERR_MEDIA_SESSION_NOT_FOUND',
      ],
    );
  });

  it('MUST refuse malformed mixer commands with PBX_ERR_MEDIA_INVALID_COMMAND and keep running', async () => {
    await room.open(['PCMA']);
    const malformed: unknown[] = [
      { type: 'mixer.create', mixerId: '' },
      { type: 'mixer.create', mixerId: 42 },
      { type: 'mixer.create', mixerId: 'x', talkDetection: { energyThreshold: -1 } },
      { type: 'mixer.create', mixerId: 'x', talkDetection: 'loud' },
      { type: 'mixer.join', mixerId: ROOM, sessionId: '' },
      { type: 'mixer.join', mixerId: ROOM, sessionId: 'member-1', muted: 'yes' },
      { type: 'mixer.mute', mixerId: ROOM, sessionId: 'member-1' },
      { type: 'mixer.play', mixerId: ROOM },
      { type: 'mixer.record', mixerId: ROOM, file: 'relative.wav' },
      { type: 'mixer.record', mixerId: ROOM, file: '/tmp/room.mp3' },
      { type: 'mixer.explode', mixerId: ROOM },
      { type: 'mixer.leave' },
      null,
    ];
    const codes = await Promise.all(malformed.map(async (command) => codeOf(await room.host.execute(command as MediaCommand))));
    assert.deepEqual(codes, malformed.map(() => 'PBX_ERR_MEDIA_INVALID_COMMAND'));
    await room.tick();
  });
});
