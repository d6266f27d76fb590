/**
 * The `preprocess_subroutine` field of users, incalls and outcalls (seed CF-24): the name of a hook
 * registered in the cluster configuration, or null. A name no hook has is a 400, so a typo is
 * caught when it is written rather than skipped at every call.
 */
import { z } from 'zod';
import type { ConfdDeps } from './confd-deps.ts';

/** The field as written: a hook name, or null (an empty string clears it, as Wazo clients send). */
export const PreprocessSubroutineField = z.union([
  z.literal('').transform(() => null),
  z.string().regex(/^[A-Za-z0-9_.-]{1,79}$/, 'must be 1 to 79 letters, digits, _ . or -'),
]).nullable();

/** Why `name` cannot be stored (no hook of that name is registered); undefined when it can. */
export function preprocessSubroutineProblem(deps: ConfdDeps, name: string | null | undefined): string | undefined {
  if (name == null) return undefined;
  const registered = deps.hookNames ?? new Set<string>();
  if (registered.has(name)) return undefined;
  const known = registered.size === 0 ? 'none is registered' : `registered: ${[...registered].sort().join(', ')}`;
  return `preprocess_subroutine: no hook named ${JSON.stringify(name)} (${known})`;
}
