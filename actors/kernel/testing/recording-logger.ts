/**
 * A logger for tests that keeps every line, so tests can check what was logged and with which
 * fields.
 */
import type { LogFields, Logger } from '../logger.ts';

/** One recorded line. */
export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly fields: LogFields;
  readonly message: string;
}

/** A {@link Logger} with the lines it received. */
export interface RecordingLogger extends Logger {
  readonly lines: LogLine[];
}

/** Creates an empty recording logger. */
export function createRecordingLogger(): RecordingLogger {
  const lines: LogLine[] = [];
  const record = (level: LogLine['level']) => (fields: LogFields, message: string) => {
    lines.push({ level, fields, message });
  };
  return { lines, debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
}
