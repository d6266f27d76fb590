/**
 * The two phones of a call through a test node, played by SIPp: the callee 1002 registers and
 * answers with a UAS scenario, the caller 1001 dials with digest credentials.
 */
import assert from 'node:assert/strict';
import { listCallLogs } from '../../store/index.ts';
import { freeSipPort } from './free-port.ts';
import { runSipp, type SippRun } from './sipp.ts';
import type { TestNode } from './test-node.ts';

/**
 * A `--rtp-ports` range of 200 ports drawn between the default range (10000-20000) and the
 * kernel's ephemeral ports (from 32768), for a test node whose RTP must not meet other programs'.
 *
 * @remarks A leg latches to the first RTP packet it receives (symmetric RTP), so a stray datagram
 * from another program on the machine, aimed at a port that was its own a moment ago, would
 * otherwise take the leg's music on hold elsewhere.
 */
export function rtpPortsApart(): string {
  const start = 20_100 + 2 * Math.floor(Math.random() * 6_000);
  return `${String(start)}-${String(start + 199)}`;
}

/** Registers 1002 from a fresh SIPp port; returns that port, where the callee's UAS must then run. */
export async function registerCallee(testNode: TestNode): Promise<number> {
  const port = await freeSipPort();
  const run = await runSipp({
    target: `127.0.0.1:${testNode.sipPort}`, localPort: port, scenario: 'uac-register-expect-200.xml',
    user: '1002', password: testNode.passwords['1002'], injection: ['300;'],
  });
  assert.equal(run.exitCode, 0, run.errors || run.stdout);
  return port;
}

/**
 * Removes every registration of 1002 (`Contact: *`), so that the next call of the file rings only
 * its own callee. It runs from a port of its own: the callee's UAS may still hold the registered
 * one when a test failed.
 */
export async function unregisterCallee(testNode: TestNode): Promise<void> {
  const run = await runSipp({
    target: `127.0.0.1:${testNode.sipPort}`, localPort: await freeSipPort(), scenario: 'uac-unregister-all-expect-200.xml',
    user: '1002', password: testNode.passwords['1002'],
  });
  assert.equal(run.exitCode, 0, run.errors);
}

/** Runs the callee's UAS scenario for one call on the registered port; `fields` fill its injection row. */
export function answerAsCallee(testNode: TestNode, port: number, scenario: string, fields: readonly (string | number)[], timeoutS = 40): Promise<SippRun> {
  return runSipp({
    target: `127.0.0.1:${testNode.sipPort}`, localPort: port, scenario, calls: 1, timeoutS, traceMessages: true,
    injection: [`${fields.join(';')};`],
  });
}

/** Calls 1002 from 1001 with a UAC scenario; `fields` follow the dialed number in its injection row. */
export async function callFromCaller(testNode: TestNode, scenario: string, fields: readonly (string | number)[] = [], timeoutS = 40): Promise<SippRun> {
  return runSipp({
    target: `127.0.0.1:${testNode.sipPort}`, localPort: await freeSipPort(), scenario,
    user: '1001', password: testNode.passwords['1001'], injection: [['1002', ...fields].join(';') + ';'], timeoutS, traceMessages: true,
    // SIPp digests `sip:<remote>` unless told the Request-URI; parley checks the uri (RFC 2617 §3.2.2.5).
    extraArgs: ['-auth_uri', `1002@127.0.0.1:${testNode.sipPort}`],
  });
}

/**
 * The RTP ports of the SDP bodies a SIPp party received: the node's RTP port on that party's leg
 * (symmetric RTP: the node sends from the port it receives on).
 */
export function mediaPortsReceived(run: SippRun): Set<number> {
  const received = run.messages.split(/^-{10,}.*$/m).filter((message) => /message received/.test(message));
  return new Set(received.flatMap((message) => [...message.matchAll(/^\s*m=audio (\d+) /gm)].map((match) => Number(match[1]))));
}

/** The request and status lines SIPp saw, for assertion messages. */
export function sippSummary(run: SippRun): string {
  const lines = run.messages.split('\n').filter((line) => /^(INVITE|ACK|BYE|UPDATE|INFO|SIP\/2.0)\b/.test(line.trim()));
  return `${run.errors}\n${lines.join(' | ')}`;
}

/** The log of the one call that started at or after `sinceMs`, once it is written (logs are written as calls end). */
export async function waitForCallLogSince(testNode: TestNode, sinceMs: number, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const logs = await listCallLogs(testNode.node.store.database, { limit: 10, fromMs: sinceMs });
    if (logs.items.length > 0 || Date.now() >= deadline) {
      assert.equal(logs.items.length, 1, `call logs since ${String(sinceMs)}: ${JSON.stringify(logs.items)}`);
      return logs.items[0]!;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
