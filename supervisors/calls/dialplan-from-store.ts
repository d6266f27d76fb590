/**
 * Turns the store's dialplan snapshot into the routing module's plain data.
 *
 * @remarks
 * The composition root is where the two meet: `actors/` cannot import `store/`. Disabled contexts
 * and extensions are left out (they route nowhere), an incall's DID and an outcall's pattern lead to
 * their object, an extension of another type routes nowhere until its destination kind exists, and
 * a user's context is the context of its main line (Wazo's rule: the line decides where the user's calls start).
 */
import type { call, routing } from '../../actors/index.ts';
import type { Dialplan as StoreDialplan } from '../../store/index.ts';

type RoutingDialplan = routing.Dialplan;

/** The routing dialplan of a store snapshot. */
export function dialplanFromStore(stored: StoreDialplan): RoutingDialplan {
  return {
    contexts: stored.contexts.filter((context) => context.enabled).map((context) => ({ name: context.name, type: context.type, includes: context.includes })),
    extensions: stored.extensions
      .filter((extension) => extension.enabled)
      .map((extension) => ({
        id: extension.id as unknown as routing.ExtensionId,
        exten: extension.exten,
        context: extension.context,
        destination: extensionDestination(extension.destination),
      })),
    users: stored.users.map((user) => {
      const identity = callerIdentity(user.callerId, `${user.firstname} ${user.lastname}`.trim());
      return {
        id: user.id as unknown as routing.UserId,
        uuid: user.uuid,
        context: user.lines[0]?.context ?? 'default',
        callerIdName: identity.name,
        callerIdNumber: identity.number ?? user.lines[0]?.extensions[0]?.exten ?? null,
        ringSeconds: user.ringSeconds,
        simultaneousCalls: user.simultaneousCalls,
        enabled: user.enabled,
        services: { dnd: user.services.dnd.enabled, incallfilter: user.services.incallfilter.enabled },
        forwards: user.forwards,
        lineIds: user.lines.map((line) => line.id as unknown as routing.LineId),
      };
    }),
  };
}

/** Where a stored extension leads: a user, an incall (a DID), an outcall (a pattern), an IVR, a group, a conference room, a queue, else nowhere. */
function extensionDestination(destination: StoreDialplan['extensions'][number]['destination']): routing.ExtensionDestination {
  switch (destination.type) {
    case 'user':
      return { type: 'user', userId: destination.userId as unknown as routing.UserId };
    case 'ivr':
    case 'group':
    case 'conference':
    case 'queue': {
      const id = /^[1-9][0-9]{0,8}$/.test(destination.typeval) ? Number(destination.typeval) : undefined;
      if (id === undefined) return { type: 'none' };
      if (destination.type === 'conference') return { type: 'conference', conferenceId: id };
      if (destination.type === 'queue') return { type: 'queue', queueId: id };
      return destination.type === 'ivr' ? { type: 'ivr', ivrId: id } : { type: 'group', groupId: id };
    }
    case 'incall':
    case 'outcall': {
      const id = /^[1-9][0-9]{0,8}$/.test(destination.typeval) ? Number(destination.typeval) : undefined;
      if (id === undefined) return { type: 'none' };
      return destination.type === 'incall' ? { type: 'incall', incallId: id as routing.IncallId } : { type: 'outcall', outcallId: id as routing.OutcallId };
    }
    default:
      return { type: 'none' };
  }
}

/** Reads Wazo's `"Name" <number>` caller id form; a bare text is a name. */
export function callerIdentity(callerId: string | null, fallbackName: string): { name: string; number: string | undefined } {
  if (callerId === null || callerId.trim() === '') return { name: fallbackName, number: undefined };
  const match = /^\s*"((?:[^"\\]|\\.)*)"\s*(?:<([^>]*)>)?\s*$/.exec(callerId) ?? /^\s*([^<]*?)\s*(?:<([^>]*)>)?\s*$/.exec(callerId);
  const name = (match?.[1] ?? '').replace(/\\(.)/g, '$1');
  const number = match?.[2]?.trim();
  return { name: name === '' ? fallbackName : name, number: number === '' ? undefined : number };
}

/** The music on hold a user's held parties hear, as the media port plays it (seed CF-12). */
export function musicOnHoldOf(user: StoreDialplan['users'][number]): call.MusicOnHold | undefined {
  if (user.musicOnHold === null) return undefined;
  return { mohClass: user.musicOnHold.name, order: user.musicOnHold.playOrder === 'random' ? 'random' : 'sequential' };
}
