/**
 * confd's `/voicemails` on a real database: Wazo's voicemail shape and defaults, 400 with clear
 * messages, tenants kept apart, one mailbox per user, deleting a user dissociates, deleting a
 * mailbox deletes its messages, the `voicemail_*` events and the configuration version.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertVoicemailMessage, listVoicemailMessages, readConfigurationVersion, type TenantUuid, type TestDatabase } from '../../store/index.ts';
import { confdFixture, type ConfdItem } from './testing/confd-fixture.ts';

describe('confd /voicemails', () => {
  const confd = confdFixture('postgres');
  const { call, created, events } = confd;
  let db: TestDatabase;
  let tenant = '';
  let other = '';
  before(async () => {
    ({ db, tenant, other } = await confd.open());
    await created('/contexts', { name: 'office', label: 'Office' });
    await created('/contexts', { name: 'office', label: 'Office' }, other);
  });
  after(() => confd.close());

  it('MUST create a voicemail (201) with Wazo’s defaults and publish voicemail_created', async () => {
    const voicemail = await created('/voicemails', { name: 'Alice', number: '1001', context: 'office', password: '1234' });
    assert.deepEqual(
      [voicemail.ask_password, voicemail.enabled, voicemail.delete_messages, voicemail.options, voicemail.users, voicemail.password, voicemail.tenant_uuid],
      [true, true, false, [], [], '1234', tenant],
    );
    assert.deepEqual([events.at(-1)?.name, events.at(-1)?.required_acl], ['voicemail_created', 'events.config.voicemails.created']);
    assert.deepEqual((await call('GET', `/voicemails/${String(voicemail.id)}`)).body, voicemail);
  });

  it('MUST answer 400 with every problem of an invalid body, an unknown context and a duplicate number in a context', async () => {
    const refused = await call('POST', '/voicemails', { name: '', number: '12a', context: 'office', password: '12#', email: 'nobody', max_messages: -1, options: [['a']] });
    assert.equal(refused.status, 400);
    const messages = (refused.body as string[]).join('\n');
    for (const field of ['name', 'number', 'password', 'email', 'max_messages', 'options']) assert.match(messages, new RegExp(`^${field}`, 'm'), field);
    assert.equal((await call('POST', '/voicemails', { name: 'Nowhere', number: '1', context: 'nowhere' })).status, 400);
    await created('/voicemails', { name: 'Dup', number: '1999', context: 'office' });
    assert.equal((await call('POST', '/voicemails', { name: 'Dup', number: '1999', context: 'office' })).status, 400);
  });

  it('MUST update partially (voicemail_edited), bump the configuration version and delete (voicemail_deleted)', async () => {
    const voicemail = await created('/voicemails', { name: 'Bob', number: '1002', context: 'office' });
    const before = await readConfigurationVersion(db);
    assert.equal((await call('PUT', `/voicemails/${String(voicemail.id)}`, { ask_password: false, language: 'fr_FR', options: [['saycid', 'yes']] })).status, 204);
    const read = (await call('GET', `/voicemails/${String(voicemail.id)}`)).body as ConfdItem;
    assert.deepEqual([read.ask_password, read.language, read.options, read.name, events.at(-1)?.name], [false, 'fr_FR', [['saycid', 'yes']], 'Bob', 'voicemail_edited']);
    assert.ok((await readConfigurationVersion(db)) > before);
    assert.equal((await call('DELETE', `/voicemails/${String(voicemail.id)}`)).status, 204);
    assert.deepEqual([events.at(-1)?.name, (await call('GET', `/voicemails/${String(voicemail.id)}`)).status], ['voicemail_deleted', 404]);
  });

  it('MUST keep tenants apart: another tenant’s voicemail is not found, not listed and not associable', async () => {
    const rival = await created('/voicemails', { name: 'Rival', number: '1001', context: 'office' }, other);
    assert.equal((await call('GET', `/voicemails/${String(rival.id)}`)).status, 404);
    const list = (await call('GET', '/voicemails')).body as { items: ConfdItem[] };
    assert.ok(list.items.length > 0 && list.items.every((item) => item.tenant_uuid === tenant));
    const user = await created('/users', { firstname: 'Carol' });
    assert.equal((await call('PUT', `/users/${String(user.id)}/voicemails/${String(rival.id)}`)).status, 404);
  });

  it('MUST associate one voicemail per user, show its users, and dissociate on DELETE and when the user goes', async () => {
    const voicemail = await created('/voicemails', { name: 'Shared', number: '1500', context: 'office' });
    const second = await created('/voicemails', { name: 'Second', number: '1501', context: 'office' });
    const dave = await created('/users', { firstname: 'Dave' });
    const erin = await created('/users', { firstname: 'Erin' });
    assert.equal((await call('PUT', `/users/${String(dave.id)}/voicemails/${String(voicemail.id)}`)).status, 204);
    assert.equal(events.at(-1)?.name, 'user_voicemail_associated');
    assert.equal((await call('PUT', `/users/${String(erin.id)}/voicemails/${String(voicemail.id)}`)).status, 204);
    assert.equal((await call('PUT', `/users/${String(dave.id)}/voicemails/${String(second.id)}`)).status, 400);
    const users = ((await call('GET', `/voicemails/${String(voicemail.id)}`)).body as { users: ConfdItem[] }).users;
    assert.deepEqual(users.map((user) => user.uuid), [dave.uuid, erin.uuid]);
    assert.equal((await call('DELETE', `/users/${String(dave.id)}/voicemails/${String(voicemail.id)}`)).status, 204);
    assert.equal((await call('DELETE', `/users/${String(erin.id)}`)).status, 204);
    assert.deepEqual(((await call('GET', `/voicemails/${String(voicemail.id)}`)).body as ConfdItem).users, []);
  });

  it('MUST delete a voicemail’s messages with it', async () => {
    const voicemail = await created('/voicemails', { name: 'Full', number: '1600', context: 'office' });
    await insertVoicemailMessage(db, {
      voicemailId: Number(voicemail.id), tenantUuid: tenant as TenantUuid, callerIdNum: '555', callerIdName: 'Caller',
      timestamp: 1_700_000_000, duration: 3, folder: 'inbox', file: '/nonexistent/msg.wav',
    });
    assert.equal((await listVoicemailMessages(db, Number(voicemail.id))).length, 1);
    assert.equal((await call('DELETE', `/voicemails/${String(voicemail.id)}`)).status, 204);
    assert.equal((await listVoicemailMessages(db, Number(voicemail.id))).length, 0);
  });
});
