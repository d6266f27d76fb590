/**
 * Many calls at once through a node, each with RTP both ways measured by the test: SIPp places the
 * calls (a UAC) and answers them (a UAS), and points every SDP at an endpoint of the test's
 * `RtpMeter`, which sends and records the media.
 *
 * @remarks
 * How each piece learns what it needs:
 * - The injection files give each caller row and each callee row the meter endpoint of its SDP.
 * - Each SIPp appends to a report file, for every SDP the node sends it, the Call-ID, the meter
 *   port and the node's media address and port; the test reads the file as it grows and aims that
 *   meter endpoint (again after a re-INVITE).
 * - A callee endpoint is paired with its caller by the tag of the packets it receives (rtp-meter.ts).
 * - The callers hang up when the test says so: `hangUp()` sends each caller call a HANGUP request
 *   with its Call-ID (test-only control, see the scenario), SIPp then sends BYE and expects 200.
 *   A signal rather than a pause of fixed length, so that a test holds the calls across a failover
 *   as long as it needs and ends them at a moment it chooses. A busy SIPp may drop a datagram: a
 *   call whose caller still hears media is told again every few seconds.
 */
import { createSocket } from 'node:dgram';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callsFigures, measureGapAcross, pairCalls, type CallMedia, type CallsFigures, type GapAcross } from './call-media-figures.ts';
import { freeSipPort } from './free-port.ts';
import { nowMs, startRtpMeter, type RtpMeter } from './rtp-meter.ts';
import { runSipp, type SippRun } from './sipp.ts';
import { waitUntil } from './wait-until.ts';

export interface MeasuredCallsOptions {
  /** How many calls. */
  readonly count: number;
  /** Where the callers send their INVITEs: the node's (virtual) address and SIP port. */
  readonly target: { readonly address: string; readonly port: number };
  /** The test's address the node reaches (SIPp and the meter bind it). */
  readonly localAddress: string;
  /** The number every call dials; it must route to `calleePort`. */
  readonly dialed: string;
  /** The caller's SIP user and password (digest). */
  readonly user: string;
  readonly password: string;
  /** The port of the callee SIPp on `localAddress` (the provider's peer trunk host). */
  readonly calleePort: number;
  /** New calls per second (default 10). */
  readonly ratePerSecond?: number;
}

export interface MeasuredCalls {
  readonly meter: RtpMeter;
  /** The calls' media, once paired (after `waitUntilFlowing`). */
  readonly calls: readonly CallMedia[];
  /** When the last call began to flow both ways (epoch ms). */
  readonly flowingSinceMs: number;
  /** Waits until every call is answered and its media flows both ways; rejects naming what is missing. */
  waitUntilFlowing(timeoutMs?: number): Promise<void>;
  /** Per-call figures within a window (default: from `flowingSinceMs` to now). */
  figures(fromMs?: number, toMs?: number): CallsFigures;
  /** The outage around an instant (a failover), over every call. */
  measureGapAcross(instantMs: number): GapAcross;
  /**
   * Tells every caller to hang up and waits for both SIPp runs to end; rejects when a call was
   * never answered (it could not be told) or the runs outlast `timeoutMs` (default 60 s). The
   * callers are told one after another, spread evenly over `spreadOverMs` (default at once), so
   * that their BYEs meet whatever the node is doing over that time (a switchover).
   */
  hangUp(options?: { readonly timeoutMs?: number; readonly spreadOverMs?: number }): Promise<{ readonly callers: SippRun; readonly callees: SippRun }>;
  /** Ends SIPp (if still running), the meter and the run's files. */
  close(): Promise<void>;
}

/** A caller that heard media this recently is still in its call. */
const STILL_TALKING_MS = 1_000;
/** How often the calls still up are told again to hang up. */
const RETELL_HANG_UP_MS = 5_000;

/** One line of a report file: a Call-ID, the meter port, and the node's media address and port. */
interface MediaReport {
  readonly callId: string;
  readonly meterPort: number;
  readonly address: string;
  readonly port: number;
}

/** Starts the callee SIPp, then the callers; resolves once both run (the calls are being placed). */
export async function startMeasuredCalls(options: MeasuredCallsOptions): Promise<MeasuredCalls> {
  const { count, localAddress } = options;
  const directory = await mkdtemp(join(tmpdir(), 'parley-measured-calls-'));
  const reportFile = join(directory, 'media-report.txt');
  const meter = await startRtpMeter(localAddress, 2 * count);
  const callerEndpoints = meter.endpoints.slice(0, count);
  const calleeEndpoints = meter.endpoints.slice(count);
  const abort = new AbortController();
  const timeoutS = 3_600;
  const callees = runSipp({
    scenario: 'uas-answer-wait-bye.xml', target: localAddress, localAddress, localPort: options.calleePort, calls: count, timeoutS, signal: abort.signal,
    injection: calleeEndpoints.map((endpoint) => `${localAddress};${String(endpoint.port)};`),
    extraArgs: ['-key', 'media_report', reportFile, '-mp', String(await freeSipPort())],
  });
  const callerPort = await freeSipPort();
  const callers = runSipp({
    scenario: 'uac-call-expect-answer-bye-on-signal.xml', target: `${options.target.address}:${String(options.target.port)}`, localAddress, localPort: callerPort,
    calls: count, concurrentLimit: count, ratePerSecond: options.ratePerSecond ?? 10, timeoutS, signal: abort.signal, user: options.user, password: options.password,
    injection: callerEndpoints.map((endpoint) => `${options.dialed};${localAddress};${String(endpoint.port)};`),
    // SIPp digests `sip:<remote>` unless told the Request-URI; parley checks the uri (RFC 2617 §3.2.2.5).
    extraArgs: ['-key', 'media_report', reportFile, '-mp', String(await freeSipPort()), '-auth_uri', `${options.dialed}@${options.target.address}:${String(options.target.port)}`],
  });
  const ended = { callers: false, callees: false };
  void callers.then(() => (ended.callers = true), () => (ended.callers = true));
  void callees.then(() => (ended.callees = true), () => (ended.callees = true));

  const callIdOfCallerPort = new Map<number, string>();
  let readLength = 0;
  let reading: Promise<void> = Promise.resolve();
  // One read at a time, so that a re-INVITE's report is applied after the answer's.
  const readReports = (): Promise<void> => (reading = reading.then(readNewReports));
  const readNewReports = async (): Promise<void> => {
    const text = await readFile(reportFile, 'utf8').catch(() => '');
    const complete = text.slice(0, text.lastIndexOf('\n') + 1);
    for (const line of complete.slice(readLength).split('\n')) {
      const report = parseReport(line);
      if (report === undefined || meter.endpointAt(report.meterPort) === undefined) continue;
      meter.aim(report.meterPort, { address: report.address, port: report.port });
      if (callerEndpoints.some((endpoint) => endpoint.port === report.meterPort)) callIdOfCallerPort.set(report.meterPort, report.callId);
    }
    readLength = complete.length;
  };
  const follower = setInterval(() => void readReports(), 50);

  let calls: CallMedia[] = [];
  let flowingSinceMs = Number.NaN;
  const missing = (): string => {
    const unanswered = callerEndpoints.filter((endpoint) => !callIdOfCallerPort.has(endpoint.port)).length;
    const silentCallers = callerEndpoints.filter((endpoint) => endpoint.arrivals.length === 0).length;
    const silentCallees = calleeEndpoints.filter((endpoint) => endpoint.arrivals.length === 0).length;
    return `${String(unanswered)} calls not answered, ${String(silentCallers)} callers and ${String(silentCallees)} callees without media`;
  };

  return {
    meter,
    get calls() {
      return calls;
    },
    get flowingSinceMs() {
      return flowingSinceMs;
    },
    async waitUntilFlowing(timeoutMs = 60_000) {
      const flowing = await waitUntil(
        () => meter.endpoints.every((endpoint) => endpoint.arrivals.length > 0) || (ended.callers && ended.callees),
        { timeoutMs, intervalMs: 50 },
      );
      if (!flowing || ended.callers || ended.callees) {
        const runs = await Promise.race([Promise.allSettled([callers, callees]), new Promise((resolve) => setTimeout(() => resolve('running'), 100))]);
        throw new Error(`the calls do not all flow: ${missing()}; SIPp: ${JSON.stringify(runs)}`);
      }
      flowingSinceMs = nowMs();
      calls = pairCalls(callerEndpoints, meter.endpoints);
    },
    figures: (fromMs = flowingSinceMs, toMs = nowMs()) => callsFigures(calls, fromMs, toMs, meter.sendTicks),
    measureGapAcross: (instantMs) => measureGapAcross(calls, instantMs),
    async hangUp({ timeoutMs = 60_000, spreadOverMs = 0 } = {}) {
      await readReports();
      if (callIdOfCallerPort.size < count) throw new Error(`cannot hang up every call: ${missing()}`);
      await sendHangUps(localAddress, callerPort, [...callIdOfCallerPort.values()], spreadOverMs);
      /** The calls whose caller still hears media: not hung up yet. */
      const talking = (): string[] => [...callIdOfCallerPort]
        .filter(([port]) => (meter.endpointAt(port)?.arrivals.at(-1) ?? Number.NEGATIVE_INFINITY) > nowMs() - STILL_TALKING_MS)
        .map(([, callId]) => callId);
      // A HANGUP is a datagram that a busy SIPp may drop: a call still carrying media a while later is told again.
      const retell = setInterval(() => {
        const callIds = talking();
        if (callIds.length > 0) void sendHangUps(localAddress, callerPort, callIds);
      }, RETELL_HANG_UP_MS);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(
          `SIPp still runs ${String(timeoutMs)} ms after the hang-up signals: callers ${ended.callers ? 'ended' : 'running'}, callees ${ended.callees ? 'ended' : 'running'}; ${String(talking().length)} calls still carry media to their caller: ${talking().slice(0, 5).join(', ')}`,
        )), timeoutMs);
      });
      try {
        const [callerRun, calleeRun] = await Promise.race([Promise.all([callers, callees]), late]);
        return { callers: callerRun, callees: calleeRun };
      } finally {
        clearInterval(retell);
        clearTimeout(timer);
        meter.stopSending();
      }
    },
    async close() {
      clearInterval(follower);
      abort.abort();
      await Promise.allSettled([callers, callees]);
      await meter.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

function parseReport(line: string): MediaReport | undefined {
  const [callId, meterPort, address, port] = line.trim().split(' ');
  if (callId === undefined || address === undefined || !/^\d+$/.test(meterPort ?? '') || !/^\d+$/.test(port ?? '')) return undefined;
  return { callId, meterPort: Number(meterPort), address, port: Number(port) };
}

/** Sends each call's HANGUP control request to the caller SIPp, spread evenly over `spreadOverMs`. */
async function sendHangUps(address: string, sippPort: number, callIds: readonly string[], spreadOverMs = 0): Promise<void> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, address, () => resolve()));
  const localPort = socket.address().port;
  try {
    for (const [position, callId] of callIds.entries()) {
      const request = [
        `HANGUP sip:caller@${address}:${String(sippPort)} SIP/2.0`,
        `Via: SIP/2.0/UDP ${address}:${String(localPort)};branch=z9hG4bK-hangup-${String(position)}`,
        'Max-Forwards: 70',
        `From: <sip:test@${address}>;tag=hangup-${String(position)}`,
        `To: <sip:caller@${address}>`,
        `Call-ID: ${callId}`,
        'CSeq: 1 HANGUP',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n');
      await new Promise<void>((resolve, reject) => socket.send(request, sippPort, address, (error) => (error ? reject(error) : resolve())));
      if (spreadOverMs > 0 && position < callIds.length - 1) await new Promise((resolve) => setTimeout(resolve, spreadOverMs / (callIds.length - 1)));
    }
  } finally {
    socket.close();
  }
}
