/** A node's HA role as an in-memory value source, set by hand (tests of what follows the role). */
import type { HaRole, HaRoleSource } from '../../supervisors/index.ts';

/** A role source whose role a test sets. */
export interface HandRoles extends HaRoleSource { set(role: HaRole): void }
/** Starts with `initial`; `set` changes the role and tells the listeners in order. */
export function handRoles(initial: HaRole): HandRoles {
  let current = initial;
  const listeners = new Set<(role: HaRole) => void>();
  return {
    role: () => current,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(role) {
      current = role;
      for (const listener of [...listeners]) listener(role);
    },
  };
}

