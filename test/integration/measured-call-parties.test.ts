/**
 * The SIPp parties of the lab's measured calls (measured-calls.ts), with the test playing the node
 * on a UDP socket: both answer a re-INVITE (as a node re-anchors media after a failover) with
 * their own media unchanged and report the node's new media address, and the caller hangs up with
 * BYE on the test's HANGUP signal. The HA lab test runs the ordinary path through real nodes.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freeSipPort } from '../support/free-port.ts';
import { runSipp } from '../support/sipp.ts';
import { waitUntil } from '../support/wait-until.ts';

const HOST = '127.0.0.1';
let directory = '';
let node: FakeNode;

before(async () => {
  directory = await mkdtemp(join(tmpdir(), 'parley-parties-'));
  node = await fakeNode();
});
after(async () => {
  node.close();
  await rm(directory, { recursive: true, force: true });
});

/** The test's side of the dialogs: a UDP socket that sends SIP text and waits for what SIPp sends. */
interface FakeNode {
  readonly port: number;
  send(text: string, port: number): void;
  /** The next message whose first line and CSeq match, dropping the ones before it (retransmissions). */
  expect(firstLine: RegExp, cseq: RegExp, timeoutMs?: number): Promise<string | undefined>;
  close(): void;
}

async function fakeNode(): Promise<FakeNode> {
  const socket: Socket = createSocket('udp4');
  const received: string[] = [];
  socket.on('message', (message) => received.push(message.toString()));
  await new Promise<void>((resolve) => socket.bind(0, HOST, () => resolve()));
  return {
    port: socket.address().port,
    send: (text, port) => socket.send(text, port, HOST),
    async expect(firstLine, cseq, timeoutMs = 10_000) {
      const matches = (message: string): boolean => firstLine.test(message.split('\r\n')[0] ?? '') && cseq.test(header(message, 'CSeq'));
      if (!(await waitUntil(() => received.some(matches), { timeoutMs }))) return undefined;
      const index = received.findIndex(matches);
      return received.splice(0, index + 1).at(-1);
    },
    close: () => socket.close(),
  };
}

/** The next message that matches; fails the test when none comes within 10 s. */
async function expectMessage(firstLine: RegExp, cseq: RegExp): Promise<string> {
  const message = await node.expect(firstLine, cseq);
  assert.ok(message !== undefined, `no ${String(firstLine)} ${String(cseq)} came`);
  return message;
}

/** Sends an INVITE every 500 ms (SIP timer A, RFC 3261 §17.1.1.2) until its 200 comes: SIPp may not listen yet. */
async function inviteUntilAnswered(invite: string, port: number, cseq: RegExp): Promise<string> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    node.send(invite, port);
    const answer = await node.expect(/^SIP\/2.0 200/, cseq, 500);
    if (answer !== undefined) return answer;
  }
  assert.fail('the INVITE was never answered');
}

function header(message: string, name: string): string {
  return new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(message)?.[1]?.trim() ?? '';
}

function mediaPort(message: string): number {
  return Number(/^m=audio (\d+) /m.exec(message)?.[1]);
}

function request(lines: readonly string[], sdpPort?: number): string {
  const body = sdpPort === undefined ? '' : ['v=0', `o=node 1 1 IN IP4 ${HOST}`, 's=-', `c=IN IP4 ${HOST}`, 't=0 0', `m=audio ${String(sdpPort)} RTP/AVP 8`, 'a=rtpmap:8 PCMA/8000', ''].join('\r\n');
  return [...lines, ...(body === '' ? [] : ['Content-Type: application/sdp']), `Content-Length: ${String(Buffer.byteLength(body))}`, '', body].join('\r\n');
}

/** A response to `message` with the same Via, From, To (plus `toTag`), Call-ID and CSeq. */
function response(message: string, status: string, extra: readonly string[] = [], sdpPort?: number, toTag?: string): string {
  const to = header(message, 'To');
  return request([
    `SIP/2.0 ${status}`, `Via: ${header(message, 'Via')}`, `From: ${header(message, 'From')}`,
    `To: ${to}${toTag !== undefined && !/;tag=/.test(to) ? `;tag=${toTag}` : ''}`, `Call-ID: ${header(message, 'Call-ID')}`, `CSeq: ${header(message, 'CSeq')}`, ...extra,
  ], sdpPort);
}

/** The report lines SIPp appended: Call-ID, meter port, the node's media address and port. */
async function reports(file: string): Promise<string[]> {
  return (await readFile(file, 'utf8').catch(() => '')).trim().split('\n').filter((line) => line !== '');
}

describe('the callee party (uas-answer-wait-bye.xml)', () => {
  it('MUST answer a re-INVITE with its media unchanged, report the node\'s new port, and end on BYE', async () => {
    const sippPort = await freeSipPort();
    const report = join(directory, 'callee.txt');
    const run = runSipp({ scenario: 'uas-answer-wait-bye.xml', target: HOST, localPort: sippPort, injection: [`${HOST};40000;`], extraArgs: ['-key', 'media_report', report] });
    const callId = `parties-${randomBytes(4).toString('hex')}`;
    const dialog = [`From: <sip:node@${HOST}>;tag=node1`, `To: <sip:provider@${HOST}:${String(sippPort)}>`, `Call-ID: ${callId}`, `Contact: <sip:node@${HOST}:${String(node.port)}>`];
    const via = (branch: string): string => `Via: SIP/2.0/UDP ${HOST}:${String(node.port)};branch=z9hG4bK-${branch}`;
    const uri = `sip:provider@${HOST}:${String(sippPort)}`;
    const answer = await inviteUntilAnswered(request([`INVITE ${uri} SIP/2.0`, via('i1'), 'Max-Forwards: 70', ...dialog, 'CSeq: 1 INVITE'], 30_000), sippPort, /1 INVITE/);
    assert.equal(mediaPort(answer), 40_000);
    const to = header(answer, 'To');
    const inDialog = [dialog[0] ?? '', `To: ${to}`, ...dialog.slice(2)];
    node.send(request([`ACK ${uri} SIP/2.0`, via('a1'), 'Max-Forwards: 70', ...inDialog, 'CSeq: 1 ACK']), sippPort);
    node.send(request([`INVITE ${uri} SIP/2.0`, via('i2'), 'Max-Forwards: 70', ...inDialog, 'CSeq: 2 INVITE'], 30_002), sippPort);
    assert.equal(mediaPort(await expectMessage(/^SIP\/2.0 200/, /2 INVITE/)), 40_000);
    node.send(request([`ACK ${uri} SIP/2.0`, via('a2'), 'Max-Forwards: 70', ...inDialog, 'CSeq: 2 ACK']), sippPort);
    node.send(request([`BYE ${uri} SIP/2.0`, via('b3'), 'Max-Forwards: 70', ...inDialog, 'CSeq: 3 BYE']), sippPort);
    await expectMessage(/^SIP\/2.0 200/, /3 BYE/);
    const ended = await run;
    assert.equal(ended.exitCode, 0, ended.errors || ended.stdout);
    assert.deepEqual(await reports(report), [`${callId} 40000 ${HOST} 30000`, `${callId} 40000 ${HOST} 30002`]);
  });
});

describe('the caller party (uac-call-expect-answer-bye-on-signal.xml)', () => {
  it('MUST answer a re-INVITE with its media unchanged, report the node\'s new port, and hang up with BYE on HANGUP', async () => {
    const report = join(directory, 'caller.txt');
    const sippPort = await freeSipPort();
    const run = runSipp({
      scenario: 'uac-call-expect-answer-bye-on-signal.xml', target: `${HOST}:${String(node.port)}`, localPort: sippPort, user: '1001', password: 'secret',
      injection: [`0555;${HOST};40002;`], extraArgs: ['-key', 'media_report', report, '-auth_uri', `0555@${HOST}:${String(node.port)}`],
    });
    const first = await expectMessage(/^INVITE /, /1 INVITE/);
    node.send(response(first, '401 Unauthorized', ['WWW-Authenticate: Digest realm="lab", nonce="n0nce", algorithm=MD5'], undefined, 'node2'), sippPort);
    await expectMessage(/^ACK /, /1 ACK/);
    const invite = await expectMessage(/^INVITE /, /2 INVITE/);
    assert.match(header(invite, 'Authorization'), /^Digest /);
    assert.equal(mediaPort(invite), 40_002);
    node.send(response(invite, '200 OK', [`Contact: <sip:0555@${HOST}:${String(node.port)}>`], 30_004, 'node2'), sippPort);
    await expectMessage(/^ACK /, /2 ACK/);
    assert.ok(await waitUntil(async () => (await reports(report)).length === 1), 'the answer is reported');

    const callId = header(invite, 'Call-ID');
    const inDialog = [`From: <sip:0555@${HOST}>;tag=node2`, `To: ${header(invite, 'From')}`, `Call-ID: ${callId}`, `Contact: <sip:0555@${HOST}:${String(node.port)}>`];
    const uri = `sip:1001@${HOST}:${String(sippPort)}`;
    const via = (branch: string): string => `Via: SIP/2.0/UDP ${HOST}:${String(node.port)};branch=z9hG4bK-${branch}`;
    node.send(request([`INVITE ${uri} SIP/2.0`, via('r1'), 'Max-Forwards: 70', ...inDialog, 'CSeq: 1 INVITE'], 30_006), sippPort);
    assert.equal(mediaPort(await expectMessage(/^SIP\/2.0 200/, /1 INVITE/)), 40_002);
    node.send(request([`ACK ${uri} SIP/2.0`, via('r2'), 'Max-Forwards: 70', ...inDialog, 'CSeq: 1 ACK']), sippPort);
    node.send(request([`HANGUP ${uri} SIP/2.0`, via('h1'), ...inDialog, 'CSeq: 2 HANGUP']), sippPort);
    const bye = await expectMessage(/^BYE /, /3 BYE/);
    node.send(response(bye, '200 OK'), sippPort);
    const ended = await run;
    assert.equal(ended.exitCode, 0, ended.errors || ended.stdout);
    assert.deepEqual(await reports(report), [`${callId} 40002 ${HOST} 30004`, `${callId} 40002 ${HOST} 30006`]);
  });
});
