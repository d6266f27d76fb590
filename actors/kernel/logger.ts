/**
 * The logging port of the kernel: structured fields first, then a message (pino's call shape).
 *
 * @remarks
 * Actor log lines carry the fields `actor` (the kind), `id`, `state` and `msg.type`, so that one
 * query finds everything that happened to one call. The kernel is silent unless given a logger.
 */
import type { ActorAddress } from './address.ts';

/** Structured fields of a log line. */
export type LogFields = Readonly<Record<string, unknown>>;

/** A structured logger; a pino logger satisfies it. */
export interface Logger {
  debug(fields: LogFields, message: string): void;
  info(fields: LogFields, message: string): void;
  warn(fields: LogFields, message: string): void;
  error(fields: LogFields, message: string): void;
}

/** A logger that drops every line. */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** The standard fields of a line about one actor and the message it was handling, plus `extra`. */
export function actorLogFields(address: ActorAddress, state: string | undefined, messageType: string | undefined, extra?: LogFields): LogFields {
  const fields = { actor: address.kind, id: address.id, state, 'msg.type': messageType };
  return extra === undefined ? fields : Object.assign(fields, extra);
}
