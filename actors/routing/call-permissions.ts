/**
 * Call permissions (seed CF-10): whether a caller may call a number, from the permissions of the
 * user, of the user's groups and of the outcall the call goes through.
 *
 * @remarks
 * The combination follows the reference platform's rights check (its `apply_rules`), recorded in
 * docs/decisions.md (call permission order):
 *
 * 1. The sources are read in order user, groups, outcall; the first source with a matching enabled
 *    permission decides, the later ones are not read. (So a user's own allow lets the user through
 *    an outcall's deny; a user with no matching permission still meets the outcall's.)
 * 2. Within that source, any matching allow wins: a "deny all" (`_X.`) plus an "allow some" works
 *    whatever their order.
 * 3. Otherwise the call is denied; when every matching deny has a password, the caller is asked
 *    for one instead (the lowest permission id's, so the answer never depends on list order), and
 *    a matching deny without a password refuses outright.
 * 4. The user's `call_permission_password`, when set, replaces the password of every
 *    password-protected permission met by that user's calls (seed L5928); a deny without a password
 *    stays a refusal.
 *
 * A permission covers literal extensions and patterns with the dialplan's syntax; selecting both a
 * user and an outcall on one permission is the union of the two (seed L5947-L5949), which these
 * rules give since each source is checked with its own list.
 */
import { compilePattern, matchPattern } from './extension-pattern.ts';
import type { CallPermission, CallPermissionId } from './routing-objects.ts';

/** Where a permission came from. */
export type PermissionSource = 'user' | 'group' | 'outcall';

/** The outcome of {@link checkCallPermissions}. */
export type PermissionDecision =
  | { readonly type: 'allowed'; readonly permissionId: CallPermissionId | null; readonly source: PermissionSource | null }
  | { readonly type: 'denied'; readonly permissionId: CallPermissionId; readonly source: PermissionSource; readonly status: 403 }
  | { readonly type: 'password'; readonly password: string; readonly permissionId: CallPermissionId; readonly source: PermissionSource };

/** What {@link checkCallPermissions} reads. */
export interface PermissionRequest {
  readonly dialed: string;
  readonly user: readonly CallPermission[];
  readonly groups: readonly CallPermission[];
  readonly outcall: readonly CallPermission[];
  /** The calling user's `call_permission_password`; null or empty for none. */
  readonly userPassword: string | null;
}

/** Whether one of a permission's extensions covers the dialed number (an invalid one covers nothing). */
export function permissionCovers(permission: CallPermission, dialed: string): boolean {
  return permission.extensions.some((extension) => {
    const compiled = compilePattern(extension);
    return compiled.type === 'ok' && matchPattern(compiled.pattern, dialed);
  });
}

function decide(matching: readonly CallPermission[], source: PermissionSource, userPassword: string | null): PermissionDecision {
  const sorted = [...matching].sort((left, right) => left.id - right.id);
  const allow = sorted.find((permission) => permission.mode === 'allow');
  if (allow !== undefined) return { type: 'allowed', permissionId: allow.id, source };
  const hard = sorted.find((permission) => permission.password === null || permission.password === '');
  if (hard !== undefined) return { type: 'denied', permissionId: hard.id, source, status: 403 };
  const first = sorted[0];
  if (first === undefined) return { type: 'allowed', permissionId: null, source: null };
  const password = userPassword !== null && userPassword !== '' ? userPassword : (first.password ?? '');
  return { type: 'password', password, permissionId: first.id, source };
}

/**
 * Decides whether the call may go on, must be refused, or needs a password. Pure; see the module
 * summary for the rules.
 */
export function checkCallPermissions(request: PermissionRequest): PermissionDecision {
  const sources: readonly (readonly [PermissionSource, readonly CallPermission[]])[] = [['user', request.user], ['group', request.groups], ['outcall', request.outcall]];
  for (const [source, permissions] of sources) {
    const matching = permissions.filter((permission) => permission.enabled && permissionCovers(permission, request.dialed));
    if (matching.length > 0) return decide(matching, source, request.userPassword);
  }
  return { type: 'allowed', permissionId: null, source: null };
}
