/**
 * The node's side of the console's registrations: the SIP lines of the store with the bindings
 * the registrar holds for each (memory or Redis, so in a cluster every node sees the same).
 */
import type { LineContact, LineRegistration, LineRegistrationsPort } from '../../api/index.ts';
import { listLinePage, type Database, type LineDetailRow } from '../../store/index.ts';
import type { Binding, Registrar } from '../../transport/index.ts';
import { lineBindings } from './line-bindings.ts';

/** The most lines one answer carries (the console lists them on one page). */
export const MAX_LISTED_LINES = 1000;

export interface LineRegistrationsOptions {
  /** The store of the moment; undefined while it is down. */
  readonly database: () => Database | undefined;
  /** The registrar of the moment; undefined while SIP is down. */
  readonly registrar: () => Pick<Registrar, 'lookup'> | undefined;
  readonly registrationDomains: readonly string[];
  readonly now: () => number;
}

export function createLineRegistrations(options: LineRegistrationsOptions): LineRegistrationsPort {
  return {
    now: options.now,
    async lines(query) {
      const database = options.database();
      const registrar = options.registrar();
      if (database === undefined || registrar === undefined) return { type: 'unavailable', message: 'the store or the SIP service is not running' };
      const page = await listLinePage(database, query.tenantUuids, { order: 'name', limit: MAX_LISTED_LINES, ...(query.search === undefined ? {} : { search: query.search }) });
      const items = await Promise.all(page.items.map(async (line) => {
        const username = line.endpointSip?.username;
        const bindings = username === undefined ? [] : await lineBindings(registrar, options.registrationDomains, username);
        return lineRegistration(line, bindings);
      }));
      return { type: 'ok', total: page.filtered, items };
    },
  };
}

function lineRegistration(line: LineDetailRow, bindings: readonly Binding[]): LineRegistration {
  return {
    id: line.id,
    tenantUuid: line.tenantUuid,
    name: line.endpointSip?.username ?? null,
    context: line.context,
    users: line.users.map((user) => `${user.firstname} ${user.lastname}`.trim()),
    extensions: line.extensions.map((extension) => `${extension.exten}@${extension.context}`),
    contacts: bindings.map(lineContact),
  };
}

function lineContact(binding: Binding): LineContact {
  return {
    contact: binding.contact,
    source: { transport: binding.received.transport, address: binding.received.address, port: binding.received.port },
    userAgent: binding.userAgent ?? null,
    expiresAtMs: binding.expiresAtMs,
    path: binding.path,
    instanceId: binding.instanceId ?? null,
    regId: binding.regId ?? null,
  };
}
