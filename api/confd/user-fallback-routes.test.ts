/**
 * confd's `/users/{id}/fallbacks` on a real database: Wazo's four destinations (null when none), a
 * partial PUT, 400 with clear messages, a mailbox of another tenant refused, the
 * `user_fallback_edited` event, the configuration version, and the routing load reading them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadDialplan, readConfigurationVersion, type TestDatabase } from '../../store/index.ts';
import { confdFixture, type ConfdItem } from './testing/confd-fixture.ts';

describe('confd /users/{id}/fallbacks', () => {
  const confd = confdFixture('postgres');
  const { call, created, events } = confd;
  let db: TestDatabase;
  let mailbox: ConfdItem;
  let rivalMailbox: ConfdItem;
  let other = '';
  before(async () => {
    ({ db, other } = await confd.open());
    await created('/contexts', { name: 'office', label: 'Office' });
    await created('/contexts', { name: 'office', label: 'Office' }, other);
    mailbox = await created('/voicemails', { name: 'Alice', number: '1001', context: 'office' });
    rivalMailbox = await created('/voicemails', { name: 'Rival', number: '1001', context: 'office' }, other);
  });
  after(() => confd.close());

  it('MUST answer every fallback as null for a new user', async () => {
    const user = await created('/users', { firstname: 'Alice' });
    const read = await call('GET', `/users/${String(user.uuid)}/fallbacks`);
    assert.deepEqual(read.body, { noanswer_destination: null, busy_destination: null, congestion_destination: null, fail_destination: null });
  });

  it('MUST set the cases named, keep the others, publish user_fallback_edited and bump the configuration version', async () => {
    const user = await created('/users', { firstname: 'Bob' });
    const path = `/users/${String(user.id)}/fallbacks`;
    assert.equal((await call('PUT', path, { busy_destination: { type: 'hangup', cause: 'busy' } })).status, 204);
    const before = await readConfigurationVersion(db);
    assert.equal((await call('PUT', path, { noanswer_destination: { type: 'voicemail', voicemail_id: mailbox.id } })).status, 204);
    assert.ok((await readConfigurationVersion(db)) > before);
    assert.deepEqual([events.at(-1)?.name, events.at(-1)?.required_acl, (events.at(-1)?.data as ConfdItem).uuid], ['user_fallback_edited', 'events.config.users.fallbacks.edited', user.uuid]);
    const read = (await call('GET', path)).body as ConfdItem;
    assert.deepEqual([read.noanswer_destination, read.busy_destination, read.fail_destination], [{ type: 'voicemail', voicemail_id: mailbox.id }, { type: 'hangup', cause: 'busy' }, null]);
  });

  it("MUST show the fallbacks in the user's own view", async () => {
    const user = await created('/users', { firstname: 'Frank' });
    await call('PUT', `/users/${String(user.id)}/fallbacks`, { busy_destination: { type: 'voicemail', voicemail_id: mailbox.id } });
    const fallbacks = ((await call('GET', `/users/${String(user.uuid)}`)).body as ConfdItem).fallbacks as ConfdItem;
    assert.deepEqual([fallbacks.busy_destination, fallbacks.noanswer_destination], [{ type: 'voicemail', voicemail_id: mailbox.id }, null]);
  });

  it('MUST clear a fallback given as none or null', async () => {
    const user = await created('/users', { firstname: 'Carol' });
    const path = `/users/${String(user.id)}/fallbacks`;
    await call('PUT', path, { noanswer_destination: { type: 'voicemail', voicemail_id: mailbox.id }, fail_destination: { type: 'voicemail', voicemail_id: mailbox.id } });
    assert.equal((await call('PUT', path, { noanswer_destination: { type: 'none' }, fail_destination: null })).status, 204);
    const read = (await call('GET', path)).body as ConfdItem;
    assert.deepEqual([read.noanswer_destination, read.fail_destination], [null, null]);
  });

  it('MUST answer 400 for an unknown key or destination, and for a mailbox of another tenant', async () => {
    const user = await created('/users', { firstname: 'Dave' });
    const path = `/users/${String(user.id)}/fallbacks`;
    const refused = await call('PUT', path, { noanswer_destination: { type: 'teleport' }, unavailable_destination: null });
    assert.equal(refused.status, 400);
    assert.match((refused.body as string[]).join('\n'), /noanswer_destination/);
    assert.equal((await call('PUT', path, { busy_destination: { type: 'voicemail', voicemail_id: rivalMailbox.id } })).status, 400);
  });

  it('MUST answer 404 for a user of another tenant or none', async () => {
    const rival = await created('/users', { firstname: 'Rival' }, other);
    assert.equal((await call('GET', `/users/${String(rival.id)}/fallbacks`)).status, 404);
    assert.equal((await call('PUT', '/users/999999/fallbacks', {})).status, 404);
  });

  it('MUST hand the fallbacks to routing with the user in the dialplan load', async () => {
    const user = await created('/users', { firstname: 'Erin' });
    await call('PUT', `/users/${String(user.id)}/fallbacks`, { noanswer_destination: { type: 'voicemail', voicemail_id: mailbox.id } });
    const loaded = (await loadDialplan(db)).users.find((candidate) => candidate.uuid === user.uuid);
    assert.deepEqual(loaded?.fallbacks.noanswer, { type: 'voicemail', voicemail_id: mailbox.id });
  });
});
