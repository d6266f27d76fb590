/**
 * The IVR (interactive voice response): menus, prompts, digit collection, retries and submenus as
 * a pure machine whose effects a call actor carries out (seed CF-19).
 */
export { DEFAULT_IVR_TIMINGS, IVR_DIGITS, matchDigits, menuAt } from './ivr-menu.ts';
export type { DigitMatch, IvrAction, IvrChoice, IvrMenu, IvrTimings } from './ivr-menu.ts';
export { menuOfConfiguration } from './ivr-configuration.ts';
export type { IvrConfiguration } from './ivr-configuration.ts';
export { isIvrFinished, startIvr, stepIvr } from './ivr-machine.ts';
export type { IvrEffect, IvrFrame, IvrInput, IvrOutcome, IvrPhase, IvrState, IvrStep, IvrTimer } from './ivr-machine.ts';
