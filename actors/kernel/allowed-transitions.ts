/**
 * The allowed-transitions table every kind keeps beside its state union (style §7.4), and the check
 * its machine runs before moving.
 *
 * @remarks
 * The table documents the state diagram as data and turns a wrong move into a crash instead of a
 * corrupt call: `StateTransitionError` is a bug, never an expected outcome.
 */
import { StateTransitionError } from '../errors.ts';

/** For each state, the states it may move to. */
export type AllowedTransitions<State extends string> = Readonly<Record<State, readonly State[]>>;

/**
 * Throws `StateTransitionError` unless `allowed` lets `from` move to `to`. Staying in the same state
 * is not a transition and is always allowed.
 */
export function assertTransition<State extends string>(kind: string, allowed: AllowedTransitions<State>, from: State, to: State): void {
  if (from === to) return;
  if (!allowed[from].includes(to)) throw new StateTransitionError({ kind, from, to });
}
