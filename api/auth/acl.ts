/**
 * Access control lists as the platform defines them (seed API-03): an ACL is dot-separated words,
 * `<service>.<resource path>.<action>`, e.g. `confd.users.17.lines.read`. A token holds ACLs; a
 * resource requires one, and the request is allowed when one of the token's ACLs matches it.
 *
 * @remarks
 * In a token's ACL, `*` matches exactly one word, `#` one or more words, and the word `me` stands
 * for the token's user uuid. An ACL starting with `!` denies what it matches, whatever the other
 * ACLs grant (as the reference platform's websocketd and auth do). Matching is by words, never by
 * regular expressions built from the ACL, so an ACL cannot smuggle a pattern in, and the cost is
 * linear in the words (with `#`, at most words × words). Pure: the property-test target.
 */

/** The action of an HTTP method in an ACL (seed API-03: GET read, PUT update, POST create, DELETE delete). */
export function aclAction(method: string): 'read' | 'update' | 'create' | 'delete' | undefined {
  switch (method.toUpperCase()) {
    case 'GET':
    case 'HEAD':
      return 'read';
    case 'PUT':
    case 'PATCH':
      return 'update';
    case 'POST':
      return 'create';
    case 'DELETE':
      return 'delete';
    default:
      return undefined;
  }
}

/** The ACL a resource requires by default: `/users/17/lines` of confd, read → `confd.users.17.lines.read`. */
export function requiredAcl(service: string, path: string, method: string): string | undefined {
  const action = aclAction(method);
  if (action === undefined) return undefined;
  const words = path.split('/').filter((word) => word !== '');
  return [service, ...words, action].join('.');
}

/** Whether one granted ACL (already with `me` substituted) matches the required words. */
function matchWords(granted: readonly string[], required: readonly string[]): boolean {
  // reachable[j]: the first i granted words can match the first j required words.
  let reachable = new Array<boolean>(required.length + 1).fill(false);
  reachable[0] = true;
  for (const word of granted) {
    const next = new Array<boolean>(required.length + 1).fill(false);
    if (word === '#') {
      // One or more words: from any reachable j, every k > j is reachable.
      let seen = false;
      for (let k = 1; k <= required.length; k += 1) {
        seen ||= reachable[k - 1] === true;
        next[k] = seen;
      }
    } else {
      for (let k = 1; k <= required.length; k += 1) {
        next[k] = reachable[k - 1] === true && (word === '*' || word === required[k - 1]);
      }
    }
    reachable = next;
  }
  return reachable[required.length] === true;
}

/** A token's ACLs, ready to check required ACLs against. */
export interface AclCheck {
  /** Whether the token may reach a resource requiring `required` (no requirement: allowed). */
  allows(required: string | undefined): boolean;
}

/** Prepares a token's ACLs; `userUuid` replaces the word `me` (a token without a user keeps `me` literal). */
export function createAclCheck(acls: readonly string[], userUuid: string | undefined): AclCheck {
  const prepare = (acl: string) => acl.split('.').map((word) => (word === 'me' && userUuid !== undefined ? userUuid : word));
  const denied = acls.filter((acl) => acl.startsWith('!')).map((acl) => prepare(acl.slice(1)));
  const granted = acls.filter((acl) => !acl.startsWith('!')).map(prepare);
  return {
    allows(required) {
      if (required === undefined) return true;
      // A required `me` (a `/users/me/...` route) is the token's user too.
      const words = required.split('.').map((word) => (word === 'me' && userUuid !== undefined ? userUuid : word));
      if (denied.some((acl) => matchWords(acl, words))) return false;
      return granted.some((acl) => matchWords(acl, words));
    },
  };
}
