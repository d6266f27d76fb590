/**
 * The pure part of bench/calls: what a step's counts mean (passed or not, and why), which step of
 * a ramp is the best that passed, the lines SIPp logs for the RTP endpoints, and the summary table.
 *
 * @remarks
 * Kept apart from the shells that run SIPp and the RTP endpoints so that it can be tested without
 * load (`ramp.test.ts`).
 */

/** The most failed calls, and the most lost packets, a step may have to pass: under 1 %. */
export const FAILURE_LIMIT_PERCENT = 1;

/** A step of the signalling ramp: SIPp's counts at one offered rate. */
export interface SignallingCounts {
  readonly offeredRate: number;
  readonly attempted: number;
  readonly successful: number;
  readonly failed: number;
  readonly seconds: number;
  /** How long the step would take at the offered rate (calls / rate + the hold time). */
  readonly expectedSeconds: number;
}

export type StepVerdict =
  | { readonly type: 'passed' }
  | { readonly type: 'failed'; readonly reason: string };

/** `part` of `whole` in percent; 0 of 0 is 0 %. */
export function percent(part: number, whole: number): number {
  return whole <= 0 ? 0 : (part / whole) * 100;
}

/** The share lost between what one side sent and the other side received, in percent (never below 0). */
export function lossPercent(sent: number, received: number): number {
  if (sent <= 0) return received > 0 ? 0 : 100;
  return Math.max(0, percent(sent - received, sent));
}

/**
 * A signalling step passes with under 1 % of the attempted calls failed or never finished, and
 * when it kept up with the offered rate (finished within a quarter, plus 3 s, of its expected time).
 */
export function judgeSignallingStep(counts: SignallingCounts): StepVerdict {
  const unfinished = Math.max(0, counts.attempted - counts.successful);
  const failedPercent = percent(unfinished, counts.attempted);
  if (failedPercent >= FAILURE_LIMIT_PERCENT) return { type: 'failed', reason: `${failedPercent.toFixed(2)} % calls failed` };
  if (counts.seconds > counts.expectedSeconds * 1.25 + 3) return { type: 'failed', reason: `fell behind (${counts.seconds.toFixed(1)} s for ${counts.expectedSeconds.toFixed(1)} s)` };
  return { type: 'passed' };
}

/** A step of the relay ramp: calls up, RTP counters over the measured window. */
export interface RelayCounts {
  readonly calls: number;
  readonly established: number;
  readonly failedCalls: number;
  readonly callerSent: number;
  readonly callerReceived: number;
  readonly calleeSent: number;
  readonly calleeReceived: number;
  readonly windowSeconds: number;
}

export interface RelayFigures {
  readonly lossCallerToCalleePercent: number;
  readonly lossCalleeToCallerPercent: number;
  /** Packets per second the endpoints sent, as a share of 50 per stream and direction. */
  readonly generatorPercent: number;
}

/** Loss per direction and how well the generator kept its 20 ms pace. */
export function relayFigures(counts: RelayCounts): RelayFigures {
  const nominal = counts.calls * 50 * counts.windowSeconds;
  return {
    lossCallerToCalleePercent: lossPercent(counts.callerSent, counts.calleeReceived),
    lossCalleeToCallerPercent: lossPercent(counts.calleeSent, counts.callerReceived),
    generatorPercent: percent(Math.min(counts.callerSent, counts.calleeSent), nominal),
  };
}

/**
 * A relay step passes when every call was established and none failed beyond 1 %, each direction
 * lost under 1 %, and the generator sent at least 95 % of its 20 ms pace (else the step measured
 * the generator, not the relay).
 */
export function judgeRelayStep(counts: RelayCounts): StepVerdict {
  if (counts.established < counts.calls) return { type: 'failed', reason: `${counts.calls - counts.established} calls not established` };
  if (percent(counts.failedCalls, counts.calls) >= FAILURE_LIMIT_PERCENT) return { type: 'failed', reason: `${counts.failedCalls} calls failed` };
  const figures = relayFigures(counts);
  if (figures.generatorPercent < 95) return { type: 'failed', reason: `generator sent ${figures.generatorPercent.toFixed(1)} % of its pace` };
  const worst = Math.max(figures.lossCallerToCalleePercent, figures.lossCalleeToCallerPercent);
  if (worst >= FAILURE_LIMIT_PERCENT) return { type: 'failed', reason: `${worst.toFixed(2)} % packets lost` };
  return { type: 'passed' };
}

/** The largest load of a ramp whose step passed, before the first failure; 0 when none passed. */
export function highestPassing(steps: readonly { readonly load: number; readonly verdict: StepVerdict }[]): number {
  let best = 0;
  for (const step of steps) {
    if (step.verdict.type !== 'passed') break;
    best = Math.max(best, step.load);
  }
  return best;
}

/** One RTP endpoint's peer, from a SIPp `<log>` line "<own port> <peer address> <peer port>". */
export interface MediaPeer {
  readonly localPort: number;
  readonly address: string;
  readonly port: number;
}

const PEER_LINE = /^(\d{1,5}) (\d{1,3}(?:\.\d{1,3}){3}) (\d{1,5})$/;

/** The well-formed peer lines of a SIPp log; other lines (and ports out of range) are skipped. */
export function parseMediaPeers(text: string): MediaPeer[] {
  const peers: MediaPeer[] = [];
  for (const line of text.split('\n')) {
    const match = PEER_LINE.exec(line.trim());
    if (match === null) continue;
    const localPort = Number(match[1]);
    const port = Number(match[3]);
    if (localPort < 1 || localPort > 65_535 || port < 1 || port > 65_535) continue;
    peers.push({ localPort, address: match[2] ?? '', port });
  }
  return peers;
}

/** A fixed-width text table: a header row, a rule, then the rows. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}
