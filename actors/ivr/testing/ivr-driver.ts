/**
 * Drives an IVR machine in tests as its host would: prompts play to their end and timers fire
 * unless the caller presses a key first.
 */
import { startIvr, stepIvr } from '../ivr-machine.ts';
import type { IvrEffect, IvrState } from '../ivr-machine.ts';
import type { IvrMenu } from '../ivr-menu.ts';

/** What the caller does at a menu: press a key, or let the timeout run out. */
export type CallerAction = string | 'timeout';

/** A run: the final state, every effect in order, and the prompts heard. */
export type IvrRun<Destination> = {
  readonly state: IvrState<Destination>;
  readonly effects: readonly IvrEffect<Destination>[];
  readonly prompts: readonly string[];
};

/** Whether the IVR waits for the caller (menu prompt playing or digits awaited) or has ended. */
function waitsForCaller<Destination>(state: IvrState<Destination>): boolean {
  return state.phase.type === 'menu' || state.phase.type === 'collecting' || state.phase.type === 'finished';
}

/** Lets prompts end and pauses elapse until the IVR waits for the caller. */
function settle<Destination>(menu: IvrMenu<Destination>, state: IvrState<Destination>, log: IvrEffect<Destination>[]): IvrState<Destination> {
  let current = state;
  for (let guard = 0; guard < 1000 && !waitsForCaller(current); guard += 1) {
    const phase = current.phase;
    const input = 'playId' in phase ? { type: 'play.finished' as const, playId: phase.playId } : 'timerId' in phase ? { type: 'timer.fired' as const, timerId: phase.timerId } : undefined;
    if (input === undefined) break;
    const step = stepIvr(menu, current, input);
    log.push(...step.effects);
    current = step.state;
  }
  return current;
}

/** Runs `actions` from the start; a timeout lets the menu prompt end and the wait run out. */
export function runIvr<Destination>(menu: IvrMenu<Destination>, actions: readonly CallerAction[]): IvrRun<Destination> {
  const start = startIvr(menu);
  const log: IvrEffect<Destination>[] = [...start.effects];
  let state = settle(menu, start.state, log);
  for (const action of actions) {
    if (state.phase.type === 'finished') break;
    if (action === 'timeout') {
      if (state.phase.type === 'menu') {
        const ended = stepIvr(menu, state, { type: 'play.finished', playId: state.phase.playId });
        log.push(...ended.effects);
        state = ended.state;
      }
      if (state.phase.type === 'collecting') {
        const fired = stepIvr(menu, state, { type: 'timer.fired', timerId: state.phase.timerId });
        log.push(...fired.effects);
        state = fired.state;
      }
    } else {
      const pressed = stepIvr(menu, state, { type: 'digit', digit: action });
      log.push(...pressed.effects);
      state = pressed.state;
    }
    state = settle(menu, state, log);
  }
  const prompts = log.flatMap((effect) => (effect.type === 'play' ? [effect.sound] : []));
  return { state, effects: log, prompts };
}
