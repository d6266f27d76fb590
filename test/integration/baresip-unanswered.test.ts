/**
 * Calls between two real softphones (baresip) that are never answered: the caller gives up while
 * the callee rings (CANCEL), or the callee refuses (486). Both phones must end up with no call and
 * the node must log each call as unanswered, with its cause.
 *
 * @remarks The node challenges with MD5 alone, as baresip 1.0 needs (docs/decisions.md).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listCallLogs } from '../../store/index.ts';
import { SAMPLE_RATE_HZ } from '../support/audio-match.ts';
import { baresipAvailable, startBaresip, waitRegistered, type BaresipEvent, type BaresipPhone } from '../support/baresip.ts';
import { freeUdpPortRange } from '../support/free-port.ts';
import { startTestNode, type TestNode } from '../support/test-node.ts';
import { waitForValue } from '../support/wait-until.ts';
import { writeWav } from '../support/wav-file.ts';

/** Generous: the machine running the tests may be loaded. */
const EVENT_TIMEOUT_MS = 20_000;
const skip = baresipAvailable() ? false : 'baresip is not on PATH (install the Debian package baresip-core)';

/** The events of type `type` the phone has received so far. */
const eventsOf = (phone: BaresipPhone, type: string): BaresipEvent[] => phone.events.filter((event) => event.type === type);

/** Waits until the phone has received `count` events of type `type`, and returns the last. */
async function nthEvent(phone: BaresipPhone, type: string, count: number): Promise<BaresipEvent> {
  await phone.waitForEvent(() => eventsOf(phone, type).length >= count, EVENT_TIMEOUT_MS, `${type} #${count}`);
  const event = eventsOf(phone, type)[count - 1];
  assert.ok(event);
  return event;
}

describe('baresip calls that nobody answers', { skip }, () => {
  let testNode: TestNode;
  let caller: BaresipPhone;
  let callee: BaresipPhone;
  let audioDirectory: string;

  before(async () => {
    const rtpStart = await freeUdpPortRange(20);
    testNode = await startTestNode({ extraArgs: ['--sip-digest-algorithms', 'MD5', '--rtp-ports', `${rtpStart}-${rtpStart + 19}`] });
    audioDirectory = await mkdtemp(join(tmpdir(), 'parley-baresip-audio-'));
    const silence = join(audioDirectory, 'silence.wav');
    await writeWav(silence, new Int16Array(60 * SAMPLE_RATE_HZ));
    const common = { registrarPort: testNode.sipPort, audioSource: silence, answerMode: 'manual' as const };
    caller = await startBaresip({ ...common, name: 'caller', username: '1001', password: testNode.passwords['1001'] });
    callee = await startBaresip({ ...common, name: 'callee', username: '1002', password: testNode.passwords['1002'] });
    await Promise.all([waitRegistered(caller, EVENT_TIMEOUT_MS), waitRegistered(callee, EVENT_TIMEOUT_MS)]);
  });

  after(async () => {
    await Promise.all([caller?.close(), callee?.close()]);
    await testNode?.close();
    if (audioDirectory) await rm(audioDirectory, { recursive: true, force: true });
  });

  it('when 1001 hangs up while 1002 rings, 1002 MUST stop ringing (CANCEL) and both phones MUST see the call closed', async () => {
    await caller.command('dial', `sip:1002@127.0.0.1:${testNode.sipPort}`);
    await nthEvent(callee, 'CALL_INCOMING', 1);
    await nthEvent(caller, 'CALL_RINGING', 1);
    await caller.command('hangup');
    const closed = await Promise.all([nthEvent(caller, 'CALL_CLOSED', 1), nthEvent(callee, 'CALL_CLOSED', 1)]);
    assert.equal(closed.length, 2);
  });

  it('when 1002 refuses the call, 1001 MUST see it closed as busy (486)', async () => {
    await caller.command('dial', `sip:1002@127.0.0.1:${testNode.sipPort}`);
    await nthEvent(callee, 'CALL_INCOMING', 2);
    await callee.command('hangup');
    const closed = await nthEvent(caller, 'CALL_CLOSED', 2);
    assert.match(closed.param ?? '', /^486\b/);
  });

  it('neither phone MUST be left with a call', async () => {
    const noCall = async (phone: BaresipPhone) => /Active calls \(0\)/.test((await phone.command('listcalls')).data);
    const idle = await waitForValue('both phones idle', async () => ((await noCall(caller)) && (await noCall(callee)) ? true : undefined), EVENT_TIMEOUT_MS);
    assert.equal(idle, true);
  });

  it('parley MUST log both calls as unanswered, one cancelled (487) and one busy (486)', async () => {
    const logs = await waitForValue('two call logs', async () => {
      const page = await listCallLogs(testNode.node.store.database, { limit: 10 });
      return page.items.length >= 2 ? page.items : undefined;
    }, EVENT_TIMEOUT_MS);
    assert.deepEqual(logs.map((log) => ({ answered: log.answered, status: log.hangupSipStatus })).sort((a, b) => (a.status ?? 0) - (b.status ?? 0)), [
      { answered: false, status: 486 },
      { answered: false, status: 487 },
    ]);
  });
});
