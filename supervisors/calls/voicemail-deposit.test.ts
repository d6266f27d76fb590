/**
 * Voicemail deposits on a real database with a fake media pool: the recording is asked on the
 * caller's leg under the mailbox's folder; its end tells the call, stores a message of 1 s or more
 * and announces it once per user of the mailbox (none without users); a shorter one is discarded
 * with its file.
 */
import assert from 'node:assert/strict';
import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { MediaCommand, MediaSessionId } from '../../media-workers/index.ts';
import {
  associateUserVoicemail, createContext, createMigratedTestDatabase, createUser, createVoicemail, expectWritten, listVoicemailMessages,
  type TenantUuid, type TestDatabase,
} from '../../store/index.ts';
import type { BusEvent } from '../bus/event-bus.ts';
import { createVoicemailDeposits, type VoicemailDeposits } from './voicemail-deposit.ts';
import { waitUntil } from '../../test/support/wait-until.ts';

let db: TestDatabase;
let directory = '';
let shared = { voicemailId: 0, tenantUuid: '', number: '1500', context: 'office' };
let lonely = { voicemailId: 0, tenantUuid: '', number: '1501', context: 'office' };
let userUuids: string[] = [];
const caller = { name: 'Carol', number: '5551234' };

before(async () => {
  db = await createMigratedTestDatabase('postgres');
  directory = await mkdtemp(join(tmpdir(), 'voicemail-deposit-test-'));
  const context = expectWritten(await createContext(db, { name: 'office' }));
  const tenantUuid = context.tenantUuid as TenantUuid;
  const sharedBox = expectWritten(await createVoicemail(db, tenantUuid, { name: 'Shared', number: '1500', context: 'office' }));
  const lonelyBox = expectWritten(await createVoicemail(db, tenantUuid, { name: 'Lonely', number: '1501', context: 'office' }));
  shared = { ...shared, voicemailId: sharedBox.id, tenantUuid };
  lonely = { ...lonely, voicemailId: lonelyBox.id, tenantUuid };
  for (const firstname of ['Dave', 'Erin']) {
    const user = expectWritten(await createUser(db, { firstname, tenantUuid }));
    expectWritten(await associateUserVoicemail(db, { id: user.id, tenantUuid }, sharedBox.id));
    userUuids.push(user.uuid);
  }
});
after(async () => {
  await db.close();
  await rm(directory, { recursive: true, force: true });
});

function deposits(): { deposits: VoicemailDeposits; commands: MediaCommand[]; events: BusEvent[] } {
  const commands: MediaCommand[] = [];
  const events: BusEvent[] = [];
  const created = createVoicemailDeposits({
    pool: { request: (command: MediaCommand) => (commands.push(command), Promise.resolve({ type: 'ok' })) } as never,
    database: db, directory, publish: (event) => void events.push(event), nodeUuid: 'node-1', logger: { warn: () => undefined, error: () => undefined }, now: () => 1_700_000_000_000,
  });
  return { deposits: created, commands, events };
}

/** Starts a deposit, writes its file as the worker would, and reports its end after `durationMs`. */
async function deposit(mailbox: typeof shared, durationMs: number): Promise<{ ended: boolean; file: string; events: BusEvent[] }> {
  const { deposits: running, commands, events } = deposits();
  let ended = false;
  running.record('call-1', { mailbox, caller }, () => void (ended = true));
  const command = commands[0];
  assert.ok(command?.type === 'leg.record');
  await mkdir(dirname(command.file), { recursive: true });
  await writeFile(command.file, 'RIFF');
  running.onMediaEvent({ type: 'leg.record_finished', sessionId: 'call-1' as MediaSessionId, leg: 'A', file: command.file, durationMs, reason: 'digit' });
  return { ended, file: command.file, events };
}

describe('voicemail deposits', () => {
  it("MUST record the caller's leg A up to 5 minutes, stopping on #, in the mailbox's folder", async () => {
    const { deposits: running, commands } = deposits();
    running.record('call-7', { mailbox: shared, caller }, () => undefined);
    const command = commands[0];
    assert.deepEqual([command?.type, command !== undefined && 'sessionId' in command ? command.sessionId : undefined, command?.type === 'leg.record' ? [command.leg, command.maxDurationMs, command.stopDigits] : []], ['leg.record', 'call-7', ['A', 300_000, '#']]);
    assert.ok(command?.type === 'leg.record' && command.file.startsWith(join(directory, shared.tenantUuid, 'office', '1500') + '/') && command.file.endsWith('.wav'));
  });

  it('MUST tell the call, store a message of 2 s, and publish user_voicemail_message_created once per user of the mailbox', async () => {
    const { ended, events } = await deposit(shared, 2_040);
    assert.ok(await waitUntil(() => events.length === 2, { timeoutMs: 5000 }), 'two events');
    const [message] = await listVoicemailMessages(db, shared.voicemailId);
    assert.deepEqual([ended, message?.duration, message?.callerIdNum, message?.timestamp, /^1700000000-\d{8}$/.test(message?.id ?? '')], [true, 2, '5551234', 1_700_000_000, true]);
    assert.deepEqual(events.map((event) => [event.name, event.required_acl, (event.data as { user_uuid: string }).user_uuid]), userUuids.map((uuid) => ['user_voicemail_message_created', `events.users.${uuid}.voicemails`, uuid]));
  });

  it('MUST store the message of a mailbox without users and publish nothing', async () => {
    const { events } = await deposit(lonely, 1_500);
    assert.ok(await waitUntil(async () => (await listVoicemailMessages(db, lonely.voicemailId)).length === 1, { timeoutMs: 5000 }), 'stored');
    assert.equal(events.length, 0);
  });

  it('MUST discard a message shorter than 1 s with its file', async () => {
    const before = (await listVoicemailMessages(db, shared.voicemailId)).length;
    const { file } = await deposit(shared, 600);
    assert.ok(await waitUntil(() => access(file).then(() => false, () => true), { timeoutMs: 5000 }), 'file removed');
    assert.equal((await listVoicemailMessages(db, shared.voicemailId)).length, before);
  });
});
