/**
 * calld's media verbs on a real node with two scripted phones (seed API-01): mute stops the
 * channel's audio towards its peer and unmute brings it back, with `muted` in the call model and
 * `call_updated`; DTMF reaches the peer as RFC 4733 telephone events; bad digits are a 400.
 */
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { after, before, describe, it } from 'node:test';
import type { call } from '../../actors/index.ts';
import { restClient, type RestClient } from '../support/rest-client.ts';
import { listenForRtp, type RtpListener } from '../support/rtp-listener.ts';
import { phoneSdp, startStackPhone, type StackPhone } from '../support/stack-phone.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { waitUntil } from '../support/wait-until.ts';

let testNode: TestNode;
let client: RestClient;
let caller: StackPhone;
let callee: StackPhone;
let calleeMedia: RtpListener;
let callerMedia: Socket;
let admin = '';
let callerChannel: call.CallModel;
let calleeChannel: call.CallModel;
let sender: NodeJS.Timeout | undefined;
const updates: call.CallModel[] = [];

const calls = async (): Promise<call.CallModel[]> => ((await client.request('/api/calld/1.0/calls', { token: admin })).body as { items: call.CallModel[] }).items;
const put = async (path: string): Promise<number> => (await client.request(`/api/calld/1.0${path}`, { method: 'PUT', token: admin })).status;
/** PCMU packets relayed to the callee (payload type 0). */
const audioPackets = (): number => calleeMedia.packets.filter((packet) => packet.payloadType === 0).length;

before(async () => {
  testNode = await startTestNode();
  client = restClient(testNode.httpPort);
  caller = await startStackPhone('caller');
  callee = await startStackPhone('callee');
  calleeMedia = await listenForRtp();
  callerMedia = createSocket('udp4');
  await new Promise<void>((resolve) => callerMedia.bind(0, '127.0.0.1', () => resolve()));
  assert.equal(await callee.register(testNode.node, testNode.sipPort, '1002', testNode.passwords['1002']), 200);
  admin = await client.login('admin', testNode.adminPassword);
  testNode.node.bus.subscribe(['call_updated'], (event) => void updates.push(event.data as call.CallModel));
  callee.onIncoming(({ session }) => void session.accept({ sdp: phoneSdp(calleeMedia.port) }));
  const outgoing = caller.call(testNode.sipPort, '1002', '1001', testNode.passwords['1001']);
  assert.ok(await waitUntil(() => outgoing.events.some((event) => event.type === 'answered')));
  const answer = outgoing.events.find((event) => event.type === 'answered');
  const nodePort = Number(/m=audio (\d+)/.exec(answer?.type === 'answered' ? answer.sdp ?? '' : '')?.[1]);
  assert.ok(nodePort > 0, 'the node answered with its RTP port');
  // The caller's phone talks: 20 ms PCMU frames to the node's caller leg.
  let sequence = 0;
  sender = setInterval(() => {
    const packet = Buffer.alloc(12 + 160, 0xff);
    packet.writeUInt8(0x80, 0);
    packet.writeUInt8(0, 1);
    packet.writeUInt16BE(sequence & 0xffff, 2);
    packet.writeUInt32BE((sequence * 160) >>> 0, 4);
    packet.writeUInt32BE(0x1234abcd, 8);
    sequence += 1;
    callerMedia.send(packet, nodePort, '127.0.0.1');
  }, 20);
  const listed = await calls();
  const found = [listed.find((model) => model.is_caller), listed.find((model) => !model.is_caller)];
  assert.ok(found[0] !== undefined && found[1] !== undefined, JSON.stringify(listed));
  [callerChannel, calleeChannel] = [found[0], found[1]];
});
after(async () => {
  clearInterval(sender);
  callerMedia.close();
  await calleeMedia.close();
  await Promise.all([caller.close(), callee.close()]);
  await testNode.close();
});

describe('calld media verbs', () => {
  it("MUST stop the caller's audio towards the callee while muted, and bring it back when unmuted", async () => {
    assert.ok(await waitUntil(() => audioPackets() > 10), 'audio flows before the mute');
    assert.equal(await put(`/calls/${callerChannel.call_id}/mute/start`), 204);
    assert.ok(await waitUntil(async () => (await calls()).find((model) => model.call_id === callerChannel.call_id)?.muted === true), 'muted in the model');
    assert.ok(updates.some((model) => model.call_id === callerChannel.call_id && model.muted), 'call_updated with muted');
    // Packets already on their way when the mute landed may still arrive: count from a quiet moment.
    assert.ok(await waitUntil(async () => {
      const before = audioPackets();
      await new Promise((resolve) => setTimeout(resolve, 200));
      return audioPackets() === before;
    }), 'no audio reaches the callee while muted');
    const whileMuted = audioPackets();
    assert.equal(await put(`/calls/${callerChannel.call_id}/mute/stop`), 204);
    assert.ok(await waitUntil(() => audioPackets() > whileMuted + 10), 'audio flows again after unmute');
    assert.ok(await waitUntil(async () => (await calls()).find((model) => model.call_id === callerChannel.call_id)?.muted === false));
  });

  it('MUST send DTMF to the peer of the channel as RFC 4733 events, each digit with its end packets', async () => {
    const before = calleeMedia.packets.length;
    assert.equal(await put(`/calls/${callerChannel.call_id}/dtmf?digits=${encodeURIComponent('19#')}`), 204);
    const events = () => calleeMedia.packets.slice(before).filter((packet) => packet.payloadType === 101);
    assert.ok(await waitUntil(() => events().filter((packet) => (packet.payload[1] ?? 0) & 0x80).length >= 9), 'three end packets per digit');
    const digits = [...new Set(events().map((packet) => packet.payload[0]))];
    assert.deepEqual(digits, [1, 9, 11]);
  });

  it('MUST refuse bad digits, unknown calls and calls not in conversation with a 4xx', async () => {
    for (const digits of ['', 'x', '1 2', '12345678901234567890123456789012345678901234567890123456789012345']) {
      assert.equal(await put(`/calls/${callerChannel.call_id}/dtmf?digits=${encodeURIComponent(digits)}`), 400, JSON.stringify(digits));
    }
    assert.equal(await put(`/calls/${callerChannel.call_id}/dtmf`), 400, 'no digits');
    assert.equal(await put('/calls/1.999999/dtmf?digits=1'), 404);
    assert.equal(await put('/calls/1.999999/mute/start'), 404);
    assert.equal(await put(`/calls/${calleeChannel.call_id}/answer`), 409);
  });
});
