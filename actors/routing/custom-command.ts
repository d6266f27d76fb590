/**
 * The `custom` destination of incalls and schedules (seed CF-07, CF-19): an Asterisk dialplan
 * application line such as `Goto(dp-ivr-example,s,1)` or `Goto(to-pabx,${XIVO_DSTNUM},1)`, read as
 * where the call goes in parley's dialplan.
 *
 * @remarks
 * Pure. parley has no dialplan priorities or labels: a `Goto` names a context and an extension
 * (its priority must be `1`, the extension's start, or absent); `Hangup`, `Busy` and `Congestion`
 * end the call as the hang-up destination does. `${XIVO_DSTNUM}` and `${EXTEN}` are the dialed
 * number (the DID as received), as in the seed's examples. Any other application is unsupported and
 * said so, never guessed at (docs/decisions.md).
 */

/** What a custom command does. */
export type CustomCommand =
  | { readonly type: 'goto'; readonly context: string | undefined; readonly exten: string }
  | { readonly type: 'hangup'; readonly cause: 'normal' | 'busy' | 'congestion' }
  | { readonly type: 'unsupported'; readonly reason: string };

/** The variables a command may name. */
export interface CustomCommandVariables {
  /** `XIVO_DSTNUM` and `EXTEN`: the number dialed (for an incall, its DID as received). */
  readonly dialed: string;
}

const APPLICATION = /^\s*([A-Za-z]+)\s*\((.*)\)\s*$/s;
const NAME = /^[A-Za-z0-9_+*#.-]{1,80}$/;

/** Reads `command`; variables other than the dialed number make it unsupported. */
export function readCustomCommand(command: string, variables: CustomCommandVariables): CustomCommand {
  const match = APPLICATION.exec(command);
  if (match === null) return unsupported(`not an application call: ${command}`);
  const application = (match[1] ?? '').toLowerCase();
  const substituted = substitute(match[2] ?? '', variables);
  if (substituted === undefined) return unsupported(`unknown variable in ${command}`);
  const args = substituted === '' ? [] : substituted.split(',').map((part) => part.trim());
  switch (application) {
    case 'goto':
      return readGoto(args, command);
    case 'hangup':
      return { type: 'hangup', cause: hangupCause(args[0]) };
    case 'busy':
      return { type: 'hangup', cause: 'busy' };
    case 'congestion':
      return { type: 'hangup', cause: 'congestion' };
    default:
      return unsupported(`application ${match[1] ?? ''} is not supported`);
  }
}

/** `Goto(priority)`, `Goto(exten,priority)` or `Goto(context,exten,priority)` (Asterisk's forms). */
function readGoto(args: readonly string[], command: string): CustomCommand {
  if (args.length === 0 || args.length > 3) return unsupported(`Goto takes 1 to 3 arguments: ${command}`);
  if (args.length === 1) return unsupported(`Goto to a priority alone has no meaning here: ${command}`);
  const [first = '', second = '', third] = args;
  const [context, exten, priority] = args.length === 3 ? [first, second, third] : [undefined, first, second];
  if (priority !== '1') return unsupported(`Goto must start the extension (priority 1): ${command}`);
  if (!NAME.test(exten) || (context !== undefined && !NAME.test(context))) return unsupported(`Goto names no extension: ${command}`);
  return { type: 'goto', context, exten };
}

/** Asterisk's `Hangup(cause)`: 17 is busy, 34 and 42 congestion, anything else a normal clearing. */
function hangupCause(cause: string | undefined): 'normal' | 'busy' | 'congestion' {
  if (cause === '17') return 'busy';
  if (cause === '34' || cause === '42') return 'congestion';
  return 'normal';
}

function substitute(text: string, variables: CustomCommandVariables): string | undefined {
  let unknown = false;
  const result = text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_whole, name: string) => {
    if (name === 'XIVO_DSTNUM' || name === 'EXTEN') return variables.dialed;
    unknown = true;
    return '';
  });
  return unknown ? undefined : result;
}

function unsupported(reason: string): CustomCommand {
  return { type: 'unsupported', reason };
}
