/**
 * The registrar's bindings of one line: its username's address of record on every registration
 * domain (phones register with whichever host they were given), one binding per contact.
 */
import type { Binding, Registrar } from '../../transport/index.ts';
import { lineAddressOfRecord } from '../calls/line-contacts.ts';

export async function lineBindings(registrar: Pick<Registrar, 'lookup'>, registrationDomains: readonly string[], username: string): Promise<Binding[]> {
  const byContact = new Map<string, Binding>();
  for (const domain of registrationDomains) {
    const aor = lineAddressOfRecord(username, domain);
    if (aor === undefined) continue;
    for (const binding of await registrar.lookup(aor)) if (!byContact.has(binding.contact)) byContact.set(binding.contact, binding);
  }
  return [...byContact.values()];
}
