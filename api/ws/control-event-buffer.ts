/**
 * The events a control session keeps so that a client can resume: the last ones delivered to it,
 * bounded by count and by bytes, oldest dropped first.
 *
 * @remarks
 * A value, as the protocol machine needs: appending returns a new buffer and leaves the old one
 * as it was. The entries live in one shared array that a buffer only ever pushes past its own
 * end (a view `[start, end)` of it), so an append is O(1) amortised; if an older buffer is
 * appended to again (a branch), it copies its view first. Dropped entries are reclaimed by a
 * compaction once they are half the array.
 */
import type { ServerFrame } from './control-frames.ts';

export type EventFrame = Extract<ServerFrame, { type: 'event' }>;

export interface BufferedEvent {
  readonly frame: EventFrame;
  /** The size the bound counts (the encoded event's length, as the shell measured it). */
  readonly bytes: number;
}

export interface EventBufferLimits {
  readonly maxEvents: number;
  readonly maxBytes: number;
}

export interface EventBuffer {
  readonly entries: BufferedEvent[];
  readonly start: number;
  readonly end: number;
  readonly bytes: number;
}

export function emptyEventBuffer(): EventBuffer {
  return { entries: [], start: 0, end: 0, bytes: 0 };
}

export function bufferedCount(buffer: EventBuffer): number {
  return buffer.end - buffer.start;
}

/** The sequence of the oldest event kept, or undefined when empty. */
export function oldestSequence(buffer: EventBuffer): number | undefined {
  return buffer.start < buffer.end ? buffer.entries[buffer.start]?.frame.sequence : undefined;
}

/** Appends one event, then drops the oldest until the buffer is within its limits (the newest always stays). */
export function appendEvent(buffer: EventBuffer, event: BufferedEvent, limits: EventBufferLimits): EventBuffer {
  let entries = buffer.entries;
  let start = buffer.start;
  let end = buffer.end;
  if (entries.length !== end) {
    entries = entries.slice(start, end);
    end -= start;
    start = 0;
  }
  entries.push(event);
  end += 1;
  let bytes = buffer.bytes + event.bytes;
  while (end - start > 1 && (end - start > limits.maxEvents || bytes > limits.maxBytes)) {
    bytes -= entries[start]?.bytes ?? 0;
    start += 1;
  }
  if (start > 1024 && start * 2 > end) {
    entries = entries.slice(start, end);
    end -= start;
    start = 0;
  }
  return { entries, start, end, bytes };
}

/** The entries after `afterSequence`, oldest first (sequences are consecutive, so this starts by index). */
export function* bufferedAfter(buffer: EventBuffer, afterSequence: number): Generator<BufferedEvent> {
  const oldest = oldestSequence(buffer);
  if (oldest === undefined) return;
  for (let index = buffer.start + Math.max(0, afterSequence + 1 - oldest); index < buffer.end; index += 1) {
    const entry = buffer.entries[index];
    if (entry !== undefined && entry.frame.sequence > afterSequence) yield entry;
  }
}

/** The events after `afterSequence`, oldest first. */
export function eventsAfter(buffer: EventBuffer, afterSequence: number): EventFrame[] {
  return [...bufferedAfter(buffer, afterSequence)].map((entry) => entry.frame);
}
