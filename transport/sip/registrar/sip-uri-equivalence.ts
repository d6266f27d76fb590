import type { SipUri } from '../message/index.ts';
import { parseUri } from '../message/index.ts';

/** URI parameters that make two URIs differ when only one of them carries it (RFC 3261 §19.1.4). */
const PARAMETERS_THAT_MUST_MATCH: readonly string[] = ['user', 'ttl', 'method', 'maddr', 'transport'];

/**
 * Whether two SIP or SIPS URIs are equivalent under the comparison rules of RFC 3261 §19.1.4.
 *
 * @remarks
 * - SIP and SIPS URIs are never equivalent; user info compares case-sensitively; the host
 *   case-insensitively (parsing lower-cases it); an absent port differs from an explicit 5060.
 * - "A URI omitting any component with a default value will not match a URI explicitly
 *   containing that component with its default value."
 * - user, ttl, method, maddr and transport must agree when either URI carries them; any other
 *   parameter must agree only when both carry it; values compare case-insensitively.
 * - URI headers are never ignored: both URIs must carry the same ones with the same values.
 * Escaped and unescaped spellings compare equal because parsing unescapes every component.
 * https://www.rfc-editor.org/rfc/rfc3261#section-19.1.4
 */
export function sipUrisEquivalent(left: SipUri, right: SipUri): boolean {
  if (left.scheme !== right.scheme || left.scheme === 'tel') return false;
  if (left.user !== right.user || left.password !== right.password) return false;
  if (left.host !== right.host || left.port !== right.port) return false;
  return parametersAgree(left.params, right.params) && headersAgree(left.headers, right.headers);
}

/**
 * Whether two URI texts name the same contact: equivalent per {@link sipUrisEquivalent} when both
 * parse, identical text otherwise.
 */
export function sameContactUri(left: string, right: string): boolean {
  if (left === right) return true;
  const leftUri = parseUri(left);
  const rightUri = parseUri(right);
  return leftUri !== undefined && rightUri !== undefined && sipUrisEquivalent(leftUri, rightUri);
}

function parametersAgree(
  left: Readonly<Record<string, string | null>>,
  right: Readonly<Record<string, string | null>>,
): boolean {
  for (const name of new Set([...Object.keys(left), ...Object.keys(right)])) {
    const inLeft = Object.hasOwn(left, name);
    const inRight = Object.hasOwn(right, name);
    if (inLeft && inRight) {
      if (!sameParameterValue(left[name] ?? null, right[name] ?? null)) return false;
    } else if (PARAMETERS_THAT_MUST_MATCH.includes(name)) {
      return false;
    }
  }
  return true;
}

function sameParameterValue(left: string | null, right: string | null): boolean {
  if (left === null || right === null) return left === right;
  return left.toLowerCase() === right.toLowerCase();
}

function headersAgree(left: Readonly<Record<string, string>>, right: Readonly<Record<string, string>>): boolean {
  const leftNames = Object.keys(left);
  if (leftNames.length !== Object.keys(right).length) return false;
  return leftNames.every((name) => {
    const match = Object.keys(right).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
    return match !== undefined && right[match] === left[name];
  });
}
