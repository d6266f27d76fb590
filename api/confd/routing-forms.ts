/**
 * The JSON forms confd's routing resources share: a destination (Wazo's `{"type": "user",
 * "user_id": 1}` and its other kinds), a schedule period, and the checks that go beyond shape
 * (extension patterns, time zones), each refusal a message of the 400 answer.
 */
import { z } from 'zod';
import { routing } from '../../actors/index.ts';

const Id = z.number().int().min(1).max(2_147_483_647);
const RingTime = z.number().int().min(1).max(3600).nullable().optional();
const Text = (max: number) => z.string().max(max).regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters');

/** A destination as confd writes it; the kinds routing knows (see `RoutingDestination`). */
export const Destination = z.discriminatedUnion('type', [
  z.object({ type: z.literal('user'), user_id: Id, ring_time: RingTime }).strict(),
  z.object({ type: z.literal('group'), group_id: Id, ring_time: RingTime }).strict(),
  z.object({ type: z.literal('queue'), queue_id: Id, ring_time: RingTime, skill_rule_id: Id.nullable().optional(), skill_rule_variables: z.record(z.string(), z.string()).nullable().optional() }).strict(),
  z.object({ type: z.literal('ivr'), ivr_id: Id }).strict(),
  z.object({ type: z.literal('voicemail'), voicemail_id: Id, skip_instructions: z.boolean().optional(), greeting: z.enum(['busy', 'unavailable']).nullable().optional() }).strict(),
  z.object({ type: z.literal('conference'), conference_id: Id }).strict(),
  z.object({ type: z.literal('extension'), exten: z.string().regex(/^[0-9*#+]{1,40}$/, 'must be a number'), context: z.string().regex(/^[A-Za-z0-9_-]{1,79}$/, 'must be a context name') }).strict(),
  z.object({ type: z.literal('custom'), command: Text(255).min(1) }).strict(),
  z.object({ type: z.literal('sound'), filename: Text(255).min(1), skip: z.boolean().optional(), no_answer: z.boolean().optional() }).strict(),
  z.object({ type: z.literal('hangup'), cause: z.enum(['normal', 'busy', 'congestion']), timeout: z.number().min(0).max(3600).nullable().optional() }).strict(),
  z.object({ type: z.literal('none') }).strict(),
]);
export type DestinationForm = z.infer<typeof Destination>;

const Clock = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'must be HH:MM');

/** A schedule period: every criterion optional; hours both given or both absent, start not after end. */
export const Period = z.object({
  hours_start: Clock.nullable().optional(),
  hours_end: Clock.nullable().optional(),
  week_days: z.array(z.number().int().min(1).max(7)).max(7).optional(),
  month_days: z.array(z.number().int().min(1).max(31)).max(31).optional(),
  months: z.array(z.number().int().min(1).max(12)).max(12).optional(),
}).strict().refine((period) => (period.hours_start == null) === (period.hours_end == null), { message: 'hours_start and hours_end go together', path: ['hours_end'] })
  .refine((period) => period.hours_start == null || period.hours_end == null || period.hours_start <= period.hours_end, { message: 'must not be before hours_start', path: ['hours_end'] });

/** An exceptional period: a period and where calls go during it. */
export const ExceptionalPeriod = z.object({
  hours_start: Clock.nullable().optional(),
  hours_end: Clock.nullable().optional(),
  week_days: z.array(z.number().int().min(1).max(7)).max(7).optional(),
  month_days: z.array(z.number().int().min(1).max(31)).max(31).optional(),
  months: z.array(z.number().int().min(1).max(12)).max(12).optional(),
  destination: Destination,
}).strict().refine((period) => (period.hours_start == null) === (period.hours_end == null), { message: 'hours_start and hours_end go together', path: ['hours_end'] })
  .refine((period) => period.hours_start == null || period.hours_end == null || period.hours_start <= period.hours_end, { message: 'must not be before hours_start', path: ['hours_end'] });

/** A time zone the engine knows, checked at write time so that a schedule never fails at call time. */
export const Timezone = z.string().min(1).max(64).refine(routing.isKnownTimezone, 'must be an IANA time zone such as Europe/Paris');

/**
 * Why an extension text cannot be a routing pattern, or undefined when it can: it must compile
 * (`[` closed, wildcards last…) and a wildcard needs the leading `_` (decision on the seed's
 * `418.`: refused rather than silently literal).
 */
export function patternProblem(exten: string): string | undefined {
  if (routing.missingPatternPrefix(exten)) return `'${exten}' looks like a pattern without its leading '_'`;
  const compiled = routing.compilePattern(exten);
  return compiled.type === 'error' ? `'${exten}': ${compiled.reason}` : undefined;
}
