import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseAclTemplate, renderAcls } from './acl-template.ts';

const UUID = '2e752722-0864-4665-887d-a78a024cf7c7';

describe('ACL templates (seed API-03)', () => {
  it('MUST render the seed example: a variable, a loop ending each ACL with ":", a plain ACL and a condition', () => {
    const templates = [
      'confd.users.{{ uuid }}.read',
      '{% for line in lines %}confd.lines.{{ line }}.#:{% endfor %}',
      'dird.me.#',
      '{% if agent %}agentd.agents.by-id.{{ agent.id }}.read{% endif %}',
    ].map(parseAclTemplate);
    assert.deepEqual(renderAcls(templates, { uuid: UUID, lines: [1, 42], agent: { id: 50, number: '1001' } }), [
      `confd.users.${UUID}.read`, 'confd.lines.1.#', 'confd.lines.42.#', 'dird.me.#', 'agentd.agents.by-id.50.read',
    ]);
  });

  it('MUST leave out a false condition, an empty loop, and ACLs with an empty word from a missing variable', () => {
    const templates = ['{% if agent %}agentd.#{% endif %}', '{% for line in lines %}confd.lines.{{ line }}.#:{% endfor %}', 'confd.users.{{ missing }}.read'].map(parseAclTemplate);
    assert.deepEqual(renderAcls(templates, { agent: null, lines: [] }), []);
  });

  it('MUST NOT treat a newline as a separator', () => {
    assert.deepEqual(renderAcls([parseAclTemplate('{% for g in groups %}confd.groups.{{ g.uuid }}.read\n{% endfor %}')], { groups: [{ uuid: 'a' }, { uuid: 'b' }] }), ['confd.groups.a.read\nconfd.groups.b.read']);
  });

  it('MUST refuse what it does not understand, naming it', () => {
    for (const source of ['{{ uuid | upper }}', '{% include "x" %}', '{% for x in lines %}a', '{% endif %}', '{% if a %}x{% endfor %}', '{{ a', 'x }}', '{{ __proto__.polluted }}x{% if %}{% endif %}']) {
      const parsed = parseAclTemplate(source);
      assert.equal(parsed.type, 'invalid', source);
    }
  });

  it('MUST NOT read inherited properties of the variables', () => {
    assert.deepEqual(renderAcls([parseAclTemplate('x.{{ constructor.name }}.read')], {}), []);
  });
});
