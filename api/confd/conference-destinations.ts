/**
 * The `conference` destinations of a confd body (an incall's destination, an IVR's choices and
 * branches, a schedule's closed and exceptional destinations, a group's fallback) must name a
 * conference room of the object's tenant: each one that does not is a message of the 400 answer.
 */
import { existingConferenceIds } from '../../store/index.ts';
import type { ConfdDeps } from './confd-deps.ts';

/** A destination of the body, by the field it sits in (`choices.0.destination`); absent or null ones are skipped. */
export type NamedDestination = readonly [field: string, destination: { readonly type: string; readonly conference_id?: number } | null | undefined];

/** The messages of the `conference` destinations that name no room of `tenantUuid`. */
export async function unknownConferenceTargets(deps: ConfdDeps, tenantUuid: string, named: readonly NamedDestination[]): Promise<string[]> {
  const wanted = named.flatMap(([field, destination]) => (destination?.type === 'conference' && destination.conference_id !== undefined ? [[field, destination.conference_id] as const] : []));
  if (wanted.length === 0) return [];
  const existing = await existingConferenceIds(deps.db, tenantUuid, wanted.map(([, id]) => id));
  return wanted.filter(([, id]) => !existing.has(id)).map(([field, id]) => `${field}.conference_id: no conference ${id} in this tenant`);
}
