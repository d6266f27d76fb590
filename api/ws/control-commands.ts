/**
 * The command registry of the control API: each command a name, the ACL it requires, a zod
 * schema of its arguments and the function that runs it. The protocol machine validates and
 * authorizes; the shell runs; the reply carries the outcome.
 *
 * @remarks
 * A command mirrors a REST route and requires the same ACL (`calls.count` needs
 * `calld.calls.read` as `GET /calls` does); an ACL may depend on the arguments, as
 * `calld.calls.{call_id}.delete` does. The call-control verbs of calld join by adding entries
 * (see docs/control-api.md): the registry is a plain record, composed by the node.
 */
import { z } from 'zod';
import type { ControlError } from './control-frames.ts';

/** Who runs a command: the session's token. */
export interface ControlCaller {
  readonly tokenId: string;
  readonly authId: string;
  readonly tenantUuid: string;
  /** The tenants the token sees: its own and those below it. */
  readonly visibleTenantUuids: readonly string[];
  readonly userUuid: string | undefined;
  readonly session: string;
}

export type CommandOutcome = { readonly type: 'ok'; readonly result: unknown } | { readonly type: 'error'; readonly error: ControlError };

export interface ControlCommand<Args = unknown> {
  /** The ACL the token needs; undefined: any authenticated token may run it. */
  readonly acl: string | undefined | ((args: Args, caller: ControlCaller) => string | undefined);
  readonly args: z.ZodType<Args>;
  readonly summary: string;
  run(args: Args, caller: ControlCaller): CommandOutcome | Promise<CommandOutcome>;
}

export type CommandRegistry = Readonly<Record<string, ControlCommand<never>>>;

/** Declares one command with its argument type inferred from the schema. */
export function controlCommand<Schema extends z.ZodType>(command: {
  readonly acl: ControlCommand<z.infer<Schema>>['acl'];
  readonly args: Schema;
  readonly summary: string;
  readonly run: ControlCommand<z.infer<Schema>>['run'];
}): ControlCommand<never> {
  return command as unknown as ControlCommand<never>;
}

const noArguments = z.object({}).strict().optional();

export interface BuiltInCommandPorts {
  readonly now: () => number;
  /** The node's calls in progress, when the call service is reachable. */
  readonly activeCallCount?: () => number;
}

/** The commands that exist without calld: `ping` and `calls.count`. */
export function builtInCommands(ports: BuiltInCommandPorts): CommandRegistry {
  const commands: Record<string, ControlCommand<never>> = {
    ping: controlCommand({ acl: undefined, args: noArguments, summary: 'Answers with the server time.', run: () => ({ type: 'ok', result: { pong: true, time_ms: ports.now() } }) }),
  };
  const count = ports.activeCallCount;
  if (count !== undefined) {
    commands['calls.count'] = controlCommand({ acl: 'calld.calls.read', args: noArguments, summary: 'The number of calls in progress on this node.', run: () => ({ type: 'ok', result: { count: count() } }) });
  }
  return commands;
}
