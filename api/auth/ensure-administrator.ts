/**
 * The first start of a node creates the administrator `admin` in the root tenant, with the
 * built-in `default-admin` policy. Its password comes from `PARLEY_ADMIN_PASSWORD` when set, else
 * it is generated and returned so the caller shows it once. Later starts change nothing, even when
 * the variable changes: the password is then managed through the API.
 */
import { randomBytes } from 'node:crypto';
import { attachUserPolicy, authUserExists, BUILT_IN_POLICIES, createAuthUser, findBuiltInPolicy, findRootTenant, type Queryable } from '../../store/index.ts';
import { hashPassword } from './password-hash.ts';

export const ADMINISTRATOR_USERNAME = 'admin';

export type AdministratorOutcome =
  | { readonly type: 'existing' }
  | { readonly type: 'created'; readonly uuid: string; readonly generatedPassword: string | undefined };

export async function ensureAdministrator(
  db: Queryable,
  options: { readonly password: string | undefined; readonly hashCost?: { readonly N: number; readonly r: number; readonly p: number } },
): Promise<AdministratorOutcome> {
  if (await authUserExists(db, ADMINISTRATOR_USERNAME)) return { type: 'existing' };
  const generated = options.password === undefined ? randomBytes(18).toString('base64url') : undefined;
  const password = options.password ?? generated ?? '';
  const root = await findRootTenant(db);
  const created = await createAuthUser(db, {
    username: ADMINISTRATOR_USERNAME, tenantUuid: root.uuid, passwordHash: await hashPassword(password, options.hashCost), firstname: 'Administrator', purpose: 'user',
  });
  if (created.type === 'error') {
    // Another node of the cluster created it first.
    if (created.code === 'PBX_ERR_STORE_DUPLICATE') return { type: 'existing' };
    throw new Error(`cannot create the administrator: ${created.message}`);
  }
  const policy = await findBuiltInPolicy(db, BUILT_IN_POLICIES.admin);
  if (policy === undefined) throw new Error('the built-in default-admin policy is missing');
  await attachUserPolicy(db, created.value.uuid, policy.uuid);
  return { type: 'created', uuid: created.value.uuid, generatedPassword: generated };
}
