/**
 * Call permissions (seed CF-10): a deny on a user and on an outcall, "deny all" plus "allow
 * some", the password challenge and the user's password override, and the order of the sources.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkCallPermissions, type PermissionRequest } from './call-permissions.ts';
import type { CallPermission, CallPermissionId } from './routing-objects.ts';

function permission(id: number, mode: 'allow' | 'deny', extensions: readonly string[], options: { password?: string; enabled?: boolean } = {}): CallPermission {
  return { id: id as CallPermissionId, name: `permission-${id}`, mode, extensions, password: options.password ?? null, enabled: options.enabled ?? true };
}

function check(dialed: string, sources: Partial<Omit<PermissionRequest, 'dialed'>>): string {
  const decision = checkCallPermissions({ dialed, user: [], groups: [], outcall: [], userPassword: null, ...sources });
  switch (decision.type) {
    case 'allowed':
      return decision.permissionId === null ? 'allowed' : `allowed by ${decision.permissionId}`;
    case 'denied':
      return `denied by ${decision.permissionId} (${decision.source})`;
    case 'password':
      return `password ${decision.password} (${decision.permissionId})`;
  }
}

const DENY_1002 = permission(1, 'deny', ['1002']);
const DENY_ALL = permission(2, 'deny', ['_X.']);
const ALLOW_SOME = permission(3, 'allow', ['1001', '_0800XXXXXX']);

describe('checkCallPermissions', () => {
  it('MUST deny a user the extension a permission on that user covers, and nothing else', () => {
    assert.equal(check('1002', { user: [DENY_1002] }), 'denied by 1 (user)');
    assert.equal(check('1003', { user: [DENY_1002] }), 'allowed');
  });

  it('MUST deny everybody an extension through an outcall that carries the permission', () => {
    const international = permission(4, 'deny', ['_00.']);
    assert.equal(check('0044123', { outcall: [international] }), 'denied by 4 (outcall)');
    assert.equal(check('0144123', { outcall: [international] }), 'allowed');
  });

  it('MUST make "deny all" plus "allow some" work, whatever their order (seed L5913)', () => {
    assert.equal(check('1001', { user: [DENY_ALL, ALLOW_SOME] }), 'allowed by 3');
    assert.equal(check('1001', { user: [ALLOW_SOME, DENY_ALL] }), 'allowed by 3');
    assert.equal(check('0800123456', { user: [DENY_ALL, ALLOW_SOME] }), 'allowed by 3');
    assert.equal(check('1004', { user: [ALLOW_SOME, DENY_ALL] }), 'denied by 2 (user)');
  });

  it('MUST challenge for the password instead of refusing, and use the user\'s call_permission_password instead', () => {
    const guarded = permission(5, 'deny', ['_06XXXXXXXX'], { password: '1234' });
    assert.equal(check('0612345678', { user: [guarded] }), 'password 1234 (5)');
    assert.equal(check('0612345678', { user: [guarded], userPassword: '9999' }), 'password 9999 (5)');
    assert.equal(check('0612345678', { outcall: [guarded], userPassword: '9999' }), 'password 9999 (5)');
  });

  it('MUST refuse outright when a matching deny has no password, even with a user password', () => {
    const guarded = permission(5, 'deny', ['_06XXXXXXXX'], { password: '1234' });
    assert.equal(check('0612345678', { user: [guarded, DENY_ALL], userPassword: '9999' }), 'denied by 2 (user)');
  });

  it('MUST read the sources in order user, groups, outcall: the first one with a match decides', () => {
    assert.equal(check('1001', { user: [ALLOW_SOME], outcall: [DENY_ALL] }), 'allowed by 3');
    assert.equal(check('1001', { groups: [DENY_ALL], outcall: [ALLOW_SOME] }), 'denied by 2 (group)');
    assert.equal(check('1009', { user: [ALLOW_SOME], outcall: [DENY_ALL] }), 'denied by 2 (outcall)');
  });

  it('MUST ignore a disabled permission', () => {
    assert.equal(check('1002', { user: [permission(1, 'deny', ['1002'], { enabled: false })] }), 'allowed');
  });
});
