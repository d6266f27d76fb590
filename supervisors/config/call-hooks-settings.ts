/**
 * The code settings of `cluster.config.ts` (seed CF-24, CF-06 point 5): the preprocess hooks by
 * name, the global hook of each hook point (`XIVO_PRESUBR_GLOBAL_{USER,DID,OUTCALL,MEETME}`), how long a
 * hook may run, and the reverse lookup of callers without a name.
 *
 * @remarks
 * These are functions, so they come from the file only (no flag or environment variable). They are
 * checked at start like the other settings, since a JavaScript file or a cast escapes the types.
 */
import type { routing } from '../../actors/index.ts';

/** A preprocess hook: reads a copy of the call's variables, answers how the call goes on (async allowed). */
export type CallHook = (call: routing.HookCall) => routing.HookAnswer | undefined | void | Promise<routing.HookAnswer | undefined | void>;

/** Finds the name of a caller by its number (after normalisation) in a tenant; undefined: no name found. */
export type ReverseLookup = (number: string, tenantUuid: string) => string | undefined | Promise<string | undefined>;

export interface CallHooksSettings {
  /** The hooks a `preprocess_subroutine` or a global hook may name. */
  readonly hooks?: Readonly<Record<string, CallHook>>;
  /** The hook run at every call of a hook point, before the object's own. */
  readonly globalHooks?: { readonly user?: string; readonly did?: string; readonly outcall?: string; readonly conference?: string };
  /** How long a hook may run before the call goes on without it (default {@link DEFAULT_HOOK_TIMEOUT_MS}). */
  readonly hookTimeoutMs?: number;
  /**
   * The reverse lookup of incoming callers with no name: `'users'` (the default) names them after
   * the tenant's user whose number they call from, `'none'` turns it off, a function replaces it.
   */
  readonly reverseLookup?: 'users' | 'none' | ReverseLookup;
}

/** The keys of {@link CallHooksSettings}, which `cluster.config.ts` may hold beside the configuration keys. */
export const CALL_HOOKS_KEYS: readonly string[] = ['hooks', 'globalHooks', 'hookTimeoutMs', 'reverseLookup'];

/** The default of {@link CallHooksSettings.hookTimeoutMs}, the reverse lookup's default in the reference platform (1 s, seed CF-31) times two. */
export const DEFAULT_HOOK_TIMEOUT_MS = 2_000;

const HOOK_NAME = /^[A-Za-z0-9_.-]{1,79}$/;

/** The code settings of a file, checked: the settings when sound, else what is wrong with them. */
export function checkCallHooks(settings: object): { readonly settings: CallHooksSettings; readonly problems: readonly string[] } {
  const file = settings as Readonly<Record<string, unknown>>;
  const errors: string[] = [];
  const hooks = file['hooks'] ?? {};
  if (typeof hooks !== 'object' || hooks === null || Array.isArray(hooks)) errors.push('hooks must be an object of functions by name');
  else {
    for (const [name, hook] of Object.entries(hooks)) {
      if (!HOOK_NAME.test(name)) errors.push(`hooks: ${JSON.stringify(name)} must be 1 to 79 letters, digits, _ . or -`);
      if (typeof hook !== 'function') errors.push(`hooks.${name} must be a function`);
    }
  }
  const names = new Set(typeof hooks === 'object' && hooks !== null ? Object.keys(hooks) : []);
  const globals = file['globalHooks'] ?? {};
  if (typeof globals !== 'object' || globals === null) errors.push('globalHooks must be an object');
  else {
    for (const [point, name] of Object.entries(globals)) {
      if (!['user', 'did', 'outcall', 'conference'].includes(point)) errors.push(`globalHooks: unknown hook point ${JSON.stringify(point)} (user, did, outcall, conference)`);
      else if (typeof name !== 'string' || !names.has(name)) errors.push(`globalHooks.${point}: no hook named ${JSON.stringify(name)}`);
    }
  }
  const timeout = file['hookTimeoutMs'];
  if (timeout !== undefined && (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 10 || timeout > 30_000)) errors.push('hookTimeoutMs must be an integer from 10 to 30000');
  const lookup = file['reverseLookup'];
  if (lookup !== undefined && lookup !== 'users' && lookup !== 'none' && typeof lookup !== 'function') errors.push("reverseLookup must be 'users', 'none' or a function");
  return {
    settings: errors.length === 0 ? (settings as CallHooksSettings) : {},
    problems: errors,
  };
}
