import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startIvr, stepIvr } from './ivr-machine.ts';
import type { IvrMenu } from './ivr-menu.ts';
import { runIvr } from './testing/ivr-driver.ts';

/** A destination as the seed's dialplan gives it: an extension of `my-ivr-destination-context`. */
type Exten = { readonly type: 'extension'; readonly exten: string; readonly context: string };
const to = (exten: string): { readonly type: 'destination'; readonly destination: Exten } => ({
  type: 'destination',
  destination: { type: 'extension', exten, context: 'my-ivr-destination-context' },
});

/** The seed's reference IVR (`dp-ivr-example`). */
const REFERENCE_IVR: IvrMenu<Exten> = {
  greetingSound: 'ivr-example-welcome-sound',
  menuSound: 'ivr-example-choices',
  invalidSound: 'ivr-example-invalid-choice',
  abortSound: 'ivr-example-error',
  timeoutSeconds: 5,
  maxTries: 3,
  choices: [
    { exten: '1', action: to('8000') },
    { exten: '2', action: to('8833') },
    { exten: '3', action: to('8547') },
    { exten: '4', action: { type: 'replay' } },
  ],
};

/** The seed's submenu example: digit 3 enters `dp-ivr-submenu`, whose digit 3 returns to the beginning. */
const SUBMENU_IVR: IvrMenu<Exten> = {
  ...REFERENCE_IVR,
  choices: [
    { exten: '1', action: to('8000') },
    { exten: '2', action: to('8833') },
    {
      exten: '3',
      action: {
        type: 'submenu',
        menu: {
          menuSound: 'ivr-example-submenu-choices',
          invalidSound: 'ivr-example-invalid-choice',
          abortSound: 'ivr-example-error',
          timeoutSeconds: 5,
          maxTries: 3,
          choices: [
            { exten: '1', action: to('8000') },
            { exten: '2', action: to('8001') },
            { exten: '3', action: { type: 'parent' } },
          ],
        },
      },
    },
    { exten: '4', action: { type: 'replay' } },
  ],
};

const routedTo = (run: ReturnType<typeof runIvr<Exten>>): string | undefined =>
  run.state.outcome?.type === 'destination' ? run.state.outcome.destination.exten : run.state.outcome?.type;

describe('IVR machine: the seed’s reference IVR', () => {
  it('MUST answer, pause 1 s, play the welcome, pause 1 s and play the menu interruptibly, then route digit 2 to 8833', () => {
    const run = runIvr(REFERENCE_IVR, ['2']);
    assert.deepEqual(run.effects, [
      { type: 'answer' },
      { type: 'timer.arm', timerId: 1, timer: 'pause', afterMs: 1000 },
      { type: 'play', playId: 2, sound: 'ivr-example-welcome-sound', interruptible: false },
      { type: 'timer.arm', timerId: 3, timer: 'pause', afterMs: 1000 },
      { type: 'play', playId: 4, sound: 'ivr-example-choices', interruptible: true },
      { type: 'stop_play', playId: 4 },
      { type: 'route', destination: { type: 'extension', exten: '8833', context: 'my-ivr-destination-context' } },
    ]);
  });

  it('MUST route 1, 2 and 3 to 8000, 8833 and 8547', () => {
    assert.deepEqual(['1', '2', '3'].map((digit) => routedTo(runIvr(REFERENCE_IVR, [digit]))), ['8000', '8833', '8547']);
  });

  it('MUST wait 5 s for a digit once the menu has played, and take a digit pressed then', () => {
    const start = startIvr(REFERENCE_IVR);
    let state = start.state;
    for (const input of [{ type: 'timer.fired', timerId: 1 }, { type: 'play.finished', playId: 2 }, { type: 'timer.fired', timerId: 3 }] as const) state = stepIvr(REFERENCE_IVR, state, input).state;
    const ended = stepIvr(REFERENCE_IVR, state, { type: 'play.finished', playId: 4 });
    assert.deepEqual(ended.effects, [{ type: 'timer.arm', timerId: 5, timer: 'response', afterMs: 5000 }]);
    const pressed = stepIvr(REFERENCE_IVR, ended.state, { type: 'digit', digit: '1' });
    assert.deepEqual(pressed.effects.map((effect) => effect.type), ['timer.cancel', 'route']);
  });

  it('MUST treat a timeout as an invalid entry: invalid prompt, then the menu again', () => {
    const run = runIvr(REFERENCE_IVR, ['timeout', '3']);
    assert.deepEqual(run.prompts, ['ivr-example-welcome-sound', 'ivr-example-choices', 'ivr-example-invalid-choice', 'ivr-example-choices']);
    assert.equal(routedTo(run), '8547');
  });

  it('MUST play the error and hang up at the third invalid or timed-out round, never replaying the welcome', () => {
    const run = runIvr(REFERENCE_IVR, ['9', 'timeout', '#']);
    assert.deepEqual(run.prompts, [
      'ivr-example-welcome-sound',
      'ivr-example-choices',
      'ivr-example-invalid-choice',
      'ivr-example-choices',
      'ivr-example-invalid-choice',
      'ivr-example-choices',
      'ivr-example-error',
    ]);
    assert.deepEqual([run.state.outcome, run.effects.at(-1), run.state.failures], [{ type: 'hangup' }, { type: 'hangup' }, 3]);
  });

  it('MUST replay the menu on 4 without the invalid prompt, the counter still counting', () => {
    const replayed = runIvr(REFERENCE_IVR, ['4', '4', '4', '4', '1']);
    assert.deepEqual([routedTo(replayed), replayed.prompts.filter((sound) => sound === 'ivr-example-choices').length], ['8000', 5]);
    const exhausted = runIvr(REFERENCE_IVR, ['4', '4', '4', '4', 'timeout']);
    assert.deepEqual(exhausted.prompts.slice(-2), ['ivr-example-choices', 'ivr-example-error'], 'the first failure after four replays aborts');
    assert.equal(routedTo(exhausted), 'hangup');
    assert.equal(routedTo(runIvr(REFERENCE_IVR, ['4', 'timeout', '2'])), '8833', 'a replay and a failure leave a third round');
  });

  it('MUST ignore digits during pauses and non-interruptible prompts, and stale timers and prompt ends', () => {
    const start = startIvr(REFERENCE_IVR);
    assert.deepEqual(stepIvr(REFERENCE_IVR, start.state, { type: 'digit', digit: '1' }).effects, [], 'during the pause after answering');
    const greeting = stepIvr(REFERENCE_IVR, start.state, { type: 'timer.fired', timerId: 1 }).state;
    assert.deepEqual(stepIvr(REFERENCE_IVR, greeting, { type: 'digit', digit: '1' }), { state: greeting, effects: [] }, 'during the welcome');
    assert.deepEqual(stepIvr(REFERENCE_IVR, greeting, { type: 'timer.fired', timerId: 1 }), { state: greeting, effects: [] }, 'a timer that already fired');
    assert.deepEqual(stepIvr(REFERENCE_IVR, greeting, { type: 'play.finished', playId: 99 }), { state: greeting, effects: [] }, 'another prompt’s end');
  });
});

describe('IVR machine: submenus (the seed’s dp-ivr-submenu)', () => {
  it('MUST enter the submenu on 3 and route its own choices', () => {
    const run = runIvr(SUBMENU_IVR, ['3', '2']);
    assert.deepEqual(run.prompts, ['ivr-example-welcome-sound', 'ivr-example-choices', 'ivr-example-submenu-choices']);
    assert.equal(routedTo(run), '8001');
  });

  it('MUST give the submenu its own counter: two failures in the main menu leave three rounds in the submenu', () => {
    const run = runIvr(SUBMENU_IVR, ['9', '9', '3', 'timeout', 'timeout', '1']);
    assert.equal(routedTo(run), '8000');
    assert.equal(routedTo(runIvr(SUBMENU_IVR, ['3', '9', '9', '9'])), 'hangup');
  });

  it('MUST go back to the beginning of the main menu on the submenu’s 3: counter reset, no welcome', () => {
    const run = runIvr(SUBMENU_IVR, ['9', '9', '3', '3', '9', '9', '1']);
    assert.deepEqual(run.prompts.filter((sound) => sound === 'ivr-example-welcome-sound').length, 1);
    assert.equal(routedTo(run), '8000', 'two more failures after the return are still allowed');
    assert.equal(routedTo(runIvr(SUBMENU_IVR, ['3', '3', '9', '9', '9'])), 'hangup');
  });
});

describe('IVR machine: multi-digit choices (WaitExten collects until a match or the digit timeout)', () => {
  const menu: IvrMenu<Exten> = { menuSound: 'menu', timeoutSeconds: 5, maxTries: 2, choices: [{ exten: '1', action: to('100') }, { exten: '12', action: to('120') }, { exten: '2', action: to('200') }] };

  it('MUST take a choice as soon as no longer one can match', () => {
    assert.deepEqual([routedTo(runIvr(menu, ['1', '2'])), routedTo(runIvr(menu, ['2']))], ['120', '200']);
  });

  it('MUST wait the inter-digit timeout after a digit that a longer choice starts with, then take the exact match', () => {
    const run = runIvr(menu, ['1', 'timeout']);
    assert.ok(run.effects.some((effect) => effect.type === 'timer.arm' && effect.timer === 'digit' && effect.afterMs === 5000));
    assert.equal(routedTo(run), '100');
  });

  it('MUST count digits no choice starts with as invalid at once', () => {
    const run = runIvr(menu, ['1', '3']);
    assert.equal(run.state.failures, 1);
    assert.equal(run.state.phase.type, 'menu');
  });
});

describe('IVR machine: the Wazo destinations of failures', () => {
  const base: IvrMenu<Exten> = { menuSound: 'menu', abortSound: 'bye', timeoutSeconds: 3, maxTries: 2, choices: [{ exten: '1', action: to('100') }] };

  it('MUST leave at once for the invalid or timeout destination when one is set', () => {
    assert.deepEqual(runIvr({ ...base, invalidDestination: to('900').destination }, ['7']).state.outcome, { type: 'destination', destination: to('900').destination, reason: 'invalid' });
    assert.deepEqual(runIvr({ ...base, timeoutDestination: to('901').destination }, ['timeout']).state.outcome, { type: 'destination', destination: to('901').destination, reason: 'timeout' });
  });

  it('MUST play the abort prompt and go to the abort destination when the tries are used up', () => {
    const run = runIvr({ ...base, abortDestination: to('902').destination }, ['7', 'timeout']);
    assert.deepEqual([run.prompts, run.state.outcome], [['menu', 'menu', 'bye'], { type: 'destination', destination: to('902').destination, reason: 'abort' }]);
  });

  it('MUST go on without the prompts a menu does not have', () => {
    const run = runIvr({ menuSound: 'menu', timeoutSeconds: 3, maxTries: 2, choices: [] }, ['5', '5']);
    assert.deepEqual([run.prompts, run.state.outcome], [['menu', 'menu'], { type: 'hangup' }]);
  });
});

describe('IVR machine: announcements (a menu with a destination after its greeting)', () => {
  const announcement: IvrMenu<Exten> = { greetingSound: 'pbx-transfer', menuSound: 'pbx-transfer', timeoutSeconds: 0, maxTries: 1, choices: [{ exten: '1', action: to('100') }], thenDestination: to('8000').destination };

  it('MUST answer, pause 1 s, play the greeting, then leave for the destination without a round', () => {
    const run = runIvr(announcement, []);
    assert.deepEqual(run.effects, [
      { type: 'answer' },
      { type: 'timer.arm', timerId: 1, timer: 'pause', afterMs: 1000 },
      { type: 'play', playId: 2, sound: 'pbx-transfer', interruptible: false },
      { type: 'route', destination: to('8000').destination },
    ]);
  });

  it('MUST ignore keys during the announcement and report it as announced', () => {
    const run = runIvr(announcement, ['1']);
    assert.deepEqual(run.state.outcome, { type: 'destination', destination: to('8000').destination, reason: 'announced' });
  });

  it('MUST leave at once after the answer pause when there is no greeting', () => {
    const { greetingSound: _greeting, ...silent } = announcement;
    assert.deepEqual(runIvr(silent, []).prompts, []);
  });
});
