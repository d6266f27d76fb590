/**
 * What each matched feature code means: the services and forwards, the agent codes with the agent
 * number they carry, the arguments that are refused, and the catalogue without an engine.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { featureAction } from './feature-actions.ts';

const action = (feature: string, argument = '') => featureAction({ feature, uuid: `uuid-${feature}`, argument });

describe('featureAction', () => {
  describe('the agent codes (*31, *32, *30 and the agent number)', () => {
    it('MUST log the agent in on agentstaticlogin with its number', () => {
      assert.deepEqual(action('agentstaticlogin', '1001'), { type: 'agent', command: 'login', agentNumber: '1001' });
    });

    it('MUST log the agent off on agentstaticlogoff and toggle it on agentstaticlogtoggle', () => {
      assert.deepEqual([action('agentstaticlogoff', '42'), action('agentstaticlogtoggle', '42')], [
        { type: 'agent', command: 'logoff', agentNumber: '42' },
        { type: 'agent', command: 'toggle', agentNumber: '42' },
      ]);
    });

    it('MUST refuse an empty agent number as an invalid argument', () => {
      assert.deepEqual(action('agentstaticlogin', ''), { type: 'invalid-argument', feature: 'agentstaticlogin', argument: '' });
    });

    it('MUST refuse an argument that is not only digits, or longer than an agent number', () => {
      const types = [action('agentstaticlogoff', '12*3'), action('agentstaticlogtoggle', '#'), action('agentstaticlogin', '1'.repeat(41))].map((found) => found.type);
      assert.deepEqual(types, ['invalid-argument', 'invalid-argument', 'invalid-argument']);
    });
  });

  describe('the user services and forwards', () => {
    it('MUST toggle DND on enablednd and set the unconditional forward to the argument on fwdunc', () => {
      assert.deepEqual([action('enablednd'), action('fwdunc', '1002')], [
        { type: 'service.toggle', service: 'dnd' },
        { type: 'forward.set', forward: 'unconditional', destination: '1002' },
      ]);
    });

    it('MUST disable a forward dialed without a number', () => {
      assert.deepEqual(action('fwdbusy'), { type: 'forward.set', forward: 'busy', destination: null });
    });
  });

  describe('the rest of the catalogue', () => {
    it('MUST answer an in-call feature and one without an engine as unavailable', () => {
      assert.deepEqual([action('blindxfer').type, action('paging', '12').type], ['unavailable', 'unavailable']);
    });
  });
});
