/**
 * The node's logger: pino, JSON lines on stdout, every line tagged `parley` and the node name.
 *
 * @remarks
 * The kernel and the services take the small `Logger` port (fields first, then the message), which
 * pino's methods already match, so no adapter code sits in the hot path.
 */
import { pino, type Logger as PinoLogger } from 'pino';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** The logger port the services use. */
export interface NodeLogger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
  child(fields: Record<string, unknown>): NodeLogger;
  flush(): void;
}

/** Creates the logger; `destination` defaults to stdout. */
export function createLogger(options: { level: LogLevel; nodeName: string; destination?: NodeJS.WritableStream }): NodeLogger {
  const base = pino(
    { name: 'parley', level: options.level, base: { node: options.nodeName } },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
  return wrap(base);
}

function wrap(logger: PinoLogger): NodeLogger {
  return {
    debug: (fields, message) => logger.debug(fields, message),
    info: (fields, message) => logger.info(fields, message),
    warn: (fields, message) => logger.warn(fields, message),
    error: (fields, message) => logger.error(fields, message),
    child: (fields) => wrap(logger.child(fields)),
    flush: () => logger.flush(),
  };
}
