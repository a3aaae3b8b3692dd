import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../context.ts';
import type { Permission } from './permissions.ts';
import { assertMayGrant, assertMayManage, mayManage } from './role-rules.ts';

function actor(permissions: Permission[], isOwner = false): Actor {
  return { type: 'user', id: 'a', label: 'A', isOwner, permissions: new Set(permissions) };
}

// Holds everything Support holds, plus users.manage; Billing also holds settings.read.
const clerk = actor(['users.read', 'users.manage', 'customers.read', 'customers.manage', 'services.manage', 'network.read', 'billing.read', 'payments.collect']);
const support = { id: 's', isOwner: false, roleBuiltinKey: 'support' as const, roleStoredPermissions: [] };
const billing = { id: 'b', isOwner: false, roleBuiltinKey: 'billing' as const, roleStoredPermissions: [] };
const admin = { id: 'd', isOwner: false, roleBuiltinKey: 'admin' as const, roleStoredPermissions: [] };
const owner = { id: 'o', isOwner: true, roleBuiltinKey: 'owner' as const, roleStoredPermissions: [] };

function code(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    assert.ok(err instanceof AppError);
    return err.code;
  }
}

describe('who may manage whom', () => {
  it('a users.manage clerk manages colleagues whose permissions they hold, and nobody above', () => {
    assert.equal(code(() => assertMayManage(clerk, support)), undefined);
    assert.equal(code(() => assertMayManage(clerk, billing)), 'user_outranks_you', 'billing holds settings.read');
    assert.equal(code(() => assertMayManage(clerk, admin)), 'admin_protected');
    assert.equal(code(() => assertMayManage(clerk, owner)), 'owner_protected');
    assert.equal(mayManage(clerk, billing), false);
  });

  it('a custom role is judged by its stored permissions', () => {
    const auditor = { id: 'x', isOwner: false, roleBuiltinKey: null, roleStoredPermissions: ['users.read', 'audit.read'] };
    assert.equal(code(() => assertMayManage(clerk, auditor)), 'user_outranks_you');
    assert.equal(code(() => assertMayManage(actor(['users.read', 'users.manage', 'audit.read']), auditor)), undefined);
  });

  it('the owner manages everyone but themselves-as-owner; only the owner makes admins', () => {
    const theOwner = actor([], true);
    assert.equal(code(() => assertMayManage(theOwner, admin)), undefined);
    assert.equal(code(() => assertMayManage(theOwner, billing)), undefined);
    assert.equal(code(() => assertMayGrant(theOwner, { builtinKey: 'admin', permissions: [] })), undefined);
    assert.equal(code(() => assertMayGrant(actor(['users.manage', 'roles.manage']), { builtinKey: 'admin', permissions: [] })), 'role_not_assignable');
    assert.equal(code(() => assertMayGrant(theOwner, { builtinKey: 'owner', permissions: [] })), 'role_not_assignable');
  });
});
