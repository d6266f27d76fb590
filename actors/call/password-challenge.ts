/**
 * The password challenge of a call permission (seed CF-10, "challenge instead of refusal"), and the
 * PIN of a conference room (seed CF-17), as a pure state machine: `startChallenge` and `stepChallenge` return the next state and the effects
 * its host (the call, call-challenge.ts) carries out.
 *
 * @remarks
 * It behaves as Asterisk's `Authenticate` application, which the reference platform runs for a
 * password-protected permission:
 * 1. the prompt `agent-pass` plays ("password, followed by the pound key"); a digit stops it;
 * 2. digits are collected until `#`, until {@link MAX_PASSWORD_DIGITS} digits, or until no digit
 *    came for {@link INTER_DIGIT_MS} ({@link FIRST_DIGIT_MS} for the first one after the prompt);
 *    an empty entry (`#` alone, or silence) is an attempt like any other;
 * 3. the entry is handed to the host to verify (`verify`): the machine never sees the password;
 * 4. right: `allowed`; wrong: `auth-incorrect` plays (it asks again) and a new attempt starts;
 *    after {@link CHALLENGE_ATTEMPTS} wrong attempts `vm-goodbye` plays and the call is hung up.
 *
 * A conference PIN (kind `conference`) is asked as Asterisk's ConfBridge asks it: `conf-getpin`,
 * up to {@link MAX_PIN_DIGITS} digits, and after a wrong entry `conf-invalidpin` then `conf-getpin`
 * again; the third wrong entry hears `conf-invalidpin` and the call hangs up.
 *
 * Every prompt and timer carries an id; a `play.finished` or `timer.fired` that is not the one
 * awaited is ignored, so the host need not race cancellations. The entered digits are held in the
 * state only until the entry ends (then they leave in the `verify` effect).
 */

/** Attempts a caller has (Asterisk's Authenticate gives three). */
export const CHALLENGE_ATTEMPTS = 3;
/** How long the first digit is awaited once the prompt ended (Asterisk's response timeout). */
export const FIRST_DIGIT_MS = 10_000;
/** How long the next digit is awaited (Asterisk's digit timeout). */
export const INTER_DIGIT_MS = 5_000;
/** An entry ends by itself at this length (confd's passwords have 1 to 16 digits). */
export const MAX_PASSWORD_DIGITS = 16;

/** A conference PIN's longest entry (Asterisk's ConfBridge PINs have up to 80 digits). */
export const MAX_PIN_DIGITS = 80;

/** The prompts of a permission's password, as sound names (looked up like the IVR's, in the sounds folder). */
export const CHALLENGE_SOUNDS = { ask: 'agent-pass', incorrect: 'auth-incorrect', goodbye: 'vm-goodbye' } as const;

/** What is asked for: a call permission's password, or a conference room's PIN. */
export type ChallengeKind = 'permission' | 'conference' | 'mailbox';

/** How each kind asks: its prompts (`incorrect` played in order after a wrong entry) and its longest entry. */
export const CHALLENGE_PROMPTS: Readonly<Record<ChallengeKind, { readonly ask: string; readonly incorrect: readonly [string, ...string[]]; readonly goodbye: string; readonly maxDigits: number }>> = {
  permission: { ask: CHALLENGE_SOUNDS.ask, incorrect: [CHALLENGE_SOUNDS.incorrect], goodbye: CHALLENGE_SOUNDS.goodbye, maxDigits: MAX_PASSWORD_DIGITS },
  conference: { ask: 'conf-getpin', incorrect: ['conf-invalidpin', 'conf-getpin'], goodbye: 'conf-invalidpin', maxDigits: MAX_PIN_DIGITS },
  /** A mailbox's password (Asterisk's VoiceMailMain). */
  mailbox: { ask: 'vm-password', incorrect: ['vm-incorrect'], goodbye: 'vm-goodbye', maxDigits: MAX_PASSWORD_DIGITS },
};

/** Where the challenge is. */
export type ChallengePhase =
  /** A prompt plays; `then` are the prompts queued after it (none: digits are awaited next). */
  | { readonly type: 'prompting'; readonly playId: number; readonly then?: readonly string[] }
  | { readonly type: 'collecting'; readonly digits: string; readonly timerId: number }
  | { readonly type: 'verifying' }
  | { readonly type: 'goodbye'; readonly playId: number }
  | { readonly type: 'finished'; readonly outcome: 'allowed' | 'refused' };

/** The machine's portable state. */
export interface ChallengeState {
  readonly phase: ChallengePhase;
  /** The attempt in progress (or the last one), from 1. */
  readonly attempt: number;
  /** The last id given to a prompt or a timer. */
  readonly lastId: number;
  /** What is asked for; absent: a permission's password (states written before kinds existed). */
  readonly kind?: ChallengeKind;
}

/** What the host does. */
export type ChallengeEffect =
  | { readonly type: 'play'; readonly playId: number; readonly sound: string }
  | { readonly type: 'stop_play'; readonly playId: number }
  | { readonly type: 'timer.arm'; readonly timerId: number; readonly afterMs: number }
  | { readonly type: 'timer.cancel'; readonly timerId: number }
  /** Check the entry against the password; answer with `verified`. */
  | { readonly type: 'verify'; readonly digits: string }
  /** The password was right: the call goes on to where it was going. */
  | { readonly type: 'allowed' }
  | { readonly type: 'hangup' };

/** What the host tells the machine. */
export type ChallengeInput =
  | { readonly type: 'digit'; readonly digit: string }
  | { readonly type: 'timer.fired'; readonly timerId: number }
  | { readonly type: 'play.finished'; readonly playId: number }
  | { readonly type: 'verified'; readonly right: boolean };

export interface ChallengeStep {
  readonly state: ChallengeState;
  readonly effects: readonly ChallengeEffect[];
}

/** Starts a challenge: the first prompt plays. Ids start after `firstId - 1` (the host's earlier prompts keep theirs). */
export function startChallenge(firstId = 1, kind: ChallengeKind = 'permission'): ChallengeStep {
  const playId = firstId;
  const state: ChallengeState = { phase: { type: 'prompting', playId }, attempt: 1, lastId: playId, ...(kind === 'permission' ? {} : { kind }) };
  return { state, effects: [{ type: 'play', playId, sound: CHALLENGE_PROMPTS[kind].ask }] };
}

const promptsOf = (state: ChallengeState) => CHALLENGE_PROMPTS[state.kind ?? 'permission'];

const unchanged = (state: ChallengeState): ChallengeStep => ({ state, effects: [] });

/** One input; an input the phase does not await returns the same state and no effect. */
export function stepChallenge(state: ChallengeState, input: ChallengeInput): ChallengeStep {
  const { phase } = state;
  switch (input.type) {
    case 'digit':
      if (phase.type === 'prompting') return collect({ ...state, phase: { type: 'collecting', digits: '', timerId: 0 } }, input.digit, [{ type: 'stop_play', playId: phase.playId }]);
      if (phase.type === 'collecting') return collect(state, input.digit, [{ type: 'timer.cancel', timerId: phase.timerId }]);
      return unchanged(state);
    case 'play.finished':
      if (phase.type === 'prompting' && phase.playId === input.playId) return afterPrompt(state, phase.then ?? []);
      if (phase.type === 'goodbye' && phase.playId === input.playId) return { state: { ...state, phase: { type: 'finished', outcome: 'refused' } }, effects: [{ type: 'hangup' }] };
      return unchanged(state);
    case 'timer.fired':
      return phase.type === 'collecting' && phase.timerId === input.timerId ? submit(state, phase.digits, []) : unchanged(state);
    case 'verified':
      return phase.type === 'verifying' ? onVerified(state, input.right) : unchanged(state);
  }
}

/** A digit of the entry: `#` ends it, as does the longest entry; any other digit waits for the next. */
function collect(state: ChallengeState, digit: string, effects: readonly ChallengeEffect[]): ChallengeStep {
  const digits = state.phase.type === 'collecting' ? state.phase.digits : '';
  if (digit === '#') return submit(state, digits, effects);
  const entered = digits + digit;
  if (entered.length >= promptsOf(state).maxDigits) return submit(state, entered, effects);
  return awaitDigit({ ...state, lastId: state.lastId + 1 }, entered, INTER_DIGIT_MS, effects);
}

/** Awaits the next digit under a timer with id `state.lastId`. */
function awaitDigit(state: ChallengeState, digits: string, afterMs: number, effects: readonly ChallengeEffect[]): ChallengeStep {
  const timerId = state.lastId;
  return { state: { ...state, phase: { type: 'collecting', digits, timerId } }, effects: [...effects, { type: 'timer.arm', timerId, afterMs }] };
}

function submit(state: ChallengeState, digits: string, effects: readonly ChallengeEffect[]): ChallengeStep {
  return { state: { ...state, phase: { type: 'verifying' } }, effects: [...effects, { type: 'verify', digits }] };
}

/** A prompt ended: the next queued one plays, else the first digit is awaited. */
function afterPrompt(state: ChallengeState, queued: readonly string[]): ChallengeStep {
  const [next, ...rest] = queued;
  if (next === undefined) return awaitDigit({ ...state, lastId: state.lastId + 1 }, '', FIRST_DIGIT_MS, []);
  const playId = state.lastId + 1;
  return { state: { ...state, lastId: playId, phase: { type: 'prompting', playId, ...(rest.length === 0 ? {} : { then: rest }) } }, effects: [{ type: 'play', playId, sound: next }] };
}

function onVerified(state: ChallengeState, right: boolean): ChallengeStep {
  if (right) return { state: { ...state, phase: { type: 'finished', outcome: 'allowed' } }, effects: [{ type: 'allowed' }] };
  const playId = state.lastId + 1;
  const prompts = promptsOf(state);
  if (state.attempt >= CHALLENGE_ATTEMPTS) return { state: { ...state, lastId: playId, phase: { type: 'goodbye', playId } }, effects: [{ type: 'play', playId, sound: prompts.goodbye }] };
  const [first, ...then] = prompts.incorrect;
  const phase: ChallengePhase = { type: 'prompting', playId, ...(then.length === 0 ? {} : { then }) };
  return { state: { ...state, attempt: state.attempt + 1, lastId: playId, phase }, effects: [{ type: 'play', playId, sound: first }] };
}

/** The id of the timer the challenge awaits, if any (the host cancels it when the call ends). */
export function pendingChallengeTimer(state: ChallengeState): number | undefined {
  return state.phase.type === 'collecting' ? state.phase.timerId : undefined;
}
