/**
 * The phones of the contact center's members (seed CC-01: an agent has no line of its own and
 * logs in at the phone of a user's line): each user's ring identity, the SIP usernames of its
 * lines, and which user's line answers to an `extension@context` of a tenant.
 *
 * @remarks
 * Built from one read of the dialplan; the contact center reads it again on every configuration
 * change. Pure once read.
 */
import type { call } from '../../actors/index.ts';
import type { Dialplan } from '../../store/index.ts';
import { callerIdentity, musicOnHoldOf } from '../calls/dialplan-from-store.ts';

/** A user as a queue rings it. */
export interface PhoneUser {
  readonly user: call.HuntMember['user'];
  readonly tenantUuid: string;
  /** The SIP usernames of all its lines, main line first. */
  readonly usernames: readonly string[];
}

/** The line found at an `extension@context`: its user and the usernames answering there. */
export interface PhoneAtExtension {
  readonly userId: number;
  readonly usernames: readonly string[];
}

export interface PhoneBook {
  user(userId: number): PhoneUser | undefined;
  /** The user line(s) whose extension is `extension@context` in the tenant. */
  at(tenantUuid: string, extension: string, context: string): PhoneAtExtension | undefined;
}

const extensionKey = (tenantUuid: string, extension: string, context: string): string => `${tenantUuid}\u0000${extension}@${context}`;

/** The phone book of a dialplan. */
export function phoneBookOf(dialplan: Pick<Dialplan, 'users'>): PhoneBook {
  const users = new Map<number, PhoneUser>();
  const extensions = new Map<string, { userId: number; usernames: string[] }>();
  for (const stored of dialplan.users) {
    const userId = Number(stored.id);
    const identity = callerIdentity(stored.callerId, `${stored.firstname} ${stored.lastname}`.trim());
    const firstLine = stored.lines[0];
    const musicOnHold = musicOnHoldOf(stored);
    const usernames = stored.lines.flatMap((line) => (line.username === null ? [] : [line.username]));
    users.set(userId, {
      tenantUuid: String(stored.tenantUuid),
      usernames,
      user: {
        userId, userUuid: String(stored.uuid), name: identity.name, number: identity.number ?? firstLine?.extensions[0]?.exten ?? '', context: firstLine?.context ?? 'default',
        ...(musicOnHold === undefined ? {} : { musicOnHold }),
      },
    });
    for (const line of stored.lines) {
      for (const extension of line.extensions) {
        const key = extensionKey(String(stored.tenantUuid), extension.exten, extension.context);
        const found = extensions.get(key) ?? { userId, usernames: [] };
        if (found.userId !== userId) continue;
        if (line.username !== null && !found.usernames.includes(line.username)) found.usernames.push(line.username);
        extensions.set(key, found);
      }
    }
  }
  return {
    user: (userId) => users.get(userId),
    at: (tenantUuid, extension, context) => extensions.get(extensionKey(tenantUuid, extension, context)),
  };
}
