/**
 * `registrations.list` on the control WebSocket: each SIP line of the tenants the token sees with
 * the contacts the registrar holds for it, the equivalent of Asterisk's `sip show peers` (seed
 * "Interesting Asterisk commands"). It reads what `GET /lines` reads, so it requires that route's
 * ACL, `confd.lines.read`.
 *
 * @remarks
 * Lines are not qualified (no OPTIONS probe), so a line's status is `registered` while it holds a
 * contact and `unregistered` otherwise; `sip show peers` says `UNKNOWN` in the same case. A
 * trunk's reachability, which is probed, comes from `trunks.list`.
 */
import { z } from 'zod';
import { controlCommand, type CommandOutcome, type CommandRegistry } from '../ws/control-commands.ts';
import type { LineContact, LineRegistration, LineRegistrationsPort } from './line-registrations-port.ts';

/** `sip show peers` for a line that is not qualified. */
export type LineStatus = 'registered' | 'unregistered';

/** A contact as the command answers it: the time left rather than a deadline. */
export function contactView(contact: LineContact, nowMs: number): Record<string, unknown> {
  return {
    contact: contact.contact,
    transport: contact.source.transport,
    source_address: contact.source.address,
    source_port: contact.source.port,
    user_agent: contact.userAgent,
    expires_in_s: Math.max(0, Math.round((contact.expiresAtMs - nowMs) / 1000)),
    path: contact.path,
    instance_id: contact.instanceId,
    reg_id: contact.regId,
  };
}

export function lineRegistrationView(line: LineRegistration, nowMs: number): Record<string, unknown> {
  const status: LineStatus = line.contacts.length > 0 ? 'registered' : 'unregistered';
  return {
    id: line.id,
    tenant_uuid: line.tenantUuid,
    name: line.name,
    context: line.context,
    users: line.users,
    extensions: line.extensions,
    status,
    contacts: line.contacts.map((contact) => contactView(contact, nowMs)),
  };
}

export function registrationsCommands(port: LineRegistrationsPort): CommandRegistry {
  return {
    'registrations.list': controlCommand({
      acl: 'confd.lines.read',
      args: z.object({ search: z.string().max(128).optional() }).strict().optional(),
      summary: "The SIP lines of the tenants the token sees, each with its registered contacts and status (as `sip show peers`).",
      run: async (args, caller): Promise<CommandOutcome> => {
        const answer = await port.lines({ tenantUuids: caller.visibleTenantUuids, ...(args?.search === undefined ? {} : { search: args.search }) });
        if (answer.type === 'unavailable') return { type: 'error', error: { code: 'unavailable', message: answer.message } };
        const visible = new Set(caller.visibleTenantUuids);
        const items = answer.items.filter((line) => visible.has(line.tenantUuid));
        const nowMs = port.now();
        // `total` counts every matching line, beyond the ones an answer carries (at most 1000).
        const total = answer.total - (answer.items.length - items.length);
        return { type: 'ok', result: { total, items: items.map((line) => lineRegistrationView(line, nowMs)) } };
      },
    }),
  };
}
