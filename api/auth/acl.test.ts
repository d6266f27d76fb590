import '../../test/support/property-seed.ts';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createAclCheck, requiredAcl } from './acl.ts';

const ME = '2e752722-0864-4665-887d-a78a024cf7c7';
const OTHER = '7f3b1b2a-1111-4222-8333-944455556666';
const allows = (acls: readonly string[], required: string | undefined) => createAclCheck(acls, ME).allows(required);

describe('ACLs, with the seed examples', () => {
  it('confd.users.me.#.read MUST grant GET on every resource under the token user, and nothing else', () => {
    const acl = ['confd.users.me.#.read'];
    for (const path of ['cti', 'funckeys', 'funckeys/3', 'funckeys/templates', 'lines', 'lines/42', 'voicemail']) {
      assert.equal(allows(acl, requiredAcl('confd', `/users/${ME}/${path}`, 'GET')), true, path);
    }
    assert.equal(allows(acl, requiredAcl('confd', `/users/${ME}/cti`, 'PUT')), false, 'not PUT');
    assert.equal(allows(acl, requiredAcl('confd', `/users/${OTHER}/cti`, 'GET')), false, 'not another user');
    assert.equal(allows(acl, requiredAcl('confd', `/users/${ME}`, 'GET')), false, '# is one word or more');
  });

  it('confd.users.me.funckeys.*.* MUST grant DELETE, GET and PUT on a funckey position and GET on the templates', () => {
    const acl = ['confd.users.me.funckeys.*.*'];
    for (const method of ['DELETE', 'GET', 'PUT']) assert.equal(allows(acl, requiredAcl('confd', `/users/${ME}/funckeys/1`, method)), true, method);
    assert.equal(allows(acl, requiredAcl('confd', `/users/${ME}/funckeys/templates`, 'GET')), true);
    assert.equal(allows(acl, requiredAcl('confd', `/users/${ME}/funckeys`, 'GET')), false, '* is exactly one word');
    assert.equal(allows(acl, requiredAcl('confd', `/users/${ME}/funckeys/1/x`, 'GET')), false, '* is exactly one word');
  });

  it('{service}.# MUST grant every resource of the service, and no other service', () => {
    assert.equal(allows(['calld.#'], 'calld.calls.1455123422.8.delete'), true);
    assert.equal(allows(['calld.#'], 'confd.users.read'), false);
    assert.equal(allows(['#'], 'confd.users.read'), true);
  });

  it('MUST take the word me literally in a token without a user, and never as a prefix', () => {
    assert.equal(createAclCheck(['confd.users.me.read'], undefined).allows(`confd.users.${ME}.read`), false);
    assert.equal(allows(['confd.users.meeting.read'], `confd.users.${ME}ting.read`), false);
    assert.equal(allows(['events.calls.me'], `events.calls.${ME}`), true);
  });

  it('a denied ACL (!) MUST win over any grant', () => {
    assert.equal(allows(['confd.#', '!confd.users.*.delete'], `confd.users.${OTHER}.delete`), false);
    assert.equal(allows(['confd.#', '!confd.users.*.delete'], `confd.users.${OTHER}.read`), true);
  });

  it('MUST allow a resource that requires nothing, and refuse everything to a token without ACLs', () => {
    assert.equal(allows([], undefined), true);
    assert.equal(allows([], 'confd.users.read'), false);
  });

  it('MUST map methods to actions and paths to words', () => {
    assert.deepEqual(
      [requiredAcl('confd', '/users/17/lines', 'GET'), requiredAcl('confd', '/users/17', 'PUT'), requiredAcl('confd', '/users', 'POST'), requiredAcl('calld', '/calls/1.2', 'DELETE'), requiredAcl('confd', '/users', 'TRACE')],
      ['confd.users.17.lines.read', 'confd.users.17.update', 'confd.users.create', 'calld.calls.1.2.delete', undefined],
    );
  });
});

describe('ACL matching, against the seed grammar written as a regular expression', () => {
  const word = fc.constantFrom('confd', 'users', 'me', 'lines', '17', 'read', 'a');
  const pattern = fc.array(fc.oneof({ weight: 5, arbitrary: word }, { weight: 1, arbitrary: fc.constant('*') }, { weight: 1, arbitrary: fc.constant('#') }), { minLength: 1, maxLength: 6 });
  const required = fc.array(word.map((w) => (w === 'me' ? ME : w)), { minLength: 1, maxLength: 7 });
  const oracle = (acl: readonly string[], words: readonly string[]) => {
    const source = acl.map((w) => (w === '*' ? '[^.]+' : w === '#' ? '[^.]+(?:\\.[^.]+)*' : (w === 'me' ? ME : w).replace(/[.*+?^${}()|[\]\\-]/g, '\\$&'))).join('\\.');
    return new RegExp(`^${source}$`).test(words.join('.'));
  };

  it('MUST agree with the oracle on every ACL and required ACL', () => {
    fc.assert(fc.property(pattern, required, (acl, words) => {
      assert.equal(allows([acl.join('.')], words.join('.')), oracle(acl, words), `${acl.join('.')} vs ${words.join('.')}`);
    }), { numRuns: 3000 });
  });
});
