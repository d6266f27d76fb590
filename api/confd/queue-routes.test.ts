/**
 * confd's `/queues` on a real database: Wazo's queue shape and defaults, the options checked
 * (strategies, joinempty / leavewhenempty conditions, whole numbers), no change of strategy to
 * linear, fractional ratio thresholds, tenants kept apart, fallbacks, agent and user members with
 * penalty and position, extensions and schedules, and the `queue_*` events.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadDialplan, type TestDatabase } from '../../store/index.ts';
import { confdOpenApi, confdRoutes } from './confd-service.ts';
import { confdFixture, type ConfdItem } from './testing/confd-fixture.ts';

describe('confd /queues', () => {
  const confd = confdFixture('postgres');
  const { call, created, events } = confd;
  let db: TestDatabase;
  let other = '';
  let tenant = '';
  before(async () => {
    ({ db, tenant, other } = await confd.open());
    await created('/contexts', { name: 'office', label: 'Office' });
  });
  after(() => confd.close());
  const messages = (answer: { body: unknown }) => (answer.body as string[]).join('\n');

  it('MUST create a queue (201) with Wazo’s defaults, read it back and publish queue_created', async () => {
    const queue = await created('/queues', { name: 'q1', label: 'Support', options: [['strategy', 'rrmemory'], ['timeout', '15'], ['joinempty', 'unavailable,invalid']] });
    assert.deepEqual(
      [queue.enabled, queue.timeout, queue.retry_on_timeout, queue.ignore_forward, queue.mark_answered_elsewhere, queue.tenant_uuid, queue.members, queue.extensions],
      [true, null, true, true, false, tenant, { agents: [], users: [] }, []],
    );
    assert.deepEqual(queue.options, [['strategy', 'rrmemory'], ['timeout', '15'], ['joinempty', 'unavailable,invalid']]);
    assert.deepEqual([events.at(-1)?.name, events.at(-1)?.required_acl], ['queue_created', 'events.config.queues.created']);
    assert.deepEqual((await call('GET', `/queues/${String(queue.id)}`)).body, queue);
    const list = (await call('GET', '/queues?search=support')).body as { total: number; items: ConfdItem[] };
    assert.deepEqual(list.items.map((item) => item.name), ['q1']);
  });

  it('MUST refuse the name general, an unknown strategy, an unknown empty condition and a non-numeric setting with a clear 400', async () => {
    assert.match(messages(await call('POST', '/queues', { name: 'general' })), /^name: 'general' is reserved/);
    assert.match(messages(await call('POST', '/queues', { name: 'qa', options: [['strategy', 'all']] })), /^options\.0: strategy must be one of ringall, linear/);
    assert.match(messages(await call('POST', '/queues', { name: 'qb', options: [['leavewhenempty', 'paused,sleepy']] })), /^options\.0: leavewhenempty: unknown condition "sleepy"/);
    assert.match(messages(await call('POST', '/queues', { name: 'qc', options: [['maxlen', 'ten']] })), /^options\.0: maxlen must be a whole number/);
    assert.match(messages(await call('POST', '/queues', { name: 'qd', options: [['retry', '5'], ['retry', '6']] })), /options\.1: retry is given twice/);
    const numbers = await call('POST', '/queues', { name: 'qe', timeout: '30', wait_ratio_threshold: -1, wait_time_threshold: 1.5 });
    for (const field of ['timeout', 'wait_ratio_threshold', 'wait_time_threshold']) assert.match(messages(numbers), new RegExp(`^${field}`, 'm'), field);
    assert.equal((await call('POST', '/queues', { name: 'qf', colour: 'blue' })).status, 400);
  });

  it('MUST accept a fractional wait ratio threshold and keep queue names unique across tenants', async () => {
    const queue = await created('/queues', { name: 'ratio', wait_ratio_threshold: 0.5, wait_ratio_destination: { type: 'hangup', cause: 'busy' } });
    assert.deepEqual([queue.wait_ratio_threshold, queue.label], [0.5, 'ratio']);
    assert.equal((await call('POST', '/queues', { name: 'ratio' }, other)).status, 400);
  });

  it('MUST refuse to change an existing queue’s strategy to linear, and allow the other changes (queue_edited)', async () => {
    const queue = await created('/queues', { name: 'changing', options: [['strategy', 'ringall']] });
    const path = `/queues/${String(queue.id)}`;
    const refused = await call('PUT', path, { options: [['strategy', 'linear']] });
    assert.equal(refused.status, 400);
    assert.match(messages(refused), /cannot be changed to linear \(it is ringall\)/);
    const unnamed = await created('/queues', { name: 'unnamed-strategy' });
    assert.equal((await call('PUT', `/queues/${String(unnamed.id)}`, { options: [['strategy', 'linear']] })).status, 400);
    assert.equal((await call('PUT', path, { options: [['strategy', 'wrandom']], timeout: 60, label: 'Changed' })).status, 204);
    const read = (await call('GET', path)).body as ConfdItem;
    assert.deepEqual([read.options, read.timeout, read.label, events.at(-1)?.name], [[['strategy', 'wrandom']], 60, 'Changed', 'queue_edited']);
    const linear = await created('/queues', { name: 'born-linear', options: [['strategy', 'linear']] });
    assert.equal((await call('PUT', `/queues/${String(linear.id)}`, { options: [['strategy', 'linear'], ['retry', '3']] })).status, 204);
  });

  it('MUST keep tenants apart and delete a queue (queue_deleted), freeing its extension', async () => {
    const rival = await created('/queues', { name: 'rival-queue' }, other);
    assert.equal((await call('GET', `/queues/${String(rival.id)}`)).status, 404);
    assert.ok(((await call('GET', '/queues')).body as { items: ConfdItem[] }).items.every((item) => item.tenant_uuid === tenant));
    const queue = await created('/queues', { name: 'doomed' });
    const extension = await created('/extensions', { exten: '3100', context: 'office' });
    assert.equal((await call('PUT', `/queues/${String(queue.id)}/extensions/${String(extension.id)}`)).status, 204);
    assert.equal((await call('DELETE', `/queues/${String(queue.id)}`)).status, 204);
    assert.deepEqual([events.at(-1)?.name, (await call('GET', `/queues/${String(queue.id)}`)).status], ['queue_deleted', 404]);
    const destination = (await loadDialplan(db)).extensions.find((row) => Number(row.id) === extension.id)?.destination;
    assert.deepEqual(destination, { type: 'unassigned' });
  });

  it('MUST set the fallbacks, refuse an invalid one and a queue destination of another tenant', async () => {
    const queue = await created('/queues', { name: 'falling' });
    const rival = await created('/queues', { name: 'rival-fallback' }, other);
    const path = `/queues/${String(queue.id)}/fallbacks`;
    const fallbacks = { noanswer_destination: { type: 'queue', queue_id: queue.id }, congestion_destination: { type: 'hangup', cause: 'congestion' }, fail_destination: { type: 'extension', exten: '1001', context: 'office' } };
    assert.equal((await call('PUT', path, fallbacks)).status, 204);
    assert.deepEqual((await call('GET', path)).body, { ...fallbacks, busy_destination: null });
    assert.equal(events.at(-1)?.name, 'queue_fallback_edited');
    assert.equal((await call('PUT', path, { noanswer_destination: { type: 'teleport' } })).status, 400);
    assert.match(messages(await call('PUT', path, { fail_destination: { type: 'queue', queue_id: rival.id } })), /^fail_destination\.queue_id: no queue \d+ in this tenant/);
  });

  it('MUST add agents and users as members with penalty and position, change them, and remove them', async () => {
    const queue = await created('/queues', { name: 'members' });
    const agent = await created('/agents', { number: '3001' });
    const user = await created('/users', { firstname: 'Alice' });
    const rivalAgent = await created('/agents', { number: '3001' }, other);
    const base = `/queues/${String(queue.id)}/members`;
    assert.equal((await call('PUT', `${base}/agents/${String(agent.id)}`, { penalty: 2, priority: 1 })).status, 204);
    assert.equal(events.at(-1)?.name, 'queue_member_agent_associated');
    assert.equal((await call('PUT', `${base}/users/${String(user.id)}`, { penalty: 1 })).status, 204);
    assert.equal((await call('PUT', `${base}/agents/${String(agent.id)}`, { penalty: 5, priority: 3 })).status, 204);
    const members = ((await call('GET', `/queues/${String(queue.id)}`)).body as { members: { agents: ConfdItem[]; users: ConfdItem[] } }).members;
    assert.deepEqual(members.agents, [{ id: agent.id, penalty: 5, priority: 3 }]);
    assert.deepEqual(members.users, [{ id: user.id, uuid: user.uuid, penalty: 1, priority: 0 }]);
    assert.deepEqual(((await call('GET', `/agents/${String(agent.id)}`)).body as ConfdItem).queues, [{ id: queue.id, name: 'members', penalty: 5, priority: 3 }]);
    assert.equal((await call('PUT', `${base}/agents/${String(rivalAgent.id)}`, {})).status, 404);
    assert.equal((await call('PUT', `${base}/agents/${String(agent.id)}`, { penalty: -1 })).status, 400);
    assert.equal((await call('DELETE', `${base}/agents/${String(agent.id)}`)).status, 204);
    assert.equal(events.at(-1)?.name, 'queue_member_agent_dissociated');
    assert.equal((await call('DELETE', `${base}/users/${String(user.id)}`)).status, 204);
    assert.deepEqual(((await call('GET', `/queues/${String(queue.id)}`)).body as ConfdItem).members, { agents: [], users: [] });
  });

  it('MUST make an internal extension lead to the queue, refuse one in use, and attach a schedule of the tenant', async () => {
    const queue = await created('/queues', { name: 'reached' });
    const extension = await created('/extensions', { exten: '3000', context: 'office' });
    const path = `/queues/${String(queue.id)}/extensions/${String(extension.id)}`;
    assert.equal((await call('PUT', path)).status, 204);
    assert.equal(events.at(-1)?.name, 'queue_extension_associated');
    const destination = (await loadDialplan(db)).extensions.find((row) => Number(row.id) === extension.id)?.destination;
    assert.deepEqual(destination, { type: 'queue', typeval: String(queue.id) });
    const another = await created('/queues', { name: 'another' });
    assert.equal((await call('PUT', `/queues/${String(another.id)}/extensions/${String(extension.id)}`)).status, 400);
    assert.equal((await call('DELETE', path)).status, 204);
    const schedule = await created('/schedules', { name: 'hours', timezone: 'UTC', open_periods: [], closed_destination: { type: 'none' } });
    const rivalSchedule = await created('/schedules', { name: 'rival-hours', timezone: 'UTC', open_periods: [], closed_destination: { type: 'none' } }, other);
    assert.equal((await call('PUT', `/queues/${String(queue.id)}/schedules/${String(schedule.id)}`)).status, 204);
    assert.deepEqual(((await call('GET', `/queues/${String(queue.id)}`)).body as ConfdItem).schedules, [{ id: schedule.id }]);
    assert.equal((await call('PUT', `/queues/${String(queue.id)}/schedules/${String(rivalSchedule.id)}`)).status, 404);
    assert.equal((await call('DELETE', `/queues/${String(queue.id)}/schedules/${String(schedule.id)}`)).status, 204);
    assert.deepEqual(((await call('GET', `/queues/${String(queue.id)}`)).body as ConfdItem).schedules, []);
  });

  it('MUST describe the contact-center routes and their bodies in the OpenAPI document', () => {
    const document = confdOpenApi(confdRoutes({ db, publish: () => undefined, nodeUuid: 'node' })) as { paths: Record<string, Record<string, { requestBody?: unknown }>> };
    for (const [path, method] of [['/queues', 'post'], ['/queues/{queue_id}', 'put'], ['/queues/{queue_id}/fallbacks', 'put'], ['/queues/{queue_id}/members/agents/{agent_id}', 'put'],
      ['/queues/skillrules', 'post'], ['/agents', 'post'], ['/agents/{agent_id}/skills/{skill_id}', 'put'], ['/agents/skills', 'post']] as const) {
      assert.ok(document.paths[path]?.[method]?.requestBody !== undefined, `${method} ${path}`);
    }
  });
});
