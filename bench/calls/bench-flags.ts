/**
 * The flags of bench/calls. Defaults keep each part under about three minutes on a 2-core machine;
 * longer or wider ramps are a flag away.
 */
import { parseArgs } from 'node:util';

export type BenchPart = 'signalling' | 'relay' | 'memory';
const PARTS: readonly BenchPart[] = ['signalling', 'relay', 'memory'];

export interface BenchFlags {
  readonly parts: readonly BenchPart[];
  /** Offered call rates of the signalling ramp, per second. */
  readonly rates: readonly number[];
  readonly stepSeconds: number;
  /** Concurrent relayed calls of the relay ramp. */
  readonly relayCalls: readonly number[];
  readonly windowSeconds: number;
  readonly setupRate: number;
  readonly memoryCalls: number;
  /** Run every step of a ramp, not only up to the first failure. */
  readonly fullRamp: boolean;
}

export const USAGE = `npm run bench:calls -- [flags]
  --part signalling|relay|memory   (repeatable; default: all three)
  --rates 100,200,...              signalling: offered calls per second (default 100,200,300,400,500,600,800,1000)
  --step-seconds 5                 signalling: seconds of calls per step
  --relay-calls 250,500,...        relay: concurrent calls (default 250,500,750,1000,1500)
  --window-seconds 10              relay: seconds over which loss is counted
  --setup-rate 100                 relay and memory: calls set up per second
  --memory-calls 500               memory: calls held while measuring
  --full-ramp                      do not stop a ramp at its first failed step`;

export type FlagsResult = { readonly type: 'ok'; readonly flags: BenchFlags } | { readonly type: 'error'; readonly message: string };

function positiveList(name: string, text: string, max: number): number[] | string {
  const values = text.split(',').map((part) => Number(part.trim()));
  if (values.length === 0 || values.some((value) => !Number.isInteger(value) || value < 1 || value > max)) {
    return `--${name} must be a comma-separated list of whole numbers from 1 to ${max}, got "${text}"`;
  }
  return values;
}

function positive(name: string, text: string, max: number): number | string {
  const value = Number(text);
  return Number.isInteger(value) && value >= 1 && value <= max ? value : `--${name} must be a whole number from 1 to ${max}, got "${text}"`;
}

/** Reads the command line; unknown flags and bad values are errors with a message, never a throw. */
export function parseBenchFlags(argv: readonly string[]): FlagsResult {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        part: { type: 'string', multiple: true }, rates: { type: 'string' }, 'step-seconds': { type: 'string' },
        'relay-calls': { type: 'string' }, 'window-seconds': { type: 'string' }, 'setup-rate': { type: 'string' },
        'memory-calls': { type: 'string' }, 'full-ramp': { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    return { type: 'error', message: error instanceof Error ? error.message : String(error) };
  }
  const parts = parsed.part ?? [...PARTS];
  const unknownPart = parts.find((part) => !PARTS.includes(part as BenchPart));
  if (unknownPart !== undefined) return { type: 'error', message: `--part must be one of ${PARTS.join(', ')}, got "${unknownPart}"` };
  const values = {
    rates: positiveList('rates', parsed.rates ?? '100,200,300,400,500,600,800,1000', 20_000),
    stepSeconds: positive('step-seconds', parsed['step-seconds'] ?? '5', 600),
    relayCalls: positiveList('relay-calls', parsed['relay-calls'] ?? '250,500,750,1000,1500', 10_000),
    windowSeconds: positive('window-seconds', parsed['window-seconds'] ?? '10', 600),
    setupRate: positive('setup-rate', parsed['setup-rate'] ?? '100', 5_000),
    memoryCalls: positive('memory-calls', parsed['memory-calls'] ?? '500', 10_000),
  };
  const problem = Object.values(values).find((value): value is string => typeof value === 'string');
  if (problem !== undefined) return { type: 'error', message: problem };
  return {
    type: 'ok',
    flags: {
      parts: parts as BenchPart[],
      rates: values.rates as number[], stepSeconds: values.stepSeconds as number,
      relayCalls: values.relayCalls as number[], windowSeconds: values.windowSeconds as number,
      setupRate: values.setupRate as number, memoryCalls: values.memoryCalls as number,
      fullRamp: parsed['full-ramp'] ?? false,
    },
  };
}
