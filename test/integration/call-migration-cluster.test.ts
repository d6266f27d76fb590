/**
 * Moving a live call to another node of a cluster (two nodes on one database and one Redis prefix,
 * each with its own SIP port and RTP range, no HA): phone A calls phone B through the first node;
 * `calls.migrate` to the second node re-INVITEs both phones with the second node's Contact and
 * media ports; RTP then flows through the second node, the first lists no call, a BYE from A goes
 * to the second node and B gets one, and the call has one call log. A phone refusing its
 * re-INVITE (488) leaves the call up on the first node. Refusals come from the server: a token
 * without the ACL is `forbidden`, another tenant's call `not_found`, the same node
 * `invalid_state`, an unknown node `not_found`. The console's Calls view moves a call the same way,
 * after a confirmation, and shows the outcome.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listCallLogs } from '../../store/index.ts';
import type { InviteClientSession, SessionEvent } from '../../transport/index.ts';
import { openConsoleBrowser } from '../support/console-browser.ts';
import { openControlClient, type ControlClient } from '../support/control-client.ts';
import { restClient, type RestClient } from '../support/rest-client.ts';
import { listenForRtp, type RtpListener } from '../support/rtp-listener.ts';
import { createRtpStream } from '../support/rtp-stream.ts';
import { phoneSdp, startStackPhone, type IncomingCall, type StackPhone } from '../support/stack-phone.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { waitUntil } from '../support/wait-until.ts';

let first: TestNode;
let second: TestNode;
let rest: RestClient;
let control: ControlClient;
let secondControl: ControlClient;
let alice: StackPhone;
let bob: StackPhone;
let aliceRtp: RtpListener;
let bobRtp: RtpListener;
const FIRST_RTP = { start: 31_000, end: 31_998 };
const SECOND_RTP = { start: 32_000, end: 32_998 };
const nameOf = (node: TestNode): string => `test-${String(node.sipPort)}`;
const mediaPortOf = (sdp: string | undefined): number => Number(/^m=audio (\d+)/m.exec(sdp ?? '')?.[1] ?? Number.NaN);
/** A command id used once (a reply is found by its id among every frame the socket received). */
let frames = 0;
const frameId = (label: string): string => `${label}-${String((frames += 1))}`;
/** The number of channels a node lists (its `calls.list` total). */
const listedOn = async (client: ControlClient, id: string): Promise<number> => {
  const frame = await client.command(frameId(id), 'calls.list');
  const total = (frame['result'] as { total?: number } | undefined)?.total;
  if (total === undefined) throw new Error(`calls.list refused: ${JSON.stringify(frame)}`);
  return total;
};
const codeOf = (frame: Record<string, unknown>): string | undefined => (frame['error'] as { code?: string } | undefined)?.code;

before(async () => {
  first = await startTestNode({ redis: true, extraArgs: ['--rtp-ports', `${String(FIRST_RTP.start)}-${String(FIRST_RTP.end)}`] });
  second = await startTestNode({ redis: true, sharedWith: first, extraArgs: ['--rtp-ports', `${String(SECOND_RTP.start)}-${String(SECOND_RTP.end)}`] });
  rest = restClient(first.httpPort);
  const token = await rest.login('admin', first.adminPassword);
  control = await openControlClient(`ws://127.0.0.1:${String(first.httpPort)}/api/control?token=${token}`);
  secondControl = await openControlClient(`ws://127.0.0.1:${String(second.httpPort)}/api/control?token=${await restClient(second.httpPort).login('admin', second.adminPassword)}`);
  alice = await startStackPhone('alice', { followRemoteTarget: true });
  bob = await startStackPhone('bob', { followRemoteTarget: true });
  aliceRtp = await listenForRtp();
  bobRtp = await listenForRtp();
  assert.equal(await bob.register(first.node, first.sipPort, '1002', first.passwords['1002']), 200);
});
after(async () => {
  control?.close();
  secondControl?.close();
  await alice?.close();
  await bob?.close();
  await aliceRtp?.close();
  await bobRtp?.close();
  await second?.close();
  await first?.close();
});

/** A call from Alice to Bob through the first node, answered and confirmed, with each phone's re-INVITEs answered as `reinvites` says. */
async function establish(reinvites: { alice: 'accept' | 'refuse-first' }): Promise<{ callId: string; aliceSession: InviteClientSession; aliceEvents: SessionEvent[]; bobCall: IncomingCall; bobEvents: SessionEvent[]; ports: { A: number; B: number } }> {
  const bobCalls = bob.incoming.length;
  bob.onIncoming(({ session }) => {
    session.provisional(180);
    session.accept({ sdp: phoneSdp(bobRtp.port) });
  });
  const outgoing = alice.call(first.sipPort, '1002', '1001', first.passwords['1001'], { sdp: phoneSdp(aliceRtp.port) });
  assert.ok(await waitUntil(() => outgoing.events.some((event) => event.type === 'answered')), `answered: ${JSON.stringify(outgoing.events)}`);
  const bobCall = bob.incoming[bobCalls] as IncomingCall;
  assert.ok(await waitUntil(() => bobCall.events.some((event) => event.type === 'ack.received')), 'Bob\'s dialog confirmed');
  const aliceSession = outgoing.session() as InviteClientSession;
  const aliceEvents: SessionEvent[] = [];
  aliceSession.listen((event) => {
    aliceEvents.push(event);
    if (event.type !== 'reinvite.received') return;
    const offered = aliceEvents.filter((seen) => seen.type === 'reinvite.received').length;
    if (reinvites.alice === 'refuse-first' && offered === 1) aliceSession.answerReInvite(event.requestId, { type: 'reject', status: 488 });
    else aliceSession.answerReInvite(event.requestId, { type: 'accept', sdp: phoneSdp(aliceRtp.port, 'sendrecv', offered + 1) });
  });
  const bobEvents: SessionEvent[] = [];
  bobCall.listen((event) => {
    bobEvents.push(event);
    if (event.type === 'reinvite.received') bobCall.session.answerReInvite(event.requestId, { type: 'accept', sdp: phoneSdp(bobRtp.port, 'sendrecv', 2) });
  });
  const answer = outgoing.events.find((event) => event.type === 'answered');
  const ports = { A: mediaPortOf(answer?.type === 'answered' ? answer.sdp : undefined), B: mediaPortOf(bobCall.session.offer) };
  const listed = (await control.command(frameId('list'), 'calls.list'))['result'] as { items: { call_id: string; is_caller: boolean }[] };
  const callId = listed.items.find((item) => item.is_caller)?.call_id;
  assert.ok(callId !== undefined, `the call is listed on the first node: ${JSON.stringify(listed)}`);
  // The call moves with its media worker's snapshot, pushed every second.
  assert.ok(await waitUntil(() => first.node.calls.replicaOf(callId)?.media?.session !== undefined), 'the call\'s media snapshot is taken');
  return { callId, aliceSession, aliceEvents, bobCall, bobEvents, ports };
}

/** RTP sent by each phone to its leg's port reaches the other phone from the other leg's port. */
async function flowsThrough(ports: { A: number; B: number }): Promise<boolean> {
  const streams = { alice: createRtpStream(0x1111), bob: createRtpStream(0x2222) };
  const since = { alice: aliceRtp.packets.length, bob: bobRtp.packets.length };
  const payload = new Uint8Array(160).fill(0xff);
  return waitUntil(() => {
    aliceRtp.send(streams.alice.packet(0, streams.alice.sequence * 160, payload), ports.A);
    bobRtp.send(streams.bob.packet(0, streams.bob.sequence * 160, payload), ports.B);
    const toBob = bobRtp.packets.slice(since.bob).some((packet) => packet.sourcePort === ports.B);
    const toAlice = aliceRtp.packets.slice(since.alice).some((packet) => packet.sourcePort === ports.A);
    return toBob && toAlice;
  }, { timeoutMs: 10_000, intervalMs: 20 });
}

/**
 * Both phones talking every 20 ms to the port their latest SDP names (as a phone re-points its RTP
 * when a re-INVITE arrives); `gapMs` is the largest silence each phone heard since `fromMs`.
 */
function talk(call: { aliceEvents: SessionEvent[]; bobEvents: SessionEvent[]; ports: { A: number; B: number } }): { stop(): void; gapMs(fromMs: number): { alice: number; bob: number } } {
  const streams = { alice: createRtpStream(0x3333), bob: createRtpStream(0x4444) };
  const payload = new Uint8Array(160).fill(0xff);
  const latest = (events: SessionEvent[], initial: number): number => {
    const offers = events.filter((event) => event.type === 'reinvite.received');
    const last = offers.at(-1);
    return last?.type === 'reinvite.received' ? mediaPortOf(last.sdp) : initial;
  };
  const timer = setInterval(() => {
    aliceRtp.send(streams.alice.packet(0, streams.alice.sequence * 160, payload), latest(call.aliceEvents, call.ports.A));
    bobRtp.send(streams.bob.packet(0, streams.bob.sequence * 160, payload), latest(call.bobEvents, call.ports.B));
  }, 20);
  const gap = (listener: RtpListener, fromMs: number): number => {
    const arrivals = listener.packets.filter((packet) => packet.arrivalMs >= fromMs).map((packet) => packet.arrivalMs);
    return arrivals.slice(1).reduce((widest, at, index) => Math.max(widest, at - (arrivals[index] ?? at)), 0);
  };
  return { stop: () => clearInterval(timer), gapMs: (fromMs) => ({ alice: gap(aliceRtp, fromMs), bob: gap(bobRtp, fromMs) }) };
}

const callLogsSince = async (sinceMs: number) => (await listCallLogs(first.node.store.database, { fromMs: sinceMs, limit: 10 })).items;

describe('moving a live call to another node of the cluster', () => {
  it('MUST re-INVITE both phones with the second node\'s Contact and media, then run the call there only, to its BYE and one call log', async () => {
    const sinceMs = Date.now() - 1_000;
    const call = await establish({ alice: 'accept' });
    assert.ok(await flowsThrough(call.ports), 'RTP both ways through the first node');

    const talking = talk(call);
    assert.ok(await waitUntil(() => talking.gapMs(Date.now() - 200).bob > 0), 'both phones talking');
    const askedAt = Date.now();
    const moved = await control.command(frameId('m'), 'calls.migrate', { call_id: call.callId, node: nameOf(second) });
    const answeredMs = Date.now() - askedAt;
    assert.deepEqual(moved['result'], { call_id: call.callId, node: nameOf(second), moved: true }, JSON.stringify(moved));

    const offers = [call.aliceEvents, call.bobEvents].map((events) => events.find((event) => event.type === 'reinvite.received'));
    const newPorts = { A: mediaPortOf(offers[0]?.type === 'reinvite.received' ? offers[0].sdp : undefined), B: mediaPortOf(offers[1]?.type === 'reinvite.received' ? offers[1].sdp : undefined) };
    for (const port of [newPorts.A, newPorts.B]) assert.ok(port >= SECOND_RTP.start && port <= SECOND_RTP.end, `a media port of the second node: ${String(port)}`);
    for (const offer of offers) assert.match(offer?.type === 'reinvite.received' ? offer.sdp ?? '' : '', /^o=\S+ \d+ \d+ IN IP4 127\.0\.0\.1$/m);
    // The target refresh: each phone now sends its requests to the second node's Contact.
    assert.match(call.aliceSession.snapshot()?.dialog.remoteTarget ?? '', new RegExp(`:${String(second.sipPort)}\\b`));
    assert.match(call.bobCall.session.snapshot()?.dialog.remoteTarget ?? '', new RegExp(`:${String(second.sipPort)}\\b`));

    assert.ok(await flowsThrough(newPorts), 'RTP both ways through the second node');
    // Half a second more of talk through the second node, then the widest silence each phone heard across the move.
    const settled = Date.now() + 500;
    await waitUntil(() => Date.now() >= settled);
    talking.stop();
    const gap = talking.gapMs(askedAt - 200);
    console.log(`call-migration: calls.migrate answered in ${String(answeredMs)} ms; widest RTP silence across the move: Alice ${String(gap.alice)} ms, Bob ${String(gap.bob)} ms (20 ms packets)`);
    assert.ok(gap.alice < 1_000 && gap.bob < 1_000, `RTP resumed within a second: ${JSON.stringify(gap)}`);
    assert.equal((await listedOn(control, 'l1')), 0, 'the first node lists no call');
    assert.equal((await listedOn(secondControl, 'l2')), 2, 'the second node lists both channels of the call');
    assert.ok(await waitUntil(() => first.node.calls.rtpPortsInUse() === 0), 'the first node freed its media');

    assert.equal(call.aliceSession.sendBye().type, 'ok');
    assert.ok(await waitUntil(() => call.bobEvents.some((event) => event.type === 'bye.received')), 'Bob gets the BYE from the second node');
    assert.ok(await waitUntil(() => second.node.calls.activeCallCount() === 0), 'the call ended on the second node');
    assert.ok(await waitUntil(async () => (await callLogsSince(sinceMs)).some((log) => log.endedAtMs !== null)), 'the call log is written');
    const logs = await callLogsSince(sinceMs);
    assert.equal(logs.length, 1, `exactly one call log: ${JSON.stringify(logs)}`);
    assert.equal(logs[0]?.answered, true);
    assert.equal(await listedOn(control, 'l9'), 0, 'nothing on the first node after the BYE');
    assert.equal(await listedOn(secondControl, 'l10'), 0, 'nothing on the second node after the BYE');
  });

  it('MUST leave the call up on the first node when a phone refuses its re-INVITE (488), and say why', async () => {
    const call = await establish({ alice: 'refuse-first' });
    const refused = await control.command(frameId('r'), 'calls.migrate', { call_id: call.callId, node: nameOf(second) });
    assert.equal(codeOf(refused), 'unavailable', JSON.stringify(refused));
    assert.match((refused['error'] as { message: string }).message, /refused the move: 488/);
    assert.equal((await listedOn(control, 'l3')), 2, 'the first node still serves the call');
    assert.equal((await listedOn(secondControl, 'l4')), 0);
    assert.equal(second.node.calls.rtpPortsInUse(), 0, 'the second node let its copy go');
    // Alice took the second node's Contact when the re-INVITE came (RFC 3261 §12.2.2): the first node points her back.
    assert.ok(await waitUntil(() => call.aliceEvents.filter((event) => event.type === 'reinvite.received').length === 2), 'the first node re-INVITEs Alice');
    const back = call.aliceEvents.filter((event) => event.type === 'reinvite.received')[1];
    assert.equal(mediaPortOf(back?.type === 'reinvite.received' ? back.sdp : undefined), call.ports.A, 'her leg on the first node');
    assert.match(call.aliceSession.snapshot()?.dialog.remoteTarget ?? '', new RegExp(`:${String(first.sipPort)}\\b`));
    assert.equal(call.bobEvents.filter((event) => event.type === 'reinvite.received').length, 0, 'Bob was never asked');
    assert.ok(await flowsThrough(call.ports), 'RTP both ways through the first node still');
    assert.equal(call.aliceSession.sendBye().type, 'ok');
    assert.ok(await waitUntil(() => call.bobEvents.some((event) => event.type === 'bye.received')), 'Bob gets the BYE from the first node');
  });

  it('MUST refuse from the server: forbidden without the ACL, not_found for another tenant, invalid_state for the same node, not_found for no such node', async () => {
    const call = await establish({ alice: 'accept' });
    const root = await rest.login('admin', first.adminPassword);
    const policy = await rest.request('/api/auth/0.1/policies', { method: 'POST', token: root, body: { name: 'calls-reader', acl: ['calld.calls.read', 'websocketd'] } });
    const reader = await rest.request('/api/auth/0.1/users', { method: 'POST', token: root, body: { username: 'reader', password: 'reader-pw' } });
    await rest.request(`/api/auth/0.1/users/${(reader.body as { uuid: string }).uuid}/policies/${(policy.body as { uuid: string }).uuid}`, { method: 'PUT', token: root });
    const tenant = await rest.request('/api/auth/0.1/tenants', { method: 'POST', token: root, body: { name: 'other' } });
    const admins = await rest.request('/api/auth/0.1/policies?search=default-admin', { token: root });
    const stranger = await rest.request('/api/auth/0.1/users', { method: 'POST', token: root, headers: { 'wazo-tenant': (tenant.body as { uuid: string }).uuid }, body: { username: 'other-admin', password: 'other-pw' } });
    await rest.request(`/api/auth/0.1/users/${(stranger.body as { uuid: string }).uuid}/policies/${(admins.body as { items: { uuid: string }[] }).items[0]?.uuid ?? ''}`, { method: 'PUT', token: root });
    const readerControl = await openControlClient(`ws://127.0.0.1:${String(first.httpPort)}/api/control?token=${await rest.login('reader', 'reader-pw')}`);
    const strangerControl = await openControlClient(`ws://127.0.0.1:${String(first.httpPort)}/api/control?token=${await rest.login('other-admin', 'other-pw')}`);
    try {
      const args = { call_id: call.callId, node: nameOf(second) };
      assert.equal(codeOf(await readerControl.command(frameId('f'), 'calls.migrate', args)), 'forbidden');
      assert.equal(codeOf(await strangerControl.command(frameId('t'), 'calls.migrate', args)), 'not_found');
      assert.equal(codeOf(await control.command(frameId('s'), 'calls.migrate', { ...args, node: nameOf(first) })), 'invalid_state');
      assert.equal(codeOf(await control.command(frameId('u'), 'calls.migrate', { ...args, node: 'no-such-node' })), 'not_found');
      assert.equal((await listedOn(control, 'l5')), 2, 'the call is still up on the first node');
    } finally {
      readerControl.close();
      strangerControl.close();
      call.aliceSession.sendBye();
    }
    assert.ok(await waitUntil(() => call.bobEvents.some((event) => event.type === 'bye.received')));
  });

  it('MUST move a call from the console\'s Calls view after a confirmation, and show the outcome', async (t) => {
    const browser = await openConsoleBrowser('console-call-move');
    try {
      if (browser.missing !== undefined) return t.skip(browser.missing);
      const { page } = browser;
      const call = await establish({ alice: 'accept' });
      await browser.login(`http://127.0.0.1:${String(first.httpPort)}`, 'admin', first.adminPassword);
      const row = page.locator(`#calls-table tbody tr[data-call-id="${call.callId}"]`);
      await row.waitFor();
      const form = page.locator('#calls-move-form');
      await browser.pressUntil(row.getByRole('button', { name: 'Move' }), form, 'the move form');
      await form.getByLabel('Move to node').fill(nameOf(second));
      const dialog = page.locator('#confirm-dialog', { hasText: `Move ${call.callId}` });
      await browser.pressUntil(form.getByRole('button', { name: 'Move…' }), dialog, 'the confirmation of the move');
      await browser.screenshot('call-move-confirm');
      await browser.pressUntil(dialog.getByRole('button', { name: 'Confirm' }), page.locator('#action-outcome', { hasText: `Move ${call.callId}: ` }), 'the outcome of the move');
      await page.locator('#action-outcome', { hasText: `Move ${call.callId}: moved to ${nameOf(second)}` }).waitFor({ timeout: 15_000 });
      assert.equal(await listedOn(secondControl, 'l11'), 2, 'the second node runs the call');
      // The first node let the call go: its Calls view drops the row.
      await row.waitFor({ state: 'detached', timeout: 15_000 });
      await browser.screenshot('call-moved');
      assert.equal(call.aliceSession.sendBye().type, 'ok');
      assert.ok(await waitUntil(() => call.bobEvents.some((event) => event.type === 'bye.received')), 'Bob gets the BYE from the second node');
    } finally {
      await browser.close();
    }
  });
});
