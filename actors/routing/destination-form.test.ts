import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { destinationFromForm, exceptionFromForm, periodFromForm } from './destination-form.ts';

describe('destinationFromForm', () => {
  it('MUST read the configuration API\'s destination forms', () => {
    assert.deepEqual(destinationFromForm({ type: 'user', user_id: 3, ring_time: 20 }), { type: 'user', userId: 3, ringSeconds: 20 });
    assert.deepEqual(destinationFromForm({ type: 'user', user_id: 3, ring_time: null }), { type: 'user', userId: 3 });
    assert.deepEqual(destinationFromForm({ type: 'queue', queue_id: 2 }), { type: 'queue', queueId: 2 });
    assert.deepEqual(destinationFromForm({ type: 'extension', exten: '1001', context: 'default' }), { type: 'extension', exten: '1001', context: 'default' });
    assert.deepEqual(destinationFromForm({ type: 'custom', command: 'Goto(dp-ivr-example,s,1)' }), { type: 'custom', command: 'Goto(dp-ivr-example,s,1)' });
    assert.deepEqual(destinationFromForm({ type: 'hangup', cause: 'busy' }), { type: 'hangup', cause: 'busy' });
  });

  it('MUST read the skill rule set and variables of a queue destination (seed CC-07), leaving out what is not a set id or a text', () => {
    assert.deepEqual(destinationFromForm({ type: 'queue', queue_id: 2, skill_rule_id: 1, skill_rule_variables: { lang: 'english' } }), { type: 'queue', queueId: 2, skillRuleSetId: 1, skillRuleVariables: { lang: 'english' } });
    assert.deepEqual(destinationFromForm({ type: 'queue', queue_id: 2, skill_rule_id: null, skill_rule_variables: { lang: 3 } }), { type: 'queue', queueId: 2 });
  });

  it('MUST read a form it cannot understand as a destination leading nowhere', () => {
    for (const form of [null, 'user', { type: 'user' }, { type: 'group', group_id: -1 }, { type: 'teleport' }]) assert.deepEqual(destinationFromForm(form), { type: 'none' });
  });
});

describe('periodFromForm', () => {
  it('MUST read a period, unset criteria not restricting, and an exception with its destination', () => {
    assert.deepEqual(periodFromForm({ hours_start: '08:00', hours_end: '12:00', week_days: [1, 2] }), { hoursStart: '08:00', hoursEnd: '12:00', weekDays: [1, 2], monthDays: [], months: [] });
    assert.deepEqual(exceptionFromForm({ months: [12], month_days: [25], destination: { type: 'none' } }), { hoursStart: null, hoursEnd: null, weekDays: [], monthDays: [25], months: [12], destination: { type: 'none' } });
  });
});
