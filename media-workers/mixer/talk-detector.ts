/**
 * Talk detection of one mixer member, as Asterisk ConfBridge does it: a frame whose average
 * absolute sample value reaches the energy threshold is speech; speech lasting `talkingMs` starts
 * talking, silence lasting `silenceMs` stops it.
 *
 * @remarks
 * ConfBridge's user profile options `dsp_talking_threshold` (160 ms) and `dsp_silence_threshold`
 * (2500 ms), with the DSP's default silence threshold of 256. A pure state machine: one step per
 * 20 ms tick, the frame's energy in, the new state and whether talking changed out. A member who
 * sent nothing during a tick counts as silent. It runs on muted members too (the conference shows
 * who talks while muted).
 */
import type { TalkDetection } from '../media-protocol.ts';

/** The defaults of {@link TalkDetection}. */
export const DEFAULT_TALK_DETECTION: Required<TalkDetection> = { energyThreshold: 256, talkingMs: 160, silenceMs: 2500 };

/** Where one member's talk detection stands. */
export type TalkState = {
  readonly talking: boolean;
  /** Speech heard in a row while not talking, or silence in a row while talking. */
  readonly runMs: number;
};

/** A member who has not spoken yet. */
export const QUIET: TalkState = { talking: false, runMs: 0 };

/** The settings with the defaults filled in. */
export function talkSettings(detection: TalkDetection | undefined): Required<TalkDetection> {
  return { ...DEFAULT_TALK_DETECTION, ...detection };
}

/** One tick: the frame's energy (average absolute sample value) over `frameMs`. */
export function detectTalk(state: TalkState, energy: number, frameMs: number, settings: Required<TalkDetection>): { readonly state: TalkState; readonly changed: boolean } {
  const speech = energy >= settings.energyThreshold;
  if (state.talking === speech) return { state: state.runMs === 0 ? state : { talking: state.talking, runMs: 0 }, changed: false };
  const runMs = state.runMs + frameMs;
  const limitMs = state.talking ? settings.silenceMs : settings.talkingMs;
  if (runMs >= limitMs) return { state: { talking: !state.talking, runMs: 0 }, changed: true };
  return { state: { talking: state.talking, runMs }, changed: false };
}
