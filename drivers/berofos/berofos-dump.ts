/**
 * The device's `config.txt`: its settings as `key=value` lines after a magic first line (the layout
 * the bnfos tool reads with `bnfos --show`).
 */
import { BEROFOS_PARAMETER_NAMES, DUMP_MAGIC, PARAMETER_WIRE, type BerofosParameters } from './berofos-relays.ts';

/** The settings read from a dump, or what is wrong with it. */
export type DumpReadResult = { readonly type: 'ok'; readonly parameters: BerofosParameters } | { readonly type: 'bad'; readonly reason: string };

/** Writes a dump of `parameters` (the simulated device answers with this). */
export function formatDump(parameters: BerofosParameters): string {
  return [DUMP_MAGIC, ...BEROFOS_PARAMETER_NAMES.map((name) => `${PARAMETER_WIRE[name].dumpKey}=${parameters[name]}`)].join('\n') + '\n';
}

/**
 * Reads the settings parley uses from a dump; other keys are ignored.
 *
 * @remarks
 * A flag is `1` or `checked` when set, `0` or empty when not (the firmware writes either form).
 */
export function readDump(text: string): DumpReadResult {
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  if (lines[0]?.trim() !== DUMP_MAGIC) return { type: 'bad', reason: `config.txt does not start with ${DUMP_MAGIC}` };
  const values = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const equals = line.indexOf('=');
    if (equals > 0) values.set(line.slice(0, equals).trim(), line.slice(equals + 1).trim());
  }
  const parameters: Partial<Record<keyof BerofosParameters, 0 | 1>> = {};
  for (const name of BEROFOS_PARAMETER_NAMES) {
    const { dumpKey } = PARAMETER_WIRE[name];
    const flag = readFlag(values.get(dumpKey));
    if (flag === undefined) return { type: 'bad', reason: `config.txt has no valid ${dumpKey} (${name})` };
    parameters[name] = flag;
  }
  return { type: 'ok', parameters: parameters as BerofosParameters };
}

function readFlag(value: string | undefined): 0 | 1 | undefined {
  if (value === '1' || value === 'checked') return 1;
  if (value === '0' || value === '') return 0;
  return undefined;
}
