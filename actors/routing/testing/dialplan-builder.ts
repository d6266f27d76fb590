/**
 * Builders of dialplan data for tests: a user, an extension and a context with sensible defaults.
 *
 * @remarks
 * Tests state only what they are about (`user(1, { dnd: true })`); everything else takes a neutral
 * value: enabled, no services, no forwards, in context `default`.
 */
import type { ContextType, DialplanContext, DialplanExtension, DialplanUser, ExtensionDestination, ExtensionId, UserForward, UserId } from '../dialplan.ts';

/** The options of {@link user}. */
export interface UserOptions {
  readonly context?: string;
  readonly enabled?: boolean;
  readonly dnd?: boolean;
  readonly ringSeconds?: number;
  readonly simultaneousCalls?: number;
  readonly busy?: string | UserForward;
  readonly noanswer?: string | UserForward;
  readonly unconditional?: string | UserForward;
}

const OFF: UserForward = { enabled: false, destination: null };

function forward(value: string | UserForward | undefined): UserForward {
  if (value === undefined) return OFF;
  return typeof value === 'string' ? { enabled: true, destination: value } : value;
}

/** The branded user id `value`. */
export function userId(value: number): UserId {
  return value as UserId;
}

/** The branded extension id `value`. */
export function extensionId(value: number): ExtensionId {
  return value as ExtensionId;
}

/** A user with id `id`; a forward given as a string is enabled towards that number. */
export function user(id: number, options: UserOptions = {}): DialplanUser {
  return {
    id: userId(id),
    uuid: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`,
    context: options.context ?? 'default',
    callerIdName: `User ${id}`,
    callerIdNumber: null,
    ringSeconds: options.ringSeconds ?? 30,
    simultaneousCalls: options.simultaneousCalls ?? 5,
    enabled: options.enabled ?? true,
    services: { dnd: options.dnd ?? false, incallfilter: false },
    forwards: { busy: forward(options.busy), noanswer: forward(options.noanswer), unconditional: forward(options.unconditional) },
    lineIds: [],
  };
}

/** An extension `exten` in `context`, leading to the user `target` (a number) or to `destination`. */
export function extension(id: number, exten: string, context: string, target: number | ExtensionDestination): DialplanExtension {
  const destination: ExtensionDestination = typeof target === 'number' ? { type: 'user', userId: userId(target) } : target;
  return { id: extensionId(id), exten, context, destination };
}

/** A context `name` including `includes`, in that order. */
export function context(name: string, includes: readonly string[] = [], type: ContextType = 'internal'): DialplanContext {
  return { name, type, includes };
}
