/**
 * The `options` of a confd queue: Asterisk's queues.conf settings as Wazo keeps them, a list of
 * `[key, value]` pairs of strings (seed CC-02..CC-05).
 *
 * @remarks
 * The settings the engine acts on are checked: `strategy` is one of the ring strategies,
 * `joinempty` and `leavewhenempty` are Asterisk's condition lists, the durations and counts
 * (`timeout`, `retry`, `maxlen`, `wrapuptime`, `weight`, `servicelevel`) whole numbers,
 * `timeoutpriority` `app` or `conf`, `ringinuse` and the other yes/no settings yes or no. Other
 * keys are kept as written (Wazo passes them through); a key appears once.
 */
import { z } from 'zod';
import { queue } from '../../actors/index.ts';

/** The strategy of a queue whose options name none (Asterisk's default). */
export const DEFAULT_QUEUE_STRATEGY: queue.QueueStrategy = 'ringall';

const WHOLE_NUMBER_KEYS = new Set(['timeout', 'retry', 'maxlen', 'wrapuptime', 'weight', 'servicelevel', 'announce-frequency', 'periodic-announce-frequency', 'memberdelay']);
const YES_NO_KEYS = new Set(['ringinuse', 'autofill', 'reportholdtime', 'timeoutrestart', 'setinterfacevar', 'setqueuevar', 'setqueueentryvar', 'announce-holdtime']);
const YES_NO = new Set(['yes', 'no', 'true', 'false', '1', '0', 'on', 'off']);

/** Why one option is refused, or undefined. */
function optionProblem(key: string, value: string): string | undefined {
  if (key === 'strategy') {
    return (queue.QUEUE_STRATEGIES as readonly string[]).includes(value) ? undefined : `strategy must be one of ${queue.QUEUE_STRATEGIES.join(', ')}`;
  }
  if (key === 'joinempty' || key === 'leavewhenempty') {
    const parsed = queue.parseEmptyConditions(value, key);
    return parsed.type === 'error' ? parsed.reason : undefined;
  }
  if (WHOLE_NUMBER_KEYS.has(key)) return /^[0-9]{1,6}$/.test(value) ? undefined : `${key} must be a whole number of at most 6 digits`;
  if (key === 'timeoutpriority') return value === 'app' || value === 'conf' ? undefined : 'timeoutpriority must be app or conf';
  if (YES_NO_KEYS.has(key)) return YES_NO.has(value.toLowerCase()) ? undefined : `${key} must be yes or no`;
  return undefined;
}

const Pair = z.tuple([
  z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, 'must be a queues.conf setting name'),
  z.string().max(255).regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters'),
]);

/** The `options` field: pairs, each key once, the settings the engine acts on checked. */
export const QueueOptions = z.array(Pair).max(100).superRefine((pairs, context) => {
  const seen = new Set<string>();
  pairs.forEach(([key, value], index) => {
    if (seen.has(key)) context.addIssue({ code: 'custom', path: [index], message: `${key} is given twice` });
    seen.add(key);
    const problem = optionProblem(key, value);
    if (problem !== undefined) context.addIssue({ code: 'custom', path: [index], message: problem });
  });
});

/** The strategy the options name, or the default. */
export function strategyOf(options: readonly (readonly [string, string])[]): string {
  return options.find(([key]) => key === 'strategy')?.[1] ?? DEFAULT_QUEUE_STRATEGY;
}
