/**
 * A call with RTP, counted end to end: SIPp's UAC (1001) plays a capture of G.711 A-law RTP into a
 * call to 1002, whose phone is SIPp's UAS started with `-rtp_echo`; every packet goes through
 * parley to the callee, is echoed back, and goes through parley again to the caller.
 *
 * How the count is exact:
 * - The capture is generated here (100 packets, 20 ms apart), so the number sent is known and
 *   no distribution file is needed.
 * - SIPp replays a capture through a raw socket whose source port is the call's media port
 *   keyword. The caller's SDP offers `[media_port+4]`: SIPp binds only `[media_port]` and
 *   `[media_port+2]`, so this test binds `[media_port+4]` itself. That one port is both where the
 *   caller's RTP comes from and the address in the caller's SDP.
 * - parley latches the caller's leg to the source of the first packet (symmetric RTP,
 *   media-workers/session/latch-policy.ts), which is this test's socket, and sends the callee's
 *   leg to the UAS's SDP address. SIPp's `-rtp_echo` sends each packet back to its sender, which
 *   is parley's callee leg, so the echo is relayed back to the test's socket.
 * Every datagram this socket receives has therefore gone caller → parley → callee → parley →
 * caller, and nothing else sends to it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { parseRtpPacket, type RtpPacket } from '../../media-workers/rtp/rtp-packet.ts';
import { isRtcpPacket } from '../../media-workers/rtp/rtcp.ts';
import { runSipp, type SippRun } from '../support/sipp.ts';
import { freeSipPort } from '../support/free-port.ts';
import { rtpPcap } from '../support/rtp-pcap.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';

const PACKETS_SENT = 100;
const PCMA_PAYLOAD_TYPE = 8;
/** Media ports of this file's node: a window of its own below the kernel's ephemeral ports. */
const RTP_PORT_START = 20_000 + 2 * Math.floor(Math.random() * 5_000);

let testNode: TestNode;
before(async () => {
  testNode = await startTestNode({ extraArgs: ['--rtp-ports', `${RTP_PORT_START}-${RTP_PORT_START + 100}`] });
});
after(async () => {
  await testNode.close();
});

/** A UDP socket on 127.0.0.1 that keeps every datagram it receives. */
interface MediaTap {
  readonly socket: Socket;
  readonly port: number;
  readonly received: Buffer[];
}

async function bindOrUndefined(port: number): Promise<Socket | undefined> {
  const socket = createSocket('udp4');
  const bound = await new Promise<boolean>((resolve) => {
    socket.once('error', () => resolve(false));
    socket.bind({ port, address: '127.0.0.1', exclusive: true }, () => resolve(true));
  });
  if (bound) return socket;
  socket.close();
  return undefined;
}

/** Picks SIPp's `-mp` port: it and port + 2 are free for SIPp, and port + 4 is bound by the tap. */
async function mediaPortAndTap(): Promise<{ sippMediaPort: number; tap: MediaTap }> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const sippMediaPort = 40_000 + 2 * Math.floor(Math.random() * 9_000);
    const probes = [await bindOrUndefined(sippMediaPort), await bindOrUndefined(sippMediaPort + 2)];
    for (const probe of probes) probe?.close();
    if (probes.some((probe) => probe === undefined)) continue;
    const socket = await bindOrUndefined(sippMediaPort + 4);
    if (socket === undefined) continue;
    const tap: MediaTap = { socket, port: sippMediaPort + 4, received: [] };
    socket.on('message', (bytes) => tap.received.push(bytes));
    return { sippMediaPort, tap };
  }
  throw new Error('no free media ports for SIPp after 100 attempts');
}

async function registerCallee(port: number): Promise<void> {
  const run = await runSipp({
    target: `127.0.0.1:${testNode.sipPort}`, localPort: port, scenario: 'uac-register-expect-200.xml',
    user: '1002', password: testNode.passwords['1002'], injection: ['300;'],
  });
  assert.equal(run.exitCode, 0, run.errors || run.stdout);
}

/** The payload type parley answered the caller with: the first of the 200's `m=audio` line. */
function answeredPayloadType(run: SippRun): number | undefined {
  const answer = run.messages.split(/-{10,}/).find((message) => /SIP\/2\.0 200 OK/.test(message) && /CSeq: 2 INVITE/.test(message));
  const format = /^m=audio \d+ RTP\/AVP (\d+)/m.exec(answer ?? '')?.[1];
  return format === undefined ? undefined : Number(format);
}

/** The port of the caller's own offer, as SIPp wrote it in its INVITE. */
function offeredPort(run: SippRun): number | undefined {
  const offer = run.messages.split(/-{10,}/).find((message) => /INVITE sip:/.test(message) && /CSeq: 2 INVITE/.test(message));
  const port = /^m=audio (\d+)/m.exec(offer ?? '')?.[1];
  return port === undefined ? undefined : Number(port);
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('a call with RTP (SIPp uac_pcap → parley → SIPp uas -rtp_echo)', () => {
  it('MUST bring at least 95 % of the caller\'s RTP packets back from the echoing callee, as RTP with the negotiated payload type', async () => {
    const calleePort = await freeSipPort();
    await registerCallee(calleePort);
    const callee = runSipp({
      target: `127.0.0.1:${testNode.sipPort}`, localPort: calleePort, scenario: 'uas-answer-rtp-echo.xml', calls: 1, timeoutS: 60,
      extraArgs: ['-rtp_echo'],
    });
    const { sippMediaPort, tap } = await mediaPortAndTap();
    try {
      const caller = await runSipp({
        target: `127.0.0.1:${testNode.sipPort}`, localPort: await freeSipPort(), scenario: 'uac-pcap-call-expect-answer.xml',
        user: '1001', password: testNode.passwords['1001'], injection: ['1002;'], timeoutS: 60, traceMessages: true,
        files: { 'rtp-tone.pcap': rtpPcap({ codec: 'PCMA', payloadType: PCMA_PAYLOAD_TYPE, packets: PACKETS_SENT, ssrc: 0x5eed0001 }) },
        // SIPp digests `sip:<remote>` unless told the Request-URI; parley checks the uri (RFC 2617 §3.2.2.5).
        extraArgs: ['-auth_uri', `1002@127.0.0.1:${testNode.sipPort}`, '-mp', String(sippMediaPort)],
      });
      assert.equal(caller.exitCode, 0, caller.errors || caller.stdout);
      const uas = await callee;
      assert.equal(uas.exitCode, 0, uas.errors || uas.stdout);
      assert.equal(offeredPort(caller), tap.port, `SIPp did not take -mp ${sippMediaPort}; the caller offered another port`);
      const payloadType = answeredPayloadType(caller);
      assert.equal(payloadType, PCMA_PAYLOAD_TYPE, 'parley answers the PCMA-only offer with PCMA');

      // The call is over when SIPp exits; late packets get a short grace, the count is what arrived.
      await waitFor(() => tap.received.length >= PACKETS_SENT, 2_000);
      const rtp: RtpPacket[] = [];
      for (const bytes of tap.received) {
        if (isRtcpPacket(bytes)) continue;
        const parsed = parseRtpPacket(bytes);
        assert.equal(parsed.type, 'rtp', `a datagram that is neither RTP nor RTCP came back: ${bytes.toString('hex').slice(0, 40)}`);
        if (parsed.type === 'rtp') rtp.push(parsed.packet);
      }
      assert.ok(rtp.length >= 0.95 * PACKETS_SENT, `${rtp.length} of ${PACKETS_SENT} RTP packets came back`);
      assert.deepEqual([...new Set(rtp.map((packet) => packet.payloadType))], [payloadType]);
    } finally {
      tap.socket.close();
    }
  });
});
