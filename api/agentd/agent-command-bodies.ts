/**
 * The bodies of agentd's agent commands (Wazo agentd 1.0): `login` takes the extension and context
 * of the phone to log in at, `pause` an optional reason of at most 80 characters (agentd's
 * `PauseSchema`). Fields agentd does not know are ignored, as its schemas exclude them.
 *
 * @remarks
 * The extension is a literal number as a user's line has one (the store's `extension_exten_check`
 * without patterns), the context a context name (`context_name_check`): anything else cannot name
 * a phone, and is a 400 before the engine is asked.
 */
import { z } from 'zod';

/** `POST /agents/by-…/login`. */
export const AgentLoginBody = z.object({
  extension: z.string().regex(/^\+?[0-9*#]{1,40}$/, 'not an extension number (digits, * and #, at most 40)'),
  context: z.string().regex(/^[A-Za-z0-9_-]{1,79}$/, 'not a context name (letters, digits, _ and -, at most 79)'),
});

/** `POST /agents/by-…/pause`: no body, or `{ reason }`. */
export const AgentPauseBody = z
  .object({ reason: z.string().max(80).refine((reason) => !/[\u0000-\u001f\u007f]/.test(reason), 'must not hold control characters').optional() })
  .optional();
