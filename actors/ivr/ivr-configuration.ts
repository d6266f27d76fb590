/**
 * An IVR as confd configures it (Wazo's IVR fields) turned into the machine's menu.
 *
 * @remarks
 * confd's IVR has no submenu nor replay choice: every choice leads to a destination (another IVR
 * is one, entered from its start). Absent prompts and destinations are `null` there and absent
 * here. The destination type is the caller's (the routing destinations of the dialplan).
 */
import type { IvrMenu } from './ivr-menu.ts';

/** The fields of a configured IVR that the machine uses. */
export type IvrConfiguration<Destination> = {
  readonly greetingSound: string | null;
  readonly menuSound: string;
  readonly invalidSound: string | null;
  readonly abortSound: string | null;
  /** Seconds. */
  readonly timeout: number;
  readonly maxTries: number;
  readonly choices: readonly { readonly exten: string; readonly destination: Destination }[];
  readonly invalidDestination: Destination | null;
  readonly timeoutDestination: Destination | null;
  readonly abortDestination: Destination | null;
};

/** The menu of a configured IVR. */
export function menuOfConfiguration<Destination>(configuration: IvrConfiguration<Destination>): IvrMenu<Destination> {
  const present = <Value>(key: string, value: Value | null): Record<string, Value> => (value === null ? {} : { [key]: value });
  return {
    ...present('greetingSound', configuration.greetingSound),
    menuSound: configuration.menuSound,
    ...present('invalidSound', configuration.invalidSound),
    ...present('abortSound', configuration.abortSound),
    timeoutSeconds: configuration.timeout,
    maxTries: configuration.maxTries,
    choices: configuration.choices.map((choice) => ({ exten: choice.exten, action: { type: 'destination', destination: choice.destination } })),
    ...present('invalidDestination', configuration.invalidDestination),
    ...present('timeoutDestination', configuration.timeoutDestination),
    ...present('abortDestination', configuration.abortDestination),
  };
}
