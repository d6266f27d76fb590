/**
 * confd's `/agents`, `/agents/skills` and `/queues/skillrules` on a real database: agents with a
 * number unique in their tenant, skills and their weights on agents (any integer), skill rule sets
 * whose every rule is compiled when written (a bad rule is a 400 naming the rule, the code and the
 * position), tenants kept apart, and the `agent_*`, `skill_*` and `skill_rule_*` events.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { confdFixture, type ConfdItem } from './testing/confd-fixture.ts';

describe('confd /agents, /agents/skills and /queues/skillrules', () => {
  const confd = confdFixture('postgres');
  const { call, created, events } = confd;
  let tenant = '';
  let other = '';
  before(async () => {
    ({ tenant, other } = await confd.open());
  });
  after(() => confd.close());
  const messages = (answer: { body: unknown }) => (answer.body as string[]).join('\n');

  it('MUST create an agent (agent_created), keep its number unique in the tenant only, update (agent_edited) and delete it (agent_deleted)', async () => {
    const agent = await created('/agents', { number: '1002', firstname: 'Ann', lastname: 'Lee', passwd: '1234', language: 'en_US' });
    assert.deepEqual([agent.number, agent.firstname, agent.passwd, agent.tenant_uuid, agent.skills, agent.queues], ['1002', 'Ann', '1234', tenant, [], []]);
    assert.deepEqual([events.at(-1)?.name, events.at(-1)?.required_acl], ['agent_created', 'events.config.agent.created']);
    assert.match(messages(await call('POST', '/agents', { number: '1002' })), /^agent: already exists/);
    assert.equal((await call('POST', '/agents', { number: '1002' }, other)).status, 201);
    const path = `/agents/${String(agent.id)}`;
    assert.equal((await call('PUT', path, { lastname: 'Ng' })).status, 204);
    assert.deepEqual([((await call('GET', path)).body as ConfdItem).lastname, events.at(-1)?.name], ['Ng', 'agent_edited']);
    assert.equal((await call('DELETE', path)).status, 204);
    assert.deepEqual([events.at(-1)?.name, (await call('GET', path)).status], ['agent_deleted', 404]);
  });

  it('MUST answer 400 with every problem of an invalid agent', async () => {
    const refused = await call('POST', '/agents', { number: '10a', passwd: 'secret', language: 'english', firstname: 7 });
    assert.equal(refused.status, 400);
    for (const field of ['number', 'passwd', 'language', 'firstname']) assert.match(messages(refused), new RegExp(`^${field}`, 'm'), field);
    assert.match(messages(await call('POST', '/agents', { number: '1', preprocess_subroutine: 'nowhere' })), /^preprocess_subroutine: no hook named "nowhere"/);
  });

  it('MUST create skills (skill_created), give them to agents with any integer weight and take them back', async () => {
    const english = await created('/agents/skills', { name: 'english', category: 'language' });
    assert.deepEqual([events.at(-1)?.name, events.at(-1)?.required_acl], ['skill_created', 'events.config.agents.skills.created']);
    assert.match(messages(await call('POST', '/agents/skills', { name: '2fast' })), /^name: must be a name a skill rule can test/);
    assert.equal((await call('POST', '/agents/skills', { name: 'english' })).status, 400);
    const agent = await created('/agents', { number: '2001' });
    const path = `/agents/${String(agent.id)}/skills/${String(english.id)}`;
    assert.equal((await call('PUT', path, { skill_weight: 55 })).status, 204);
    assert.equal(events.at(-1)?.name, 'agent_skill_associated');
    assert.equal((await call('PUT', path, { skill_weight: -20 })).status, 204);
    assert.deepEqual(((await call('GET', `/agents/${String(agent.id)}`)).body as ConfdItem).skills, [{ id: english.id, name: 'english', skill_weight: -20 }]);
    assert.deepEqual(((await call('GET', `/agents/skills/${String(english.id)}`)).body as ConfdItem).agents, [{ id: agent.id, number: '2001', skill_weight: -20 }]);
    assert.equal((await call('PUT', path, { skill_weight: 1.5 })).status, 400);
    const rivalSkill = await created('/agents/skills', { name: 'english' }, other);
    assert.equal((await call('PUT', `/agents/${String(agent.id)}/skills/${String(rivalSkill.id)}`, { skill_weight: 1 })).status, 404);
    assert.equal((await call('DELETE', path)).status, 204);
    assert.equal(events.at(-1)?.name, 'agent_skill_dissociated');
    assert.deepEqual(((await call('GET', `/agents/${String(agent.id)}`)).body as ConfdItem).skills, []);
    assert.equal((await call('PUT', `/agents/skills/${String(english.id)}`, { description: 'Spoken English' })).status, 204);
    assert.equal((await call('DELETE', `/agents/skills/${String(english.id)}`)).status, 204);
    assert.equal(events.at(-1)?.name, 'skill_deleted');
  });

  it('MUST store a skill rule set in its order (skill_rule_created) and refuse a bad rule naming the rule, the code and the position', async () => {
    const rules = [{ definition: 'WT < 60, english > 50' }, { definition: 'technic ! 0 & ($os > 29 & $lang > 39 | $os > 39 & $lang > 19)' }, { definition: 'english | french' }];
    const rule = await created('/queues/skillrules', { name: 'select_lang', rules });
    assert.deepEqual([rule.rules, events.at(-1)?.name, events.at(-1)?.required_acl], [rules, 'skill_rule_created', 'events.config.queues.skillrules.created']);
    const refused = await call('POST', '/queues/skillrules', { name: 'bad', rules: [{ definition: 'english > 1' }, { definition: '10 < english' }] });
    assert.equal(refused.status, 400);
    assert.match(messages(refused), /^rules\.1\.definition: rule "10 < english" is refused: constant-first at position 0 /);
    assert.match(messages(await call('POST', '/queues/skillrules', { name: 'bad', rules: [{ definition: 'english < french' }] })), /constant-expected at position \d+/);
    assert.match(messages(await call('POST', '/queues/skillrules', { name: 'bad', rules: [{ definition: 'XT < 3, english' }] })), /dynamic-variable at position 0/);
    const path = `/queues/skillrules/${String(rule.id)}`;
    assert.equal((await call('PUT', path, { rules: [{ definition: 'english > (' }] })).status, 400);
    assert.equal((await call('PUT', path, { rules: [{ definition: 'english > 90' }] })).status, 204);
    assert.deepEqual([((await call('GET', path)).body as ConfdItem).rules, events.at(-1)?.name], [[{ definition: 'english > 90' }], 'skill_rule_edited']);
    assert.deepEqual(((await call('GET', '/queues/skillrules')).body as { items: ConfdItem[] }).items.map((item) => item.name), ['select_lang']);
  });

  it('MUST accept a queue destination with a skill rule set of the tenant on an incall, schedule or group, and refuse one of another tenant', async () => {
    await created('/contexts', { name: 'from-outside', label: 'Outside', type: 'incall' });
    const queue = await created('/queues', { name: 'sbr' });
    const rule = await created('/queues/skillrules', { name: 'lang', rules: [{ definition: '$lang > 50' }] });
    const rivalRule = await created('/queues/skillrules', { name: 'lang', rules: [] }, other);
    const destination = { type: 'queue', queue_id: queue.id, skill_rule_id: rule.id, skill_rule_variables: { lang: 'english' } };
    const incall = await created('/incalls', { destination });
    assert.deepEqual(incall.destination, destination);
    const refused = await call('POST', '/incalls', { destination: { ...destination, skill_rule_id: rivalRule.id } });
    assert.match(messages(refused), /^destination\.skill_rule_id: no skill rule \d+ in this tenant/);
    assert.match(messages(await call('POST', '/incalls', { destination: { type: 'queue', queue_id: 999_999 } })), /^destination\.queue_id: no queue 999999 in this tenant/);
    assert.equal((await call('POST', '/incalls', { destination: { ...destination, skill_rule_variables: { lang: 3 } } })).status, 400);
    const rivalQueue = await created('/queues', { name: 'rival-sbr' }, other);
    const schedule = await call('POST', '/schedules', { name: 'closed', timezone: 'UTC', closed_destination: { type: 'queue', queue_id: rivalQueue.id } });
    assert.match(messages(schedule), /^closed_destination\.queue_id: no queue \d+ in this tenant/);
    const group = await created('/groups', { name: 'overflow', label: 'Overflow' });
    const fallback = await call('PUT', `/groups/${String(group.id)}/fallbacks`, { noanswer_destination: { type: 'queue', queue_id: rivalQueue.id } });
    assert.match(messages(fallback), /^noanswer_destination\.queue_id: no queue/);
    assert.equal((await call('PUT', `/groups/${String(group.id)}/fallbacks`, { noanswer_destination: destination })).status, 204);
    assert.equal((await call('DELETE', `/queues/skillrules/${String(rule.id)}`)).status, 204);
    assert.equal(events.at(-1)?.name, 'skill_rule_deleted');
  });
});
