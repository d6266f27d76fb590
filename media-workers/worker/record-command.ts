/**
 * Runs `leg.record` and `leg.stop_record`: starts a {@link LegRecorder} on a leg, and when it ends
 * writes the WAV file and reports `leg.record_finished` (or `leg.record_failed` when the file
 * cannot be written).
 *
 * @remarks
 * The file path is used as given: choosing it (under the node's data directory) is the caller's
 * job, as for `leg.play`. The end is reported under the leg's name at that time.
 */
import { MEDIA_ERROR_CODES, mediaFailure } from '../errors.ts';
import type { MediaFailure } from '../errors.ts';
import type { MediaCommand, MediaEvent } from '../media-protocol.ts';
import { LegRecorder } from '../recorder/leg-recorder.ts';
import { writeWavFile } from '../recorder/wav-file.ts';
import type { MediaSession } from '../session/media-session.ts';

/** The longest recording a command may ask for (one hour). */
export const MAX_RECORDING_MS = 3_600_000;

type RecordCommand = Extract<MediaCommand, { type: 'leg.record' }>;

function invalidRecord(command: RecordCommand): MediaFailure | undefined {
  const invalid = (message: string) => mediaFailure(MEDIA_ERROR_CODES.invalidCommand, message);
  if (typeof command.file !== 'string' || !command.file.startsWith('/') || !command.file.endsWith('.wav') || command.file.includes('\0')) {
    return invalid('leg.record needs an absolute path of a .wav file');
  }
  if (!Number.isInteger(command.maxDurationMs) || command.maxDurationMs < 1 || command.maxDurationMs > MAX_RECORDING_MS) {
    return invalid(`maxDurationMs must be an integer in 1..${MAX_RECORDING_MS}`);
  }
  if (command.stopDigits !== undefined && (typeof command.stopDigits !== 'string' || !/^[0-9*#A-D]{0,16}$/.test(command.stopDigits))) {
    return invalid('stopDigits must be DTMF digits (0-9, *, #, A-D)');
  }
  return undefined;
}

/** Starts recording; returns a failure value, or `undefined` once recording. */
export function startRecord(session: MediaSession, command: RecordCommand, emit: (event: MediaEvent) => void): MediaFailure | undefined {
  const problem = invalidRecord(command);
  if (problem !== undefined) return problem;
  const leg = session.leg(command.leg);
  if (leg === undefined) return mediaFailure(MEDIA_ERROR_CODES.legNotFound, `media session ${session.sessionId} has no leg ${command.leg}`);
  if (leg.recorder !== undefined) return mediaFailure(MEDIA_ERROR_CODES.invalidCommand, `leg ${command.leg} of media session ${session.sessionId} is already recording`);
  const { file } = command;
  leg.recorder = new LegRecorder({
    maxDurationMs: command.maxDurationMs,
    stopDigits: command.stopDigits ?? '#',
    onEnd: (audio) => {
      leg.recorder = undefined;
      writeWavFile(file, audio.samples).then(
        () => emit({ type: 'leg.record_finished', sessionId: session.sessionId, leg: leg.name, file, durationMs: audio.durationMs, reason: audio.reason }),
        (cause: unknown) => emit({
          type: 'leg.record_failed', sessionId: session.sessionId, leg: leg.name, file,
          error: mediaFailure(MEDIA_ERROR_CODES.recordingFailed, `cannot write ${file}: ${cause instanceof Error ? cause.message : String(cause)}`),
        }),
      );
    },
  });
  return undefined;
}

/** Ends the leg's recording, if any. */
export function stopRecord(session: MediaSession, command: Extract<MediaCommand, { type: 'leg.stop_record' }>): MediaFailure | undefined {
  const leg = session.leg(command.leg);
  if (leg === undefined) return mediaFailure(MEDIA_ERROR_CODES.legNotFound, `media session ${session.sessionId} has no leg ${command.leg}`);
  leg.recorder?.stop('stopped');
  return undefined;
}
