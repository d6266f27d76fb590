/**
 * The recording of a mixer's whole mix into a WAV file (8 kHz 16-bit mono), until stopped.
 *
 * @remarks
 * Built on the leg recorder (samples buffered, the file written aside and renamed at the end, see
 * `recorder/wav-file.ts`), without stop digits and capped at {@link MAX_MIX_RECORDING_MS}: a
 * recording that reaches it ends as if stopped, with `mixer.record_finished`. The duration is the
 * mix's: one 20 ms frame per tick, whether anyone spoke or not.
 */
import { MEDIA_ERROR_CODES, mediaFailure } from '../errors.ts';
import type { MediaEvent, MixerId } from '../media-protocol.ts';
import { LegRecorder } from '../recorder/leg-recorder.ts';
import { writeWavFile } from '../recorder/wav-file.ts';

/** The longest mix recording (two hours, about 115 MB of samples held by the worker). */
export const MAX_MIX_RECORDING_MS = 2 * 3_600_000;

/** One recording of a mix in progress. */
export class MixRecording {
  readonly file: string;
  readonly #recorder: LegRecorder;

  constructor(mixerId: MixerId, file: string, emit: (event: MediaEvent) => void, onEnd: () => void) {
    this.file = file;
    this.#recorder = new LegRecorder({
      maxDurationMs: MAX_MIX_RECORDING_MS,
      stopDigits: '',
      onEnd: (audio) => {
        onEnd();
        writeWavFile(file, audio.samples).then(
          () => emit({ type: 'mixer.record_finished', mixerId, file, durationMs: audio.durationMs }),
          (cause: unknown) =>
            emit({
              type: 'mixer.record_failed',
              mixerId,
              file,
              error: mediaFailure(MEDIA_ERROR_CODES.recordingFailed, `cannot write ${file}: ${cause instanceof Error ? cause.message : String(cause)}`),
            }),
        );
      },
    });
  }

  /** Adds one mixed frame. */
  accept(frame: Int16Array): void {
    this.#recorder.accept(frame);
  }

  /** Ends the recording and writes the file. */
  stop(): void {
    this.#recorder.stop('stopped');
  }
}
