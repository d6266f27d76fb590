import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { menuOfConfiguration } from './ivr-configuration.ts';
import { runIvr } from './testing/ivr-driver.ts';

describe('IVR configuration → menu', () => {
  const configuration = {
    greetingSound: null, menuSound: 'menu', invalidSound: 'invalid', abortSound: null, timeout: 7, maxTries: 2,
    choices: [{ exten: '1', destination: 'sales' }, { exten: '22', destination: 'support' }],
    invalidDestination: null, timeoutDestination: 'operator', abortDestination: null,
  };

  it('MUST keep the prompts, timeout, tries and destinations that are set and leave out the null ones', () => {
    assert.deepEqual(menuOfConfiguration(configuration), {
      menuSound: 'menu', invalidSound: 'invalid', timeoutSeconds: 7, maxTries: 2,
      choices: [{ exten: '1', action: { type: 'destination', destination: 'sales' } }, { exten: '22', action: { type: 'destination', destination: 'support' } }],
      timeoutDestination: 'operator',
    });
  });

  it('MUST run as configured: a two-digit choice, the timeout destination, a hang-up without abort destination', () => {
    const menu = menuOfConfiguration(configuration);
    assert.deepEqual(runIvr(menu, ['2', '2']).state.outcome, { type: 'destination', destination: 'support', reason: 'choice' });
    assert.deepEqual(runIvr(menu, ['timeout']).state.outcome, { type: 'destination', destination: 'operator', reason: 'timeout' });
    assert.deepEqual(runIvr(menu, ['9', '9']).state.outcome, { type: 'hangup' });
  });
});
