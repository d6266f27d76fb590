/**
 * The IVR as a pure state machine: `startIvr` and `stepIvr` return the next state and the effects
 * its host carries out (answer, play or stop a prompt, arm or cancel a timer, route, hang up).
 *
 * @remarks
 * The seed's reference IVR (CF-19), round by round:
 * 1. answer, pause (`Answer(1000)`), play the greeting once;
 * 2. a round: the counter goes up, pause (`Wait(1)`), the menu prompt plays and the first digit
 *    stops it (`Background`), then digits are awaited for the menu's timeout (`WaitExten`);
 * 3. a choice leaves for its destination, enters a submenu, replays the menu (a new round: the
 *    counter keeps counting) or, in a submenu, returns to the beginning of the parent (its counter
 *    restarts, its greeting is not replayed);
 * 4. a timeout counts as an invalid entry; after an invalid entry, when the counter has reached
 *    `maxTries` the abort prompt plays and the call goes to the abort destination or is hung up,
 *    otherwise the invalid prompt plays and a new round starts.
 * Digits are only listened to while the menu prompt plays and while digits are awaited; during
 * pauses and the other prompts they are ignored (Asterisk's `Wait` and `Playback` drop them).
 *
 * Every timer and prompt carries an id; a `timer.fired` or `play.finished` whose id is not the
 * one awaited (it was cancelled, or it is a duplicate) is ignored, so the host need not race
 * cancellations. The state is plain data (it travels in the call's snapshot); the menu definition
 * is passed on every step and is not part of it. A caller who hangs up ends the IVR in its host,
 * which drops the state (and its timers and prompt); the machine needs no input for it.
 */
import { DEFAULT_IVR_TIMINGS, matchDigits, menuAt } from './ivr-menu.ts';
import type { IvrChoice, IvrMenu, IvrTimings } from './ivr-menu.ts';

/** Which timer an effect or input is about. */
export type IvrTimer = 'pause' | 'response' | 'digit';

/** One menu being visited: where it is in the tree and its try counter. */
export type IvrFrame = { readonly path: readonly number[]; readonly counter: number };

/** Where the IVR is. */
export type IvrPhase =
  | { readonly type: 'answering'; readonly timerId: number }
  | { readonly type: 'greeting'; readonly playId: number }
  | { readonly type: 'pausing'; readonly timerId: number }
  | { readonly type: 'menu'; readonly playId: number }
  | { readonly type: 'collecting'; readonly digits: string; readonly timerId: number }
  | { readonly type: 'invalid-prompt'; readonly playId: number }
  | { readonly type: 'abort-prompt'; readonly playId: number }
  | { readonly type: 'finished' };

/** How an IVR ended. */
export type IvrOutcome<Destination> =
  | { readonly type: 'destination'; readonly destination: Destination; readonly reason: 'choice' | 'invalid' | 'timeout' | 'abort' | 'announced' }
  | { readonly type: 'hangup' };

/** The machine's portable state. */
export type IvrState<Destination> = {
  /** Visited menus, the current one last. */
  readonly frames: readonly IvrFrame[];
  readonly phase: IvrPhase;
  /** The last id given to a timer or a prompt. */
  readonly lastId: number;
  /** Rounds that ended in an invalid entry or a timeout, over all menus (for reports and tests). */
  readonly failures: number;
  readonly outcome?: IvrOutcome<Destination>;
};

/** What the host does. */
export type IvrEffect<Destination> =
  | { readonly type: 'answer' }
  | { readonly type: 'play'; readonly playId: number; readonly sound: string; readonly interruptible: boolean }
  | { readonly type: 'stop_play'; readonly playId: number }
  | { readonly type: 'timer.arm'; readonly timerId: number; readonly timer: IvrTimer; readonly afterMs: number }
  | { readonly type: 'timer.cancel'; readonly timerId: number }
  | { readonly type: 'route'; readonly destination: Destination }
  | { readonly type: 'hangup' };

/** What the host tells the machine. */
export type IvrInput =
  | { readonly type: 'digit'; readonly digit: string }
  | { readonly type: 'timer.fired'; readonly timerId: number }
  /** The prompt ended, by itself or because it could not be played. */
  | { readonly type: 'play.finished'; readonly playId: number };

/** A step's result. */
export type IvrStep<Destination> = { readonly state: IvrState<Destination>; readonly effects: readonly IvrEffect<Destination>[] };

type Context<Destination> = { readonly root: IvrMenu<Destination>; readonly timings: IvrTimings };

/** Starts the IVR on a call that reached it: answer, then the pause before the greeting. */
export function startIvr<Destination>(root: IvrMenu<Destination>, timings: IvrTimings = DEFAULT_IVR_TIMINGS): IvrStep<Destination> {
  const state: IvrState<Destination> = { frames: [{ path: [], counter: 0 }], phase: { type: 'finished' }, lastId: 0, failures: 0 };
  if (root.maxTries < 1) return finish(state, { type: 'hangup' }, []);
  return arm(state, 'pause', timings.answerPauseMs, (timerId) => ({ type: 'answering', timerId }), [{ type: 'answer' }]);
}

/** Applies one input. */
export function stepIvr<Destination>(root: IvrMenu<Destination>, state: IvrState<Destination>, input: IvrInput, timings: IvrTimings = DEFAULT_IVR_TIMINGS): IvrStep<Destination> {
  const context: Context<Destination> = { root, timings };
  const phase = state.phase;
  const unchanged: IvrStep<Destination> = { state, effects: [] };
  switch (input.type) {
    case 'digit':
      if (phase.type === 'menu') return collect(context, state, input.digit, [{ type: 'stop_play', playId: phase.playId }]);
      if (phase.type === 'collecting') return collect(context, state, input.digit, [{ type: 'timer.cancel', timerId: phase.timerId }], phase.digits);
      return unchanged;
    case 'timer.fired':
      if (!('timerId' in phase) || phase.timerId !== input.timerId) return unchanged;
      if (phase.type === 'answering') return greet(context, state, []);
      if (phase.type === 'pausing') return play(state, currentMenu(context, state).menuSound, true, (playId) => ({ type: 'menu', playId }), []);
      return collectingTimedOut(context, state, phase.digits);
    case 'play.finished':
      if (!('playId' in phase) || phase.playId !== input.playId) return unchanged;
      if (phase.type === 'greeting') return afterGreeting(context, state, []);
      if (phase.type === 'menu') return awaitDigits(context, state, '', []);
      if (phase.type === 'invalid-prompt') return newRound(context, state, []);
      return abortAfterPrompt(context, state);
  }
}

/** Whether the IVR has ended; its outcome is then in `state.outcome`. */
export function isIvrFinished<Destination>(state: IvrState<Destination>): boolean {
  return state.phase.type === 'finished';
}

function currentFrame<Destination>(state: IvrState<Destination>): IvrFrame {
  return state.frames[state.frames.length - 1] ?? { path: [], counter: 0 };
}

function currentMenu<Destination>(context: Context<Destination>, state: IvrState<Destination>): IvrMenu<Destination> {
  return menuAt(context.root, currentFrame(state).path);
}

function withFrame<Destination>(state: IvrState<Destination>, frame: IvrFrame): IvrState<Destination> {
  return { ...state, frames: [...state.frames.slice(0, -1), frame] };
}

function arm<Destination>(state: IvrState<Destination>, timer: IvrTimer, afterMs: number, phase: (timerId: number) => IvrPhase, effects: readonly IvrEffect<Destination>[]): IvrStep<Destination> {
  const timerId = state.lastId + 1;
  return { state: { ...state, lastId: timerId, phase: phase(timerId) }, effects: [...effects, { type: 'timer.arm', timerId, timer, afterMs }] };
}

function play<Destination>(state: IvrState<Destination>, sound: string, interruptible: boolean, phase: (playId: number) => IvrPhase, effects: readonly IvrEffect<Destination>[]): IvrStep<Destination> {
  const playId = state.lastId + 1;
  return { state: { ...state, lastId: playId, phase: phase(playId) }, effects: [...effects, { type: 'play', playId, sound, interruptible }] };
}

function finish<Destination>(state: IvrState<Destination>, outcome: IvrOutcome<Destination>, effects: readonly IvrEffect<Destination>[]): IvrStep<Destination> {
  const last: IvrEffect<Destination> = outcome.type === 'hangup' ? { type: 'hangup' } : { type: 'route', destination: outcome.destination };
  return { state: { ...state, phase: { type: 'finished' }, outcome }, effects: [...effects, last] };
}

/** Plays the current menu's greeting, if it has one, then starts a round (or leaves, for an announcement). */
function greet<Destination>(context: Context<Destination>, state: IvrState<Destination>, effects: readonly IvrEffect<Destination>[]): IvrStep<Destination> {
  const greeting = currentMenu(context, state).greetingSound;
  if (greeting === undefined) return afterGreeting(context, state, effects);
  return play(state, greeting, false, (playId) => ({ type: 'greeting', playId }), effects);
}

/** After the greeting: an announcement leaves for its destination, a menu starts a round. */
function afterGreeting<Destination>(context: Context<Destination>, state: IvrState<Destination>, effects: readonly IvrEffect<Destination>[]): IvrStep<Destination> {
  const then = currentMenu(context, state).thenDestination;
  if (then === undefined) return newRound(context, state, effects);
  return finish(state, { type: 'destination', destination: then, reason: 'announced' }, effects);
}

/** A round: the counter goes up, then the pause before the menu prompt. */
function newRound<Destination>(context: Context<Destination>, state: IvrState<Destination>, effects: readonly IvrEffect<Destination>[]): IvrStep<Destination> {
  const frame = currentFrame(state);
  const counted = withFrame(state, { ...frame, counter: frame.counter + 1 });
  return arm(counted, 'pause', context.timings.menuPauseMs, (timerId) => ({ type: 'pausing', timerId }), effects);
}

/** Waits for a (further) digit: the menu's timeout for the first one, the inter-digit timeout after. */
function awaitDigits<Destination>(context: Context<Destination>, state: IvrState<Destination>, digits: string, effects: readonly IvrEffect<Destination>[]): IvrStep<Destination> {
  const afterMs = digits === '' ? Math.max(0, currentMenu(context, state).timeoutSeconds) * 1000 : context.timings.interDigitTimeoutMs;
  return arm(state, digits === '' ? 'response' : 'digit', afterMs, (timerId) => ({ type: 'collecting', digits, timerId }), effects);
}

function collect<Destination>(context: Context<Destination>, state: IvrState<Destination>, digit: string, effects: readonly IvrEffect<Destination>[], before = ''): IvrStep<Destination> {
  const digits = before + digit;
  const match = matchDigits(currentMenu(context, state).choices, digits);
  if (match.type === 'choice') return choose(context, state, match.choice, effects);
  if (match.type === 'more') return awaitDigits(context, state, digits, effects);
  return fail(context, state, 'invalid', effects);
}

/** The inter-digit or response timer ran out. */
function collectingTimedOut<Destination>(context: Context<Destination>, state: IvrState<Destination>, digits: string): IvrStep<Destination> {
  if (digits === '') return fail(context, state, 'timeout', []);
  const match = matchDigits(currentMenu(context, state).choices, digits);
  const exact = match.type === 'more' ? match.exact : undefined;
  return exact === undefined ? fail(context, state, 'invalid', []) : choose(context, state, exact, []);
}

function choose<Destination>(context: Context<Destination>, state: IvrState<Destination>, choice: IvrChoice<Destination>, effects: readonly IvrEffect<Destination>[]): IvrStep<Destination> {
  const action = choice.action;
  switch (action.type) {
    case 'destination':
      return finish(state, { type: 'destination', destination: action.destination, reason: 'choice' }, effects);
    case 'replay':
      return newRound(context, state, effects);
    case 'submenu': {
      const index = currentMenu(context, state).choices.indexOf(choice);
      const entered = { ...state, frames: [...state.frames, { path: [...currentFrame(state).path, index], counter: 0 }] };
      return greet(context, entered, effects);
    }
    case 'parent': {
      // In the top menu there is no parent: the beginning is the top menu's own.
      const parents = state.frames.length > 1 ? state.frames.slice(0, -1) : state.frames;
      const parent = parents[parents.length - 1] ?? { path: [], counter: 0 };
      return newRound(context, { ...state, frames: [...parents.slice(0, -1), { ...parent, counter: 0 }] }, effects);
    }
  }
}

/** An invalid entry or a timeout: its destination, else a new round or, tries used up, the abort. */
function fail<Destination>(context: Context<Destination>, state: IvrState<Destination>, reason: 'invalid' | 'timeout', effects: readonly IvrEffect<Destination>[]): IvrStep<Destination> {
  const menu = currentMenu(context, state);
  const direct = reason === 'invalid' ? menu.invalidDestination : menu.timeoutDestination;
  const failed = { ...state, failures: state.failures + 1 };
  if (direct !== undefined) return finish(failed, { type: 'destination', destination: direct, reason }, effects);
  if (currentFrame(state).counter >= menu.maxTries) {
    if (menu.abortSound === undefined) return abortAfterPrompt(context, failed, effects);
    return play(failed, menu.abortSound, false, (playId) => ({ type: 'abort-prompt', playId }), effects);
  }
  if (menu.invalidSound === undefined) return newRound(context, failed, effects);
  return play(failed, menu.invalidSound, false, (playId) => ({ type: 'invalid-prompt', playId }), effects);
}

function abortAfterPrompt<Destination>(context: Context<Destination>, state: IvrState<Destination>, effects: readonly IvrEffect<Destination>[] = []): IvrStep<Destination> {
  const destination = currentMenu(context, state).abortDestination;
  return finish(state, destination === undefined ? { type: 'hangup' } : { type: 'destination', destination, reason: 'abort' }, effects);
}
