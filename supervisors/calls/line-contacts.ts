/**
 * The contacts to ring for a user's lines: the registrar's bindings of each line's address of
 * record on each registration domain.
 */
import type { call, Logger } from '../../actors/index.ts';
import { addressOfRecord, sipMessage, type Registrar } from '../../transport/index.ts';

/** What the lookup needs of the routing port's options. */
export interface LineContactsOptions {
  readonly registrar: Pick<Registrar, 'lookup'>;
  /** The hosts phones register with (the domain part of their AORs). */
  readonly registrationDomains: readonly string[];
  readonly logger: Pick<Logger, 'warn'>;
}

/**
 * Every registered contact of the user's lines, one target per binding (deduplicated by contact).
 *
 * @remarks Requests go to where the REGISTER came from (`received`), not to the Contact's host,
 * which names a private address behind NAT; the Request-URI stays the Contact URI
 * (https://www.rfc-editor.org/rfc/rfc3261#section-10.3, RFC 5626 §5.2 uses the flow the same way).
 */
export async function contactsOf(options: LineContactsOptions, usernames: readonly string[]): Promise<call.DialTarget[]> {
  const targets = new Map<string, call.DialTarget>();
  for (const username of usernames) {
    for (const domain of options.registrationDomains) {
      const aor = lineAddressOfRecord(username, domain);
      if (aor === undefined) {
        options.logger.warn({ username, domain }, 'line username makes no SIP address of record');
        continue;
      }
      for (const binding of await options.registrar.lookup(aor)) {
        if (targets.has(binding.contact)) continue;
        const { transport, address, port, connectionId } = binding.received;
        const destination = { transport, address, port, ...(connectionId === undefined ? {} : { connectionId }) };
        targets.set(binding.contact, { requestUri: binding.contact, destination, toUri: aor });
      }
    }
  }
  return [...targets.values()];
}

/**
 * The canonical AOR of a line on a registration domain, or `undefined` for a domain that is no host.
 *
 * @remarks The username is set as the unescaped user part and escaped by the URI writer, so a
 * username holding `;`, `@` or `?` names its own AOR and never another user's.
 */
export function lineAddressOfRecord(username: string, domain: string): string | undefined {
  const host = sipMessage.parseUri(`sip:${domain}`);
  if (host === undefined || host.user !== undefined || username === '') return undefined;
  return addressOfRecord({ scheme: 'sip', user: username, host: host.host, params: {}, headers: {} });
}
