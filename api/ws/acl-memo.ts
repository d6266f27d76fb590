/**
 * One ACL decision per event for all the sockets whose tokens grant the same ACLs: an event for a
 * thousand subscribers of one policy is matched once, not a thousand times.
 *
 * @remarks
 * Tokens share a decision when their ACL lists are equal and, if a granted ACL says `me`, their
 * user is the same too. A required ACL that says `me` stands for each token's own user (D-035),
 * so it is never shared.
 */
import { createAclCheck, type AclCheck } from '../auth/acl.ts';

export interface AclMemo {
  /** The check of one token, answering from the decisions of the current event when it can. */
  check(acls: readonly string[], userUuid: string | undefined): AclCheck;
  /** Decisions are kept for `required` until the next call (undefined: none kept). */
  begin(required: string | undefined): void;
}

const saysMe = (acl: string) => acl.split('.').includes('me');

export function createAclMemo(): AclMemo {
  let current: string | undefined;
  const decisions = new Map<string, boolean>();
  return {
    begin(required) {
      decisions.clear();
      current = required !== undefined && !saysMe(required) ? required : undefined;
    },
    check(acls, userUuid) {
      const own = createAclCheck(acls, userUuid);
      const key = JSON.stringify([acls.some(saysMe) ? (userUuid ?? null) : null, acls]);
      return {
        allows(required) {
          if (required !== current || current === undefined) return own.allows(required);
          let decision = decisions.get(key);
          if (decision === undefined) {
            decision = own.allows(required);
            decisions.set(key, decision);
          }
          return decision;
        },
      };
    },
  };
}
