/**
 * The commands a control session answers itself, since they read or change the session:
 * `subscriptions.add`, `subscriptions.remove`, `subscriptions.list` and `session.info`. Pure:
 * the protocol machine calls them with the session and gets the session back with the outcome.
 */
import { z } from 'zod';
import type { CommandOutcome } from './control-commands.ts';
import { CONTROL_ERROR } from './control-frames.ts';
import type { SessionState } from './control-session.ts';
import { MAX_SUBSCRIPTIONS, subscriptionFilterSchema } from './control-subscriptions.ts';

const removeArguments = z.object({ subscription: z.string().min(1).max(64) }).strict();
const noArguments = z.object({}).strict().optional();

type SessionCommand = (session: SessionState, args: unknown) => { session: SessionState; outcome: CommandOutcome };

const invalid = (session: SessionState, error: z.ZodError) => ({
  session,
  outcome: { type: 'error', error: { code: CONTROL_ERROR.invalidArguments, message: error.issues.map((issue) => `${issue.path.map(String).join('.') || 'args'}: ${issue.message}`).join('; ').slice(0, 500) } } as const,
});

const ok = (session: SessionState, result: unknown) => ({ session, outcome: { type: 'ok', result } as const });

const SESSION_COMMANDS: Readonly<Record<string, SessionCommand>> = {
  'subscriptions.add': (session, args) => {
    const parsed = subscriptionFilterSchema.safeParse(args ?? {});
    if (!parsed.success) return invalid(session, parsed.error);
    if (session.subscriptions.length >= MAX_SUBSCRIPTIONS) {
      return { session, outcome: { type: 'error', error: { code: CONTROL_ERROR.tooManySubscriptions, message: `at most ${MAX_SUBSCRIPTIONS} subscriptions per session` } } };
    }
    const id = `s${session.nextSubscription}`;
    const next = { ...session, subscriptions: [...session.subscriptions, { id, filter: parsed.data }], nextSubscription: session.nextSubscription + 1 };
    return ok(next, { subscription: id, last_sequence: session.lastSequence });
  },
  'subscriptions.remove': (session, args) => {
    const parsed = removeArguments.safeParse(args);
    if (!parsed.success) return invalid(session, parsed.error);
    const kept = session.subscriptions.filter((subscription) => subscription.id !== parsed.data.subscription);
    if (kept.length === session.subscriptions.length) {
      return { session, outcome: { type: 'error', error: { code: CONTROL_ERROR.unknownSubscription, message: `no subscription ${parsed.data.subscription}` } } };
    }
    return ok({ ...session, subscriptions: kept }, { subscription: parsed.data.subscription });
  },
  'subscriptions.list': (session, args) => {
    const parsed = noArguments.safeParse(args);
    if (!parsed.success) return invalid(session, parsed.error);
    return ok(session, { items: session.subscriptions.map((subscription) => ({ subscription: subscription.id, ...subscription.filter })) });
  },
  'session.info': (session, args) => {
    const parsed = noArguments.safeParse(args);
    if (!parsed.success) return invalid(session, parsed.error);
    return ok(session, { session: session.id, last_sequence: session.lastSequence, token_expires_at_ms: session.token.expiresAtMs, subscriptions: session.subscriptions.length });
  },
};

/** The session's own answer to `name`, or undefined when the command is not one of the session's. */
export function runSessionCommand(session: SessionState, name: string, args: unknown): { session: SessionState; outcome: CommandOutcome } | undefined {
  const command = Object.hasOwn(SESSION_COMMANDS, name) ? SESSION_COMMANDS[name] : undefined;
  return command?.(session, args);
}

export const SESSION_COMMAND_NAMES: readonly string[] = Object.keys(SESSION_COMMANDS);
