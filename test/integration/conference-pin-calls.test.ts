/**
 * Conference rooms with a PIN on live calls of a real node (seed CF-17), configured through confd:
 * SIPp, as the registered user 1001, calls the room's extension; the node answers and asks for the
 * PIN (ConfBridge's prompts are WAV files of the node's sounds folder); SIPp keys PINs as RFC 4733
 * events. A wrong PIN is asked again, the right one makes routing decide the conference (the room's
 * preprocess hook runs, which only a `conference` outcome does) and the caller joins it, until
 * calld kicks them out (BYE). Three wrong PINs end the call without reaching the room.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { confdWriter } from '../support/confd-writer.ts';
import { freeSipPort, freeUdpPortPair } from '../support/free-port.ts';
import { restClient, type RestClient } from '../support/rest-client.ts';
import { telephoneEventPcap } from '../support/rtp-pcap.ts';
import { runSipp, type SippRun } from '../support/sipp.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { waitUntil } from '../support/wait-until.ts';
import { writeWav } from '../support/wav-file.ts';

let testNode: TestNode;
let rest: RestClient;
let token = '';
let soundsDir = '';
let roomId = 0;
/** The calls that reached the room, as its preprocess hook saw them: `<point>:<number dialed>`. */
const joined: string[] = [];
const { created, put } = confdWriter(() => rest, () => token);

/** A quiet 440 Hz tone, so the prompts' RTP is not silence. */
const tone = (ms: number) => Int16Array.from({ length: ms * 8 }, (_, index) => Math.round(2000 * Math.sin((2 * Math.PI * 440 * index) / 8000)));

before(async () => {
  soundsDir = await mkdtemp(join(tmpdir(), 'parley-conference-sounds-'));
  for (const sound of ['conf-getpin', 'conf-invalidpin']) await writeWav(join(soundsDir, `${sound}.wav`), tone(300));
  testNode = await startTestNode({
    extraArgs: ['--sounds-dir', soundsDir],
    callHooks: { hooks: { 'room-audit': (call) => void joined.push(`${call.point}:${call.variables['XIVO_DSTNUM'] ?? ''}`) } },
  });
  rest = restClient(testNode.httpPort);
  token = await rest.login('admin', testNode.adminPassword);
  const room = await created('/conferences', { name: 'Board', pin: '1234', admin_pin: '9999', preprocess_subroutine: 'room-audit' });
  roomId = Number(room['id']);
  const extension = await created('/extensions', { exten: '4000', context: 'default' });
  await put(`/conferences/${String(room['id'])}/extensions/${String(extension['id'])}`);
});
after(async () => {
  await testNode?.close();
  await rm(soundsDir, { recursive: true, force: true });
});

/** SIPp, as 1001, calls the room and keys each group of digits at its time; resolves once it answered the node's BYE. */
async function keyPins(groups: readonly { readonly atMs: number; readonly keys: string }[]): Promise<SippRun> {
  return runSipp({
    scenario: 'uac-call-key-pin-expect-bye.xml', target: `127.0.0.1:${testNode.sipPort}`, localPort: await freeSipPort(),
    user: '1001', password: testNode.passwords['1001'], injection: ['4000;'], timeoutS: 40, traceMessages: true,
    extraArgs: ['-auth_uri', `4000@127.0.0.1:${testNode.sipPort}`, '-mp', String(await freeUdpPortPair())],
    files: { 'pin-keys.pcap': telephoneEventPcap(groups, { payloadType: 101, ssrc: 0x5eed0c0f }) },
  });
}

const summary = (run: SippRun) => (run.errors || '') + run.messages.split('\n').filter((line) => /^(INVITE|BYE|SIP\/2.0)/.test(line)).join(' | ');

describe('a call to a conference room with a PIN', () => {
  it('MUST answer and ask for the PIN, ask again after a wrong one, and reach the room with the right one', async () => {
    joined.length = 0;
    const running = keyPins([{ atMs: 0, keys: '99#' }, { atMs: 2500, keys: '1234#' }]);
    // In the room: calld kicks the caller out, which ends the call with a BYE.
    const participants = async () => ((await rest.request(`/api/calld/1.0/conferences/${roomId}/participants`, { token })).body as { items?: { id: string }[] }).items ?? [];
    assert.ok(await waitUntil(async () => (await participants()).length === 1, { timeoutMs: 20_000 }), 'the caller joined the room');
    const [participant] = await participants();
    assert.equal((await rest.request(`/api/calld/1.0/conferences/${roomId}/participants/${participant?.id ?? ''}`, { method: 'DELETE', token })).status, 204);
    const run = await running;
    assert.equal(run.exitCode, 0, summary(run));
    assert.match(run.messages, /SIP\/2\.0 200 OK[\s\S]*BYE sip:/, 'answered, then the BYE once kicked out of the room');
    assert.deepEqual(joined, ['conference:4000']);
  });

  it('MUST end the call after three wrong PINs without reaching the room', async () => {
    joined.length = 0;
    const run = await keyPins([{ atMs: 0, keys: '1#' }, { atMs: 2500, keys: '2#' }, { atMs: 5000, keys: '3#' }]);
    assert.equal(run.exitCode, 0, summary(run));
    assert.deepEqual(joined, []);
  });
});
