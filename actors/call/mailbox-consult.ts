/**
 * Consulting a mailbox from a phone (seed CF-18, `*98` and `*99<number>`): a subset of Asterisk's
 * `VoiceMailMain` as a pure state machine. `startConsult` and `stepConsult` return the next state
 * and the effects its host (the call, call-mailbox-consult.ts) carries out.
 *
 * @remarks
 * The password, when asked, is checked before (the call's password challenge). Then:
 * 1. the summary: `vm-youhave`, the count of new messages, `vm-INBOX`, `vm-message(s)`, then
 *    (`vm-and`) the count of old ones, `vm-Old`, `vm-message(s)`; with none, `vm-no vm-messages`
 *    (Asterisk's English order); counts are said with `digits/<n>` (see {@link numberSounds});
 * 2. the main menu (`vm-onefor vm-messages vm-helpexit`, or `vm-helpexit` alone with no message):
 *    `1` plays the messages, new ones first then old ones, `#` says `vm-goodbye` and hangs up; any
 *    other key says `vm-sorry`; no key within {@link MENU_WAIT_MS} plays the menu again, and after
 *    {@link MENU_ROUNDS} silent rounds the call says goodbye;
 * 3. each message is announced (`vm-first`/`vm-last`, `vm-message`, its number) and played; a new
 *    message starts being played → it is marked heard (`mark_heard`: inbox → old). While it plays
 *    or within {@link MESSAGE_WAIT_MS} after: `4` previous, `5` again, `6` next, `7` delete (it says
 *    `vm-deleted` and goes on to the next), `#` goodbye; another key says `vm-sorry`. `vm-nomore`
 *    says there is no previous or next message. Past the last message, or with no key after one,
 *    the main menu comes back.
 * Every prompt and timer carries an id; a report that is not the one awaited is ignored, as in
 * the password challenge. A key pressed during a prompt stops it and acts at once.
 */

/** How long a key is awaited after the main menu. */
export const MENU_WAIT_MS = 10_000;
/** How long a key is awaited after a message before the main menu comes back. */
export const MESSAGE_WAIT_MS = 10_000;
/** Silent rounds of the main menu before the call says goodbye (Asterisk gives three). */
export const MENU_ROUNDS = 3;

/** A message of the mailbox as the consultation sees it. */
export interface ConsultMessage {
  readonly id: string;
  readonly folder: 'inbox' | 'old';
}

/** Something said: a prompt (a sound name) or a message's recording. */
export type Saying = { readonly type: 'sound'; readonly sound: string } | { readonly type: 'message'; readonly messageId: string };

/** Where the consultation goes once what it says is over. */
export type AfterSaying = 'menu' | 'message' | 'hangup';

export type ConsultPhase =
  | { readonly type: 'saying'; readonly playId: number; readonly rest: readonly Saying[]; readonly after: AfterSaying }
  | { readonly type: 'waiting'; readonly timerId: number; readonly at: 'menu' | 'message' }
  | { readonly type: 'finished' };

/** The machine's portable state. */
export interface ConsultState {
  readonly phase: ConsultPhase;
  /** The messages, new first then old, each in time order; deleted ones leave the list. */
  readonly messages: readonly ConsultMessage[];
  /** The message being played or last played (an index into `messages`). */
  readonly current: number;
  /** Main-menu rounds without a key. */
  readonly silentRounds: number;
  /** The last id given to a prompt or a timer. */
  readonly lastId: number;
}

export type ConsultEffect =
  | { readonly type: 'play'; readonly playId: number; readonly sound: string }
  | { readonly type: 'play_message'; readonly playId: number; readonly messageId: string }
  | { readonly type: 'stop_play'; readonly playId: number }
  | { readonly type: 'timer.arm'; readonly timerId: number; readonly afterMs: number }
  | { readonly type: 'timer.cancel'; readonly timerId: number }
  /** The message was listened to: it moves from the inbox to `old`. */
  | { readonly type: 'mark_heard'; readonly messageId: string }
  | { readonly type: 'delete'; readonly messageId: string }
  | { readonly type: 'hangup' };

export type ConsultInput =
  | { readonly type: 'digit'; readonly digit: string }
  | { readonly type: 'play.finished'; readonly playId: number }
  | { readonly type: 'timer.fired'; readonly timerId: number };

export interface ConsultStep {
  readonly state: ConsultState;
  readonly effects: readonly ConsultEffect[];
}

const sound = (name: string): Saying => ({ type: 'sound', sound: name });
const sounds = (...names: string[]): Saying[] => names.map(sound);

/**
 * The prompts that say `count` (Asterisk's `digits/` sounds): 0 to 20 as one sound, 21 to 99 as
 * the tens then the unit, larger counts digit by digit.
 */
export function numberSounds(count: number): string[] {
  if (count <= 20) return [`digits/${count}`];
  if (count < 100) return [`digits/${count - (count % 10)}`, ...(count % 10 === 0 ? [] : [`digits/${count % 10}`])];
  return [...String(count)].map((digit) => `digits/${digit}`);
}

const plural = (count: number): string => (count === 1 ? 'vm-message' : 'vm-messages');

/** The summary: how many new and old messages there are. */
export function summarySounds(messages: readonly ConsultMessage[]): string[] {
  const fresh = messages.filter((message) => message.folder === 'inbox').length;
  const old = messages.length - fresh;
  if (fresh === 0 && old === 0) return ['vm-youhave', 'vm-no', 'vm-messages'];
  const saidNew = fresh === 0 ? [] : [...numberSounds(fresh), 'vm-INBOX', plural(fresh)];
  const saidOld = old === 0 ? [] : [...(fresh === 0 ? [] : ['vm-and']), ...numberSounds(old), 'vm-Old', plural(old)];
  return ['vm-youhave', ...saidNew, ...saidOld];
}

const menuSounds = (state: ConsultState): Saying[] => (state.messages.length === 0 ? sounds('vm-helpexit') : sounds('vm-onefor', 'vm-messages', 'vm-helpexit'));

/** Starts the consultation of `messages` (new first, then old): the summary, then the main menu. Ids start at `firstId`. */
export function startConsult(messages: readonly ConsultMessage[], firstId = 1): ConsultStep {
  const state: ConsultState = { phase: { type: 'finished' }, messages, current: 0, silentRounds: 0, lastId: firstId - 1 };
  return say(state, [...sounds(...summarySounds(messages)), ...menuSounds(state)], 'menu', []);
}

const unchanged = (state: ConsultState): ConsultStep => ({ state, effects: [] });

/** One input; an input the phase does not await returns the same state and no effect. */
export function stepConsult(state: ConsultState, input: ConsultInput): ConsultStep {
  const { phase } = state;
  switch (input.type) {
    case 'play.finished':
      return phase.type === 'saying' && phase.playId === input.playId ? sayNext(state, phase.rest, phase.after, []) : unchanged(state);
    case 'timer.fired':
      if (phase.type !== 'waiting' || phase.timerId !== input.timerId) return unchanged(state);
      if (phase.at === 'message') return say(state, menuSounds(state), 'menu', []);
      if (state.silentRounds + 1 >= MENU_ROUNDS) return goodbye(state, []);
      return say({ ...state, silentRounds: state.silentRounds + 1 }, menuSounds(state), 'menu', []);
    case 'digit': {
      if (phase.type === 'finished' || (phase.type === 'saying' && phase.after === 'hangup')) return unchanged(state);
      const stop: ConsultEffect = phase.type === 'saying' ? { type: 'stop_play', playId: phase.playId } : { type: 'timer.cancel', timerId: phase.timerId };
      const inMessage = phase.type === 'saying' ? phase.after === 'message' : phase.at === 'message';
      return inMessage ? onMessageKey(state, input.digit, [stop]) : onMenuKey({ ...state, silentRounds: 0 }, input.digit, [stop]);
    }
  }
}

function onMenuKey(state: ConsultState, digit: string, effects: readonly ConsultEffect[]): ConsultStep {
  if (digit === '#') return goodbye(state, effects);
  if (digit === '1') return state.messages.length === 0 ? say(state, sounds('vm-nomore', ...menuSoundNames(state)), 'menu', effects) : playMessage(state, 0, effects);
  return say(state, [sound('vm-sorry'), ...menuSounds(state)], 'menu', effects);
}

const menuSoundNames = (state: ConsultState): string[] => menuSounds(state).flatMap((saying) => (saying.type === 'sound' ? [saying.sound] : []));

function onMessageKey(state: ConsultState, digit: string, effects: readonly ConsultEffect[]): ConsultStep {
  const { current, messages } = state;
  switch (digit) {
    case '#':
      return goodbye(state, effects);
    case '4':
      return current > 0 ? playMessage(state, current - 1, effects) : say(state, sounds('vm-nomore'), 'message', effects);
    case '5':
      return playMessage(state, current, effects);
    case '6':
      return current + 1 < messages.length ? playMessage(state, current + 1, effects) : say(state, sounds('vm-nomore', ...menuSoundNames(state)), 'menu', effects);
    case '7': {
      const deleted = messages[current];
      if (deleted === undefined) return say(state, menuSounds(state), 'menu', effects);
      const left: ConsultState = { ...state, messages: messages.filter((_message, index) => index !== current) };
      const after: ConsultEffect[] = [...effects, { type: 'delete', messageId: deleted.id }];
      // The next message slides into the deleted one's place.
      if (current < left.messages.length) return playMessage(left, current, after, [sound('vm-deleted')]);
      return say({ ...left, current: Math.max(0, left.messages.length - 1) }, [sound('vm-deleted'), ...menuSounds(left)], 'menu', after);
    }
    default:
      return say(state, sounds('vm-sorry'), 'message', effects);
  }
}

/** Announces message `index` and plays it; a new message is marked heard as it starts. */
function playMessage(state: ConsultState, index: number, effects: readonly ConsultEffect[], before: readonly Saying[] = []): ConsultStep {
  const message = state.messages[index];
  if (message === undefined) return say(state, menuSounds(state), 'menu', effects);
  const last = index === state.messages.length - 1;
  const announce = index === 0 ? sounds('vm-first', 'vm-message') : last ? sounds('vm-last', 'vm-message') : sounds('vm-message', ...numberSounds(index + 1));
  const heard: ConsultMessage = { ...message, folder: 'old' };
  const next: ConsultState = { ...state, current: index, messages: state.messages.map((candidate, at) => (at === index ? heard : candidate)) };
  const marking: ConsultEffect[] = message.folder === 'inbox' ? [{ type: 'mark_heard', messageId: message.id }] : [];
  return say(next, [...before, ...announce, { type: 'message', messageId: message.id }], 'message', [...effects, ...marking]);
}

function goodbye(state: ConsultState, effects: readonly ConsultEffect[]): ConsultStep {
  return say(state, sounds('vm-goodbye'), 'hangup', effects);
}

/** Says `sayings` one after the other, then goes to `after`. */
function say(state: ConsultState, sayings: readonly Saying[], after: AfterSaying, effects: readonly ConsultEffect[]): ConsultStep {
  return sayNext(state, sayings, after, effects);
}

function sayNext(state: ConsultState, sayings: readonly Saying[], after: AfterSaying, effects: readonly ConsultEffect[]): ConsultStep {
  const [first, ...rest] = sayings;
  if (first === undefined) return afterSaying(state, after, effects);
  const playId = state.lastId + 1;
  const play: ConsultEffect = first.type === 'sound' ? { type: 'play', playId, sound: first.sound } : { type: 'play_message', playId, messageId: first.messageId };
  return { state: { ...state, lastId: playId, phase: { type: 'saying', playId, rest, after } }, effects: [...effects, play] };
}

function afterSaying(state: ConsultState, after: AfterSaying, effects: readonly ConsultEffect[]): ConsultStep {
  if (after === 'hangup') return { state: { ...state, phase: { type: 'finished' } }, effects: [...effects, { type: 'hangup' }] };
  const timerId = state.lastId + 1;
  const afterMs = after === 'menu' ? MENU_WAIT_MS : MESSAGE_WAIT_MS;
  return { state: { ...state, lastId: timerId, phase: { type: 'waiting', timerId, at: after } }, effects: [...effects, { type: 'timer.arm', timerId, afterMs }] };
}

/** The id of the timer the consultation awaits, if any (the host cancels it when the call ends). */
export function pendingConsultTimer(state: ConsultState): number | undefined {
  return state.phase.type === 'waiting' ? state.phase.timerId : undefined;
}
