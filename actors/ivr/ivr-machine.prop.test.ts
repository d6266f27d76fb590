/**
 * Property (seed CF-19): for any sequence of digits and timeouts, the reference IVR ends in exactly
 * one of {a destination 8000/8833/8547, a hang-up after the error prompt}, agrees with a direct
 * reading of the seed's dialplan, and never lets more than `max_tries` rounds fail.
 */
import '../../test/support/property-seed.ts';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { IvrMenu } from './ivr-menu.ts';
import { runIvr } from './testing/ivr-driver.ts';
import type { CallerAction } from './testing/ivr-driver.ts';

const DESTINATIONS: Readonly<Record<string, string>> = { '1': '8000', '2': '8833', '3': '8547' };

const REFERENCE_IVR: IvrMenu<string> = {
  greetingSound: 'welcome',
  menuSound: 'choices',
  invalidSound: 'invalid-choice',
  abortSound: 'error',
  timeoutSeconds: 5,
  maxTries: 3,
  choices: [...Object.entries(DESTINATIONS).map(([exten, destination]) => ({ exten, action: { type: 'destination' as const, destination } })), { exten: '4', action: { type: 'replay' as const } }],
};

/** The seed's dialplan read line by line: `counter` goes up each round; 1-3 leave, 4 replays, anything else is `i`. */
function seedDialplan(actions: readonly CallerAction[]): { readonly outcome: string; readonly rounds: number; readonly failures: number } {
  let counter = 0;
  let failures = 0;
  for (let index = 0; ; index += 1) {
    counter += 1;
    const action = actions[index] ?? 'timeout';
    const destination = DESTINATIONS[action];
    if (destination !== undefined) return { outcome: destination, rounds: counter, failures };
    if (action === '4') continue;
    failures += 1;
    if (counter >= 3) return { outcome: 'hangup', rounds: counter, failures };
  }
}

const actionArbitrary = fc.constantFrom<CallerAction>('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#', 'timeout', 'timeout', '4');

describe('IVR property: the reference IVR over any caller', () => {
  it('MUST end in exactly one destination or one hang-up after the error prompt, as the seed’s dialplan does, within the tries', () => {
    fc.assert(
      fc.property(fc.array(actionArbitrary, { maxLength: 30 }), (actions) => {
        // The caller stops pressing keys after `actions`: timeouts follow until the IVR ends.
        const run = runIvr(REFERENCE_IVR, [...actions, 'timeout', 'timeout', 'timeout', 'timeout']);
        const expected = seedDialplan(actions);
        const terminal = run.effects.filter((effect) => effect.type === 'route' || effect.type === 'hangup');
        assert.equal(terminal.length, 1, 'exactly one route or hang-up');
        assert.equal(run.effects.at(-1), terminal[0], 'and nothing after it');
        assert.equal(run.state.phase.type, 'finished');
        const outcome = run.state.outcome?.type === 'destination' ? run.state.outcome.destination : run.state.outcome?.type;
        assert.equal(outcome, expected.outcome);
        if (outcome === 'hangup') assert.equal(run.prompts.at(-1), 'error');
        else assert.ok(!run.prompts.includes('error'));
        assert.ok(run.state.failures <= REFERENCE_IVR.maxTries, `${run.state.failures} failed rounds`);
        assert.equal(run.state.failures, expected.failures);
        assert.equal(run.prompts.filter((sound) => sound === 'choices').length, expected.rounds);
        assert.equal(run.prompts.filter((sound) => sound === 'welcome').length, 1);
      }),
      { numRuns: 500 },
    );
  });
});
