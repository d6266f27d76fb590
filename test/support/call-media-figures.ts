/**
 * Figures of the RTP an `RtpMeter` recorded for calls: per call and direction the packets
 * received and the largest gap between consecutive arrivals, and the outage around an instant
 * (a failover), as median and maximum over the calls.
 *
 * @remarks Pure functions of the recorded arrivals, so they are tested without sockets.
 */
import type { MeterEndpoint } from './rtp-meter.ts';

/** One call's two media endpoints: the caller's and, once its packets were seen, the callee's. */
export interface CallMedia {
  readonly index: number;
  readonly caller: MeterEndpoint;
  readonly callee: MeterEndpoint | undefined;
}

/** What one direction of a call received within a window. */
export interface DirectionFigures {
  readonly received: number;
  /** The largest time between consecutive arrivals in the window; Infinity with fewer than two. */
  readonly largestGapMs: number;
}

export interface CallFigures {
  readonly index: number;
  readonly callerToCallee: DirectionFigures;
  readonly calleeToCaller: DirectionFigures;
}

export interface CallsFigures {
  readonly calls: readonly CallFigures[];
  readonly received: { readonly callerToCallee: number; readonly calleeToCaller: number };
  /** Over the calls, of each call's largest gap (both directions). */
  readonly largestGapMs: { readonly median: number; readonly max: number };
  /** The meter's own largest time between two sending ticks in the window: a stall of the test process, not of the node. */
  readonly largestSendIntervalMs: number;
}

/** The outage of every call around an instant, as `measureGapAcross` reports it. */
export interface GapAcross {
  /** Over the calls that resumed, of each call's largest gap from the instant on (both directions). */
  readonly medianMs: number;
  readonly maxMs: number;
  /** The calls (indexes) with no packet after the instant in at least one direction. */
  readonly neverResumed: readonly number[];
}

/**
 * Pairs each caller endpoint with the endpoint whose tagged packets it received most: its callee,
 * through the node.
 */
export function pairCalls(callers: readonly MeterEndpoint[], endpoints: readonly MeterEndpoint[]): CallMedia[] {
  return callers.map((caller, index) => {
    const [calleeIndex] = [...caller.receivedFrom.entries()].sort((left, right) => right[1] - left[1])[0] ?? [];
    return { index, caller, callee: endpoints.find((endpoint) => endpoint.index === calleeIndex) };
  });
}

/** The endpoints that received tagged packets from more than one other endpoint: crossed media. */
export function crossedMedia(endpoints: readonly MeterEndpoint[]): MeterEndpoint[] {
  return endpoints.filter((endpoint) => endpoint.receivedFrom.size > 1);
}

/**
 * The endpoints that received packets from two source addresses over overlapping spans of time:
 * media relayed by two nodes at once (the node's own address is the source of what it relays).
 */
export function relayedByTwo(endpoints: readonly MeterEndpoint[]): MeterEndpoint[] {
  return endpoints.filter((endpoint) => {
    const spans = [...endpoint.sources.values()];
    return spans.some((span, index) => spans.slice(index + 1).some((other) => span.firstMs < other.lastMs && other.firstMs < span.lastMs));
  });
}

/** Packets received and the largest gap between arrivals within `[fromMs, toMs]`. */
export function directionFigures(arrivals: readonly number[], fromMs: number, toMs: number): DirectionFigures {
  let received = 0;
  let previous: number | undefined;
  let largestGapMs = 0;
  for (const arrival of arrivals) {
    if (arrival < fromMs || arrival > toMs) continue;
    received += 1;
    if (previous !== undefined) largestGapMs = Math.max(largestGapMs, arrival - previous);
    previous = arrival;
  }
  return { received, largestGapMs: received < 2 ? Infinity : largestGapMs };
}

/** Each call's figures within `[fromMs, toMs]`, with the totals and the median and maximum of the largest gaps. */
export function callsFigures(calls: readonly CallMedia[], fromMs: number, toMs: number, sendTicks: readonly number[] = []): CallsFigures {
  const figures = calls.map((call) => ({
    index: call.index,
    callerToCallee: directionFigures(call.callee?.arrivals ?? [], fromMs, toMs),
    calleeToCaller: directionFigures(call.caller.arrivals, fromMs, toMs),
  }));
  const gaps = figures.map((call) => Math.max(call.callerToCallee.largestGapMs, call.calleeToCaller.largestGapMs));
  return {
    calls: figures,
    received: {
      callerToCallee: figures.reduce((sum, call) => sum + call.callerToCallee.received, 0),
      calleeToCaller: figures.reduce((sum, call) => sum + call.calleeToCaller.received, 0),
    },
    largestGapMs: { median: median(gaps), max: gaps.length === 0 ? 0 : Math.max(...gaps) },
    largestSendIntervalMs: directionFigures(sendTicks, fromMs, toMs).largestGapMs,
  };
}

/**
 * The outage of each call around `instantMs`: the largest gap between consecutive arrivals from
 * the last arrival at or before the instant on, in either direction; calls without an arrival
 * after the instant never resumed.
 */
export function measureGapAcross(calls: readonly CallMedia[], instantMs: number): GapAcross {
  const neverResumed: number[] = [];
  const gaps: number[] = [];
  for (const call of calls) {
    const directions = [call.caller.arrivals, call.callee?.arrivals ?? []].map((arrivals) => gapFrom(arrivals, instantMs));
    if (directions.some((gap) => gap === undefined)) neverResumed.push(call.index);
    else gaps.push(Math.max(...directions.map((gap) => gap ?? 0)));
  }
  return { medianMs: median(gaps), maxMs: gaps.length === 0 ? 0 : Math.max(...gaps), neverResumed };
}

/** The largest gap from the last arrival at or before `instantMs` on; undefined when nothing arrived after it. */
function gapFrom(arrivals: readonly number[], instantMs: number): number | undefined {
  let start = arrivals.findIndex((arrival) => arrival > instantMs);
  if (start === -1) return undefined;
  start = Math.max(0, start - 1);
  let largest = 0;
  for (let position = start + 1; position < arrivals.length; position += 1) {
    largest = Math.max(largest, (arrivals[position] ?? 0) - (arrivals[position - 1] ?? 0));
  }
  return largest;
}

/** The median of the values (the mean of the middle two for an even count); 0 for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Milliseconds with one decimal, for printed figures. */
export function formatMs(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(1)} ms` : 'none';
}
