/**
 * A provider's caller keys the seed's reference IVR (CF-19, `dp-ivr-example`) through a DID
 * (CF-07): SIPp plays the provider's side of a peer trunk, its INVITE to the DID reaches the IVR
 * made through confd (its prompts WAV files of the node's sounds folder), and the key it sends,
 * as RFC 4733 events (the capture Debian ships for that key) or as an in-band dual tone streamed
 * as A-law, leads the call to that choice's destination: key 1 rings user 1002, key 2 the
 * extension 1001 of `default`. The phone rung answers, then hangs up, and SIPp receives the BYE.
 * The trunk is `nat: yes`: a provider whose Via and SDP name addresses nobody answers on still gets
 * the responses at the source port of its requests (force_rport) and hears the prompts, sent where
 * its RTP comes from (symmetric RTP), and its key 3 hangs up.
 */
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { encodeG711 } from '../../media-workers/codecs/g711.ts';
import { rtpPcap } from '../support/rtp-pcap.ts';
import { concat, dtmfTone, silence } from '../../media-workers/testing/dual-tone.ts';
import { CONFD, confdWriter } from '../support/confd-writer.ts';
import { freeSipPort, freeUdpPortPair } from '../support/free-port.ts';
import { restClient, type RestClient } from '../support/rest-client.ts';
import { runSipp, type SippRun } from '../support/sipp.ts';
import { phoneSdp, startStackPhone, type StackPhone } from '../support/stack-phone.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { waitUntil } from '../support/wait-until.ts';
import { writeWav } from '../support/wav-file.ts';

let testNode: TestNode;
let rest: RestClient;
let token = '';
let soundsDir = '';
let providerPort = 0;
const { created, put } = confdWriter(() => rest, () => token);
const phones: Record<'1001' | '1002', StackPhone> = {} as never;

/** A quiet 440 Hz tone, so the prompts' RTP is not silence. */
const tone = (ms: number) => Int16Array.from({ length: ms * 8 }, (_, index) => Math.round(2000 * Math.sin((2 * Math.PI * 440 * index) / 8000)));

before(async () => {
  soundsDir = await mkdtemp(join(tmpdir(), 'parley-ivr-trunk-sounds-'));
  await writeWav(join(soundsDir, 'ivr-example-welcome-sound.wav'), tone(200));
  await writeWav(join(soundsDir, 'ivr-example-choices.wav'), tone(3000));
  await writeWav(join(soundsDir, 'ivr-example-invalid-choice.wav'), tone(300));
  await writeWav(join(soundsDir, 'ivr-example-error.wav'), tone(300));
  testNode = await startTestNode({ extraArgs: ['--sounds-dir', soundsDir] });
  rest = restClient(testNode.httpPort);
  token = await rest.login('admin', testNode.adminPassword);
  for (const line of ['1001', '1002'] as const) {
    const phone = await startStackPhone(`phone-${line}`);
    phones[line] = phone;
    assert.equal(await phone.register(testNode.node, testNode.sipPort, line, testNode.passwords[line]), 200);
    answerThenHangUp(phone);
  }
  providerPort = await freeSipPort();
  const users = (await rest.request(`${CONFD}/users`, { token })).body as { items: { id: number; lines: { name: string }[] }[] };
  const user1002 = users.items.find((user) => user.lines.some((line) => line.name === '1002'));
  assert.ok(user1002 !== undefined);
  const ivr = await created('/ivr', {
    name: 'dp-ivr-example',
    greeting_sound: 'ivr-example-welcome-sound', menu_sound: 'ivr-example-choices',
    invalid_sound: 'ivr-example-invalid-choice', abort_sound: 'ivr-example-error',
    timeout: 5, max_tries: 3,
    choices: [
      { exten: '1', destination: { type: 'user', user_id: user1002.id } },
      { exten: '2', destination: { type: 'extension', exten: '1001', context: 'default' } },
      { exten: '3', destination: { type: 'hangup', cause: 'normal' } },
    ],
  });
  await created('/contexts', { name: 'from-extern', type: 'incall' });
  const endpoint = await created('/endpoints/sip', { username: 'provider', secret: 'provider-secret', type: 'peer', host: `127.0.0.1:${providerPort}`, options: [['nat', 'yes']] });
  const trunk = await created('/trunks', { context: 'from-extern' });
  await put(`/trunks/${String(trunk['id'])}/endpoints/sip/${String(endpoint['uuid'] ?? endpoint['id'])}`);
  const did = await created('/extensions', { exten: '1000', context: 'from-extern' });
  const incall = await created('/incalls', { destination: { type: 'ivr', ivr_id: ivr['id'] } });
  await put(`/incalls/${String(incall['id'])}/extensions/${String(did['id'])}`);
  assert.ok(await waitUntil(async () => ((await rest.request('/api/calld/1.0/trunks', { token })).body as { items: unknown[] }).items.length === 1), 'the trunk runs');
});
after(async () => {
  await Promise.all(Object.values(phones).map((phone) => phone.close()));
  await testNode?.close();
  await rm(soundsDir, { recursive: true, force: true });
});

/** The phone answers each call, and hangs up once the answer is acknowledged. */
function answerThenHangUp(phone: StackPhone): void {
  phone.onIncoming((incoming) => {
    incoming.session.accept({ sdp: phoneSdp(9) });
    incoming.listen((event) => {
      if (event.type === 'ack.received') incoming.session.sendBye();
    });
  });
}

/** The key's dual tone as a raw A-law file: 100 ms of silence, 120 ms of tone, 300 ms of silence. */
const inBandKey = (key: string): Uint8Array => encodeG711('PCMA', concat(silence(100), dtmfTone(key, 120), silence(300)));

/** Debian's capture of the key's RFC 4733 events (payload type 101). */
const rfc4733Key = (key: string): Promise<Uint8Array> => readFile(`/usr/share/sip-tester/dtmf_2833_${key}.pcap`);

/** SIPp calls the DID and keys `key`; resolves once it got the BYE of the phone the key led to. */
async function providerKeys(scenario: string, files: Record<string, Uint8Array>): Promise<SippRun> {
  return runSipp({
    scenario, target: `127.0.0.1:${testNode.sipPort}`, localPort: providerPort, injection: ['+1000;0123456789'], timeoutS: 30,
    traceMessages: true, files, extraArgs: ['-mp', String(await freeUdpPortPair())],
  });
}

/** SIPp's call ends well (it got the BYE) after `line` rang once and answered, and `others` did not ring. */
async function expectRungAndHungUp(line: '1001' | '1002', run: () => Promise<SippRun>, others: '1001' | '1002'): Promise<void> {
  const before = { rung: phones[line].incoming.length, other: phones[others].incoming.length };
  const result = await run();
  assert.equal(result.exitCode, 0, result.errors || result.stdout);
  assert.equal(phones[line].incoming.length, before.rung + 1, `${line} rang once`);
  assert.ok(phones[line].incoming.at(-1)?.events.some((event) => event.type === 'ack.received'), `${line} answered`);
  assert.equal(phones[others].incoming.length, before.other, `${others} did not ring`);
}

describe('a provider\'s caller in the reference IVR (SIPp through a trunk and a DID)', () => {
  it('MUST lead RFC 4733 key 1 to user 1002, who answers', async () => {
    await expectRungAndHungUp('1002', async () => providerKeys('uac-provider-call-key-rfc4733-expect-bye.xml', { 'dtmf-key.pcap': await rfc4733Key('1') }), '1001');
  });

  it('MUST lead RFC 4733 key 2 to extension 1001, which answers', async () => {
    await expectRungAndHungUp('1001', async () => providerKeys('uac-provider-call-key-rfc4733-expect-bye.xml', { 'dtmf-key.pcap': await rfc4733Key('2') }), '1002');
  });

  it('MUST lead in-band key 1 (a dual tone in A-law, no telephone-event) to user 1002, who answers', async () => {
    await expectRungAndHungUp('1002', async () => providerKeys('uac-provider-call-key-inband-expect-bye.xml', { 'dtmf-key.alaw': inBandKey('1') }), '1001');
  });

  it('MUST lead in-band key 2 to extension 1001, which answers', async () => {
    await expectRungAndHungUp('1001', async () => providerKeys('uac-provider-call-key-inband-expect-bye.xml', { 'dtmf-key.alaw': inBandKey('2') }), '1002');
  });
});

/** Binds `port` of 127.0.0.1 alone, or undefined when it is taken. */
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

/** SIPp's `-mp` port (it and port + 2 free for SIPp) and a socket on port + 4 keeping what it receives. */
async function mediaPortAndTap(): Promise<{ sippMediaPort: number; tap: Socket; received: Buffer[] }> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const sippMediaPort = 40_000 + 2 * Math.floor(Math.random() * 9_000);
    const probes = [await bindOrUndefined(sippMediaPort), await bindOrUndefined(sippMediaPort + 2)];
    for (const probe of probes) probe?.close();
    if (probes.some((probe) => probe === undefined)) continue;
    const tap = await bindOrUndefined(sippMediaPort + 4);
    if (tap === undefined) continue;
    const received: Buffer[] = [];
    tap.on('message', (bytes) => received.push(bytes));
    return { sippMediaPort, tap, received };
  }
  throw new Error('no free media ports for SIPp after 100 attempts');
}

describe('a provider behind NAT (trunk nat: yes)', () => {
  it('MUST answer at the source port of its requests and send the prompts to where its RTP comes from, not to the unreachable addresses of its Via and SDP', async () => {
    const { sippMediaPort, tap, received } = await mediaPortAndTap();
    try {
      const run = await runSipp({
        scenario: 'uac-provider-nat-call-key-expect-bye.xml', target: `127.0.0.1:${testNode.sipPort}`, localPort: providerPort,
        injection: ['1000;0123456789'], timeoutS: 30, traceMessages: true, extraArgs: ['-mp', String(sippMediaPort)],
        files: { 'rtp-tone.pcap': rtpPcap({ codec: 'PCMA', payloadType: 8, packets: 50, ssrc: 0x5eed0042 }), 'dtmf-key.pcap': await rfc4733Key('3') },
      });
      assert.equal(run.exitCode, 0, run.errors || run.stdout);
      const prompts = received.filter((packet) => packet.length > 12 && (packet[1]! & 0x7f) === 8);
      // The greeting and the menu play for about 2 s between the latch and key 3: some 100 frames.
      assert.ok(prompts.length >= 25, `PCMA packets received where the provider's RTP came from: ${String(prompts.length)} of ${String(received.length)}`);
    } finally {
      tap.close();
    }
  });
});
