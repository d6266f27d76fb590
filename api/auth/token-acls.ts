/**
 * The ACLs of a new token: its user's policies (the built-in `default-user` policy when it has
 * none), each ACL template rendered with the `wazo_user` backend's variables (seed API-03):
 * `uuid`, `username`, `tenant_uuid`, `lines`, `extensions`. A template that no longer parses is
 * skipped, never a failed login.
 */
import { BUILT_IN_POLICIES, findAuthTemplateVariables, findBuiltInPolicy, listUserPolicies, type AuthUserRow, type Queryable } from '../../store/index.ts';
import { parseAclTemplate, renderAcls } from './acl-template.ts';

export async function tokenAcls(db: Queryable, user: AuthUserRow): Promise<{ readonly acl: string[]; readonly pbxUserUuid: string | undefined }> {
  let policies = await listUserPolicies(db, user.uuid);
  if (policies.length === 0) {
    const fallback = await findBuiltInPolicy(db, BUILT_IN_POLICIES.user);
    policies = fallback === undefined ? [] : [fallback];
  }
  const variables = await findAuthTemplateVariables(db, user.uuid);
  const templates = policies.flatMap((policy) => policy.acl.map((source) => parseAclTemplate(source)));
  const acl = renderAcls(templates, {
    uuid: user.uuid,
    username: user.username,
    tenant_uuid: user.tenantUuid,
    lines: variables.lines,
    extensions: variables.extensions,
  });
  return { acl: [...new Set(acl)], pbxUserUuid: variables.pbxUser ? user.uuid : undefined };
}
