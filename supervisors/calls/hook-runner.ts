/**
 * Runs the preprocess hooks of a hook point (seed CF-24): the global hook of the point, then the
 * object's own, each on a copy of the call's variables, each bounded in time.
 *
 * @remarks
 * A hook is code of the installation, not of the engine: one that throws, answers something
 * unusable or outlives its time is logged and the call goes on as if it had answered `continue`
 * (docs/decisions.md). A call is never dropped because a hook failed. A name no hook has (the hook
 * was removed from the configuration after an object named it) is logged and skipped.
 */
import { routing, type Logger } from '../../actors/index.ts';
import { loadPreprocessSubroutines, readConfigurationVersion, type PreprocessSubroutines, type Queryable } from '../../store/index.ts';
import { DEFAULT_HOOK_TIMEOUT_MS, type CallHooksSettings, type ReverseLookup } from '../config/index.ts';

/** Where the hooks of a hook point lead the call. */
export type HookOutcome =
  | { readonly type: 'continue'; readonly variables: routing.HookVariables }
  | { readonly type: 'goto'; readonly exten: string; readonly context: string | null }
  | { readonly type: 'hangup'; readonly cause: 'normal' | 'busy' | 'congestion' };

export interface HookRunner {
  /** Runs the global hook of `point`, then `own`; `continue` with the variables as the hooks left them. */
  run(point: routing.HookPoint, own: string | null | undefined, variables: routing.HookVariables, log: Record<string, unknown>): Promise<HookOutcome>;
  /** The hook names set on users, incalls, outcalls and conference rooms, from the current configuration (empty maps when none). */
  subroutines(): Promise<PreprocessSubroutines>;
  /** Whether any hook is registered at all (else nothing is read or run). */
  readonly enabled: boolean;
}

const NONE: PreprocessSubroutines = { users: new Map(), incalls: new Map(), outcalls: new Map(), conferences: new Map() };

export function createHookRunner(options: { readonly settings: CallHooksSettings; readonly database: Queryable; readonly logger: Pick<Logger, 'warn'> }): HookRunner {
  const hooks = options.settings.hooks ?? {};
  const enabled = Object.keys(hooks).length > 0;
  const timeoutMs = options.settings.hookTimeoutMs ?? DEFAULT_HOOK_TIMEOUT_MS;
  let cached: { readonly version: bigint; readonly subroutines: PreprocessSubroutines } | undefined;

  const runOne = async (point: routing.HookPoint, name: string, variables: routing.HookVariables, log: Record<string, unknown>): Promise<routing.HookDecision> => {
    const hook = hooks[name];
    if (hook === undefined) {
      options.logger.warn({ ...log, hook: name, point }, 'preprocess hook not registered: skipped');
      return { type: 'continue', changes: {}, problems: [] };
    }
    const answered = await withTimeout(async () => hook({ point, hook: name, variables: { ...variables } }), timeoutMs);
    if (answered.type !== 'answered') {
      options.logger.warn({ ...log, hook: name, point, failure: answered.reason }, 'preprocess hook failed: the call goes on');
      return { type: 'continue', changes: {}, problems: [] };
    }
    const decision = routing.readHookAnswer(answered.value);
    if (decision.type === 'continue' && decision.problems.length > 0) options.logger.warn({ ...log, hook: name, point, problems: decision.problems }, 'preprocess hook answer partly ignored');
    return decision;
  };

  return {
    enabled,
    async run(point, own, variables, log) {
      let current = variables;
      for (const name of routing.hooksToRun(options.settings.globalHooks?.[point], own)) {
        const decision = await runOne(point, name, current, log);
        if (decision.type !== 'continue') return decision;
        current = { ...current, ...decision.changes };
      }
      return { type: 'continue', variables: current };
    },
    async subroutines() {
      if (!enabled) return NONE;
      try {
        const version = await readConfigurationVersion(options.database);
        if (cached?.version !== version) cached = { version, subroutines: await loadPreprocessSubroutines(options.database) };
      } catch (error) {
        options.logger.warn({ error: String(error) }, 'preprocess subroutines not read: the last ones stay in use');
      }
      return cached?.subroutines ?? NONE;
    },
  };
}

/** The route port's reverse lookup from the settings: the users' (built in) by default, none when turned off. */
export function reverseLookupOf(settings: CallHooksSettings | undefined): { readonly reverseLookup?: ReverseLookup } {
  const chosen = settings?.reverseLookup;
  if (chosen === undefined || chosen === 'users') return {};
  return { reverseLookup: chosen === 'none' ? () => undefined : chosen };
}

type Timed<Value> = { readonly type: 'answered'; readonly value: Value } | { readonly type: 'failed'; readonly reason: string };

/** The value of `work`, or why there is none (it threw, or it did not answer within `timeoutMs`). */
async function withTimeout<Value>(work: () => Promise<Value>, timeoutMs: number): Promise<Timed<Value>> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Timed<Value>>((resolve) => {
    timer = setTimeout(() => resolve({ type: 'failed', reason: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  const answered = work().then(
    (value): Timed<Value> => ({ type: 'answered', value }),
    (error: unknown): Timed<Value> => ({ type: 'failed', reason: error instanceof Error ? error.message : String(error) }),
  );
  try {
    return await Promise.race([answered, late]);
  } finally {
    clearTimeout(timer);
  }
}
