/**
 * Reads, intersects and writes the `events` list of `telephone-event` (RFC 4733).
 *
 * @remarks `a=fmtp:<pt> 0-15` or `0-16` or `0-15,66,70`: a comma-separated list of event codes and
 * inclusive ranges, each code 0-255. Without the parameter, the DTMF events 0-15 are assumed.
 * https://www.rfc-editor.org/rfc/rfc4733#section-7.1.1
 */
import type { EventRange } from './session-description.ts';

/** The DTMF events 0-15, the default when no `events` parameter is given. */
export const DTMF_EVENTS: readonly EventRange[] = Object.freeze([{ first: 0, last: 15 }]);

/** The events parley relays: the sixteen DTMF digits and flash (16). */
export const SUPPORTED_EVENTS: readonly EventRange[] = Object.freeze([{ first: 0, last: 16 }]);

const MAX_EVENT_CODE = 255;
const MAX_LIST_ITEMS = 64;
const ITEM = /^(\d{1,3})(?:-(\d{1,3}))?$/;

/**
 * Reads an `events` list (the fmtp value, or its `events=` parameter); undefined when malformed.
 *
 * @remarks Some stacks write `events=0-15` rather than the bare list; both are accepted.
 */
export function parseEventList(fmtp: string): readonly EventRange[] | undefined {
  const trimmed = fmtp.trim().replace(/^events=/i, '');
  const items = trimmed.split(',');
  if (items.length > MAX_LIST_ITEMS) return undefined;
  const ranges: EventRange[] = [];
  for (const item of items) {
    const match = ITEM.exec(item.trim());
    if (match === null) return undefined;
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    if (first > last || last > MAX_EVENT_CODE) return undefined;
    ranges.push({ first, last });
  }
  return normalise(ranges);
}

/** The events both lists contain, as sorted disjoint ranges. */
export function intersectEvents(left: readonly EventRange[], right: readonly EventRange[]): readonly EventRange[] {
  const common: EventRange[] = [];
  for (const a of left) {
    for (const b of right) {
      const first = Math.max(a.first, b.first);
      const last = Math.min(a.last, b.last);
      if (first <= last) common.push({ first, last });
    }
  }
  return normalise(common);
}

/** Writes ranges as an fmtp value (`0-16`, `0-15,66`). */
export function formatEventList(ranges: readonly EventRange[]): string {
  return ranges.map((range) => (range.first === range.last ? `${range.first}` : `${range.first}-${range.last}`)).join(',');
}

function normalise(ranges: readonly EventRange[]): readonly EventRange[] {
  const sorted = [...ranges].sort((a, b) => a.first - b.first);
  const merged: EventRange[] = [];
  for (const range of sorted) {
    const previous = merged.at(-1);
    if (previous !== undefined && range.first <= previous.last + 1) {
      merged[merged.length - 1] = { first: previous.first, last: Math.max(previous.last, range.last) };
    } else {
      merged.push(range);
    }
  }
  return merged;
}
