/**
 * Property (seed CF-19): for any sequence of digits and timeouts, the reference IVR ends in exactly
 * one of {a destination 8000/8833/8547, a hang-up after the error prompt}, agrees with a direct
 * reading of the seed's dialplan, and never lets more than `max_tries` rounds fail; the same holds
 * for the seed's submenu example, whose menus each count their own rounds.
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

/** The seed's submenu example: 3 enters `dp-ivr-submenu` (1 → 8000, 2 → 8001, 3 → back to the beginning). */
const SUBMENU_IVR: IvrMenu<string> = {
  ...REFERENCE_IVR,
  choices: [
    { exten: '1', action: { type: 'destination', destination: '8000' } },
    { exten: '2', action: { type: 'destination', destination: '8833' } },
    {
      exten: '3',
      action: {
        type: 'submenu',
        menu: {
          menuSound: 'submenu-choices', invalidSound: 'invalid-choice', abortSound: 'error', timeoutSeconds: 5, maxTries: 3,
          choices: [
            { exten: '1', action: { type: 'destination', destination: '8000' } },
            { exten: '2', action: { type: 'destination', destination: '8001' } },
            { exten: '3', action: { type: 'parent' } },
          ],
        },
      },
    },
    { exten: '4', action: { type: 'replay' } },
  ],
};

/** The two contexts of the seed's submenu example read line by line; `longestFailureRun` counts failures since the last counter reset. */
function seedSubmenuDialplan(actions: readonly CallerAction[]): { readonly outcome: string; readonly longestFailureRun: number; readonly failures: number } {
  let inSubmenu = false;
  let failures = 0;
  let counter = 0;
  let run = 0;
  let longestFailureRun = 0;
  for (let index = 0; ; index += 1) {
    counter += 1;
    const action = actions[index] ?? 'timeout';
    const destination = inSubmenu ? { '1': '8000', '2': '8001' }[action] : { '1': '8000', '2': '8833' }[action];
    if (destination !== undefined) return { outcome: destination, longestFailureRun, failures };
    if (action === '3') {
      // Entering the submenu or going back to the beginning: a counter that starts again.
      inSubmenu = !inSubmenu;
      counter = 0;
      run = 0;
      continue;
    }
    if (action === '4' && !inSubmenu) continue;
    run += 1;
    failures += 1;
    longestFailureRun = Math.max(longestFailureRun, run);
    if (counter >= 3) return { outcome: 'hangup', longestFailureRun, failures };
  }
}

describe('IVR property: the submenu example over any caller', () => {
  it('MUST end in exactly one destination or one hang-up after the error prompt, as the seed’s two contexts do, each menu within its tries', () => {
    fc.assert(
      fc.property(fc.array(actionArbitrary, { maxLength: 40 }), (actions) => {
        const run = runIvr(SUBMENU_IVR, [...actions, 'timeout', 'timeout', 'timeout', 'timeout']);
        const expected = seedSubmenuDialplan(actions);
        assert.equal(run.effects.filter((effect) => effect.type === 'route' || effect.type === 'hangup').length, 1);
        const outcome = run.state.outcome?.type === 'destination' ? run.state.outcome.destination : run.state.outcome?.type;
        assert.equal(outcome, expected.outcome);
        assert.equal(run.state.failures, expected.failures);
        assert.ok(expected.longestFailureRun <= SUBMENU_IVR.maxTries);
        if (outcome === 'hangup') assert.equal(run.prompts.at(-1), 'error');
        assert.equal(run.prompts.filter((sound) => sound === 'welcome').length, 1, 'the welcome plays once, even after going back');
      }),
      { numRuns: 500 },
    );
  });
});
