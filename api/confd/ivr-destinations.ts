/**
 * The destination objects of Wazo confd (where an IVR choice, or its invalid, timeout and abort
 * branches, send a call) and the sound names of prompts, as request schemas.
 *
 * @remarks
 * A destination is `{type, …}` with the fields of its type, named as confd names them
 * (`{"type": "user", "user_id": 12, "ring_time": 20}`). Unknown fields are dropped. A sound name
 * is looked up in the tenant's sound folder (seed CF-30): segments of letters, digits, `_`, `-`
 * and `.` joined by `/`, none starting with a dot, so neither an absolute path nor `..` can leave
 * the folder.
 */
import { z } from 'zod';

/** A prompt's sound name, relative to the tenant's sound folder. */
export const SoundName = z
  .string()
  .max(255)
  .regex(/^[A-Za-z0-9_-][A-Za-z0-9_.-]*(\/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*$/, 'must be a sound name in the tenant’s sound folder (letters, digits, _ - . and /, no leading dot or slash)');

const ObjectId = z.number().int().min(1).max(2147483647);
const RingTime = z.number().min(0).max(86400).nullable().optional();

/** A Wazo destination object. */
export const Destination = z.discriminatedUnion('type', [
  z.object({ type: z.literal('user'), user_id: ObjectId, ring_time: RingTime, moh_uuid: z.string().uuid().nullable().optional() }),
  z.object({ type: z.literal('group'), group_id: ObjectId, ring_time: RingTime }),
  z.object({ type: z.literal('queue'), queue_id: ObjectId, ring_time: RingTime, skill_rule_id: ObjectId.nullable().optional(), skill_rule_variables: z.record(z.string(), z.string()).nullable().optional() }),
  z.object({ type: z.literal('ivr'), ivr_id: ObjectId }),
  z.object({ type: z.literal('voicemail'), voicemail_id: ObjectId, skip_instructions: z.boolean().optional(), greeting: z.enum(['busy', 'unavailable']).nullable().optional() }),
  z.object({ type: z.literal('conference'), conference_id: ObjectId }),
  z.object({ type: z.literal('extension'), exten: z.string().regex(/^[0-9*#+]{1,40}$/, 'must be digits, * or #'), context: z.string().regex(/^[A-Za-z0-9_-]{1,79}$/, 'must be a context name') }),
  z.object({ type: z.literal('custom'), command: z.string().min(1).max(255).regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters') }),
  z.object({ type: z.literal('sound'), filename: SoundName, skip: z.boolean().optional(), no_answer: z.boolean().optional() }),
  z.object({ type: z.literal('hangup'), cause: z.enum(['normal', 'busy', 'congestion']), timeout: z.number().min(0).max(3600).nullable().optional() }),
  z.object({ type: z.literal('none') }),
]);

export type DestinationBody = z.infer<typeof Destination>;
