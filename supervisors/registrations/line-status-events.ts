/**
 * `line_status_updated` on the bus when a line gains or loses a contact, so that views of the
 * registrations follow the registrar live (Wazo calld's event of the same name and routing key,
 * `lines.<id>.status.updated`, with `registered` and what this node knows beyond it).
 *
 * @remarks
 * A refresh of a binding changes no status and publishes nothing. `registered` and `contact_count`
 * are read from the location service when the event is worked out (so a change quickly undone may
 * already show its undoing), and the events of one line are worked out one after the other, so the
 * last event of a line tells its state after its last change.
 */
import { findSipCredentials, type Database } from '../../store/index.ts';
import { sipMessage, type Registrar, type RegistrarEvent } from '../../transport/index.ts';
import type { EventBus } from '../bus/event-bus.ts';
import type { NodeLogger } from '../logging/create-logger.ts';
import { lineBindings } from './line-bindings.ts';

export interface LineStatusEventsOptions {
  readonly database: () => Database | undefined;
  readonly registrar: () => Pick<Registrar, 'lookup'> | undefined;
  readonly registrationDomains: readonly string[];
  readonly bus: Pick<EventBus, 'publish'>;
  readonly nodeUuid: string;
  readonly logger: Pick<NodeLogger, 'warn'>;
}

/** The registrar's event hook: publishes the status of the line the event is about. */
export function lineStatusEvents(options: LineStatusEventsOptions): (event: RegistrarEvent) => void {
  const pending = new Map<string, Promise<void>>();
  return (event) => {
    if (event.type === 'registration.auth_failed' || event.type === 'registration.refreshed') return;
    const username = sipMessage.parseUri(event.aor)?.user;
    if (username === undefined) return;
    const previous = pending.get(username) ?? Promise.resolve();
    const next = previous.then(() => publishStatus(options, username, event)).catch((error: unknown) => {
      options.logger.warn({ err: error, username }, 'line status not published');
    });
    pending.set(username, next);
    void next.then(() => {
      if (pending.get(username) === next) pending.delete(username);
    });
  };
}

async function publishStatus(options: LineStatusEventsOptions, username: string, event: Exclude<RegistrarEvent, { type: 'registration.auth_failed' }>): Promise<void> {
  const database = options.database();
  const registrar = options.registrar();
  if (database === undefined || registrar === undefined) return;
  // A `host: dynamic` trunk's peer registers too: it is no line, and trunk_status_updated tells of it.
  const line = await findSipCredentials(database, username);
  if (line === undefined) return;
  const contacts = (await lineBindings(registrar, options.registrationDomains, username)).length;
  options.bus.publish({
    name: 'line_status_updated',
    origin_uuid: options.nodeUuid,
    required_acl: `events.lines.${String(line.lineId)}.status.updated`,
    tenant_uuid: line.tenantUuid,
    data: { id: line.lineId, technology: 'sip', name: username, registered: contacts > 0, contact_count: contacts, change: event.type, contact: event.contact },
  });
}
