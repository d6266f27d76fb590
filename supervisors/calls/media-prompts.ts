/**
 * Prompts on a call's caller leg (an IVR's greeting, menu and error prompts): found in the sounds
 * folder, played by the media pool, their end reported once to the call.
 *
 * @remarks
 * A prompt that cannot be found or played counts as finished at once, with a warning, as
 * Asterisk's `Playback` goes on to the next step. Only the prompt playing now is reported: its id is
 * kept once the pool started it, and forgotten when it is stopped, replaced or reported, so a
 * stopped prompt never reports and a late `leg.play_finished` for an earlier one finds nothing.
 */
import type { MediaEvent } from '../../media-workers/index.ts';
import { send, type CallMedia, type MediaCommandOptions } from './call-media.ts';
import { findPromptFile, type PromptName } from './prompt-files.ts';

/** A prompt to play: its id in the call and where to find it. */
export type Prompt = PromptName & { readonly playId: number };

/** Finds and plays a prompt on leg A; `onFinished` runs when it ends or cannot be played. */
export async function playPrompt(options: MediaCommandOptions & { readonly soundsDir: string }, callId: string, media: CallMedia, prompt: Prompt, onFinished: () => void): Promise<void> {
  media.prompt = undefined;
  const file = await findPromptFile(options.soundsDir, prompt);
  if (file === undefined) {
    options.logger.warn({ callId, sound: prompt.sound, language: prompt.language }, 'prompt not found: it counts as played');
    onFinished();
    return;
  }
  await playFile(options, callId, media, prompt.playId, file, onFinished);
}

/** Plays a file found beforehand (a prompt's, or a voicemail message's recording) on leg A, reported as a prompt. */
export async function playFile(options: MediaCommandOptions, callId: string, media: CallMedia, playId: number, file: string, onFinished: () => void): Promise<void> {
  media.prompt = undefined;
  if (!(await send(options, callId, { type: 'leg.play', sessionId: media.sessionId, leg: 'A', file }))) {
    options.logger.warn({ callId, file }, 'prompt not played: it counts as played');
    onFinished();
    return;
  }
  media.prompt = { playId, onFinished };
}

/** Stops the prompt `playId` if it is the one playing. */
export async function stopPrompt(options: MediaCommandOptions, callId: string, media: CallMedia, playId: number): Promise<void> {
  if (media.prompt?.playId !== playId) return;
  media.prompt = undefined;
  await send(options, callId, { type: 'leg.stop_play', sessionId: media.sessionId, leg: 'A' });
}

/** Reports the end of the prompt playing on leg A; true when the event was about it. */
export function promptEnded(media: CallMedia, event: MediaEvent): boolean {
  if ((event.type !== 'leg.play_finished' && event.type !== 'leg.play_failed') || event.leg !== 'A') return false;
  const { prompt } = media;
  if (prompt === undefined) return false;
  media.prompt = undefined;
  prompt.onFinished();
  return true;
}
