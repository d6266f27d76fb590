/**
 * What an IVR is made of: menus of prompts and choices, and how collected digits meet the choices.
 *
 * @remarks
 * A menu follows the seed's reference IVR (dialplan `dp-ivr-example`) and Wazo confd's IVR
 * resource: a greeting played once on entry, a menu prompt played each round and interruptible by
 * the first digit, digit collection with a timeout (Asterisk's `WaitExten`), choices, an invalid
 * prompt, and after `maxTries` failed rounds an abort prompt and the abort destination or a hang-up.
 *
 * The destination type is a parameter: the IVR never looks inside one, it only hands it to its
 * host (the call actor routes it as any routing destination).
 */

/** What a choice does. */
export type IvrAction<Destination> =
  /** Leave the IVR for a destination. */
  | { readonly type: 'destination'; readonly destination: Destination }
  /** Enter a submenu, which keeps its own try counter. */
  | { readonly type: 'submenu'; readonly menu: IvrMenu<Destination> }
  /** Play the menu again; the round still counts as a try (the seed's `Goto(s,start)`). */
  | { readonly type: 'replay' }
  /** Leave a submenu for the beginning of its parent: the parent's counter restarts at 0 and its greeting is not replayed (the seed's `Goto(dp-ivr-example,s,beginning)`). */
  | { readonly type: 'parent' };

/** One choice: the digits that select it (0-9, *, #) and its action. */
export type IvrChoice<Destination> = { readonly exten: string; readonly action: IvrAction<Destination> };

/** One menu. Sounds are names the host resolves (the tenant's sound folder). */
export type IvrMenu<Destination> = {
  /** Played once when the menu is entered, not when a round replays it. */
  readonly greetingSound?: string;
  readonly menuSound: string;
  /** Played after an invalid entry or a timeout before the next round. */
  readonly invalidSound?: string;
  /** Played when the tries are used up, before the abort destination or the hang-up. */
  readonly abortSound?: string;
  /** How long to wait for a first digit once the menu prompt has played, seconds. */
  readonly timeoutSeconds: number;
  /** Rounds (menu plays) after which a failure aborts; at least 1. */
  readonly maxTries: number;
  readonly choices: readonly IvrChoice<Destination>[];
  /** When set, an invalid entry leaves for it at once instead of counting as a failed try. */
  readonly invalidDestination?: Destination;
  /** When set, a timeout leaves for it at once instead of counting as a failed try. */
  readonly timeoutDestination?: Destination;
  /** Where the call goes when the tries are used up; the call is hung up when absent. */
  readonly abortDestination?: Destination;
  /**
   * When set, the menu is an announcement: once its greeting has played the call leaves for this
   * destination, with no round and no keys (a user's schedule in an exception period plays "call
   * is being transferred" this way before redirecting, seed CF-20).
   */
  readonly thenDestination?: Destination;
};

/** Pauses and timeouts of the machine. */
export type IvrTimings = {
  /** After answering, before the greeting (the seed's `Answer(1000)`). */
  readonly answerPauseMs: number;
  /** Before each menu prompt (the seed's `Wait(1)`). */
  readonly menuPauseMs: number;
  /** Between digits of a choice longer than one digit (Asterisk's `TIMEOUT(digit)`, 5 s by default). */
  readonly interDigitTimeoutMs: number;
};

export const DEFAULT_IVR_TIMINGS: IvrTimings = { answerPauseMs: 1000, menuPauseMs: 1000, interDigitTimeoutMs: 5000 };

/** The digits a caller can send. */
export const IVR_DIGITS = '0123456789*#';

/** What collected digits amount to against a menu's choices. */
export type DigitMatch<Destination> =
  /** A choice matches and no longer one could: take it now. */
  | { readonly type: 'choice'; readonly choice: IvrChoice<Destination> }
  /** Longer choices start with these digits: wait for more (`exact` is taken if none comes). */
  | { readonly type: 'more'; readonly exact?: IvrChoice<Destination> }
  /** No choice starts with these digits. */
  | { readonly type: 'invalid' };

/**
 * Matches collected digits the way Asterisk's `WaitExten` does: an exact match with no longer
 * candidate is taken at once; while a longer choice could still match, it waits for more digits.
 */
export function matchDigits<Destination>(choices: readonly IvrChoice<Destination>[], digits: string): DigitMatch<Destination> {
  const exact = choices.find((choice) => choice.exten === digits);
  const longer = choices.some((choice) => choice.exten.length > digits.length && choice.exten.startsWith(digits));
  if (longer) return exact === undefined ? { type: 'more' } : { type: 'more', exact };
  return exact === undefined ? { type: 'invalid' } : { type: 'choice', choice: exact };
}

/** The menu reached from `root` by following submenu choices at `path` (indexes into `choices`). */
export function menuAt<Destination>(root: IvrMenu<Destination>, path: readonly number[]): IvrMenu<Destination> {
  let menu = root;
  for (const index of path) {
    const action = menu.choices[index]?.action;
    if (action?.type !== 'submenu') throw new Error(`IVR path ${path.join('.')} does not lead to a submenu`);
    menu = action.menu;
  }
  return menu;
}
