/**
 * Restart intensity: how many restarts a supervisor tolerates within a sliding window.
 *
 * @remarks
 * Erlang/OTP's rule: a supervisor that would restart more than `maxRestarts` times within
 * `withinMs` gives up, stops its children and fails upward, so a child that crashes at once on
 * every start cannot spin forever. A restart exactly `withinMs` after an earlier one still counts
 * that earlier one.
 */

/** A supervisor's restart limits. */
export interface RestartLimits {
  readonly maxRestarts: number;
  readonly withinMs: number;
}

/** The restart history after one more restart, and whether it broke the limit. */
export interface RestartRecord {
  /** Times (epoch ms) of the restarts still inside the window, oldest first. */
  readonly history: readonly number[];
  readonly exceeded: boolean;
}

/** Records a restart at `nowMs` against `history` (pure). */
export function recordRestart(history: readonly number[], nowMs: number, limits: RestartLimits): RestartRecord {
  const recent = history.filter((restartMs) => nowMs - restartMs <= limits.withinMs);
  recent.push(nowMs);
  const exceeded = recent.length > limits.maxRestarts;
  return { history: recent.slice(-(Math.max(0, limits.maxRestarts) + 1)), exceeded };
}
