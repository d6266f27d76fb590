/**
 * Preprocess hooks (seed CF-24), the pure part: the call's variables a hook reads, which hooks run
 * at a hook point, and what a hook's answer changes.
 *
 * @remarks
 * A hook is the engine's preprocess subroutine: a named function of the cluster configuration run
 * "as late as possible" (after the routing decision, before the dial), which may change some
 * variables, send the call elsewhere (`Goto`) or end it (`Hangup`). The variables keep the
 * reference platform's names, case-sensitive, with `CALLERID(name)` and `CALLERID(num)` for the
 * caller ID. A hook's answer is code written outside the engine: it is read as untrusted input,
 * and a value the engine cannot use is dropped and reported, never applied.
 */

/** Where a hook runs: a call to a user, a call through a DID (incall), a call through an outcall, a call joining a conference room. */
export type HookPoint = 'user' | 'did' | 'outcall' | 'conference';

/** The call's variables as a hook sees them (a copy: changing it changes nothing). */
export type HookVariables = Readonly<Record<string, string>>;

/** What a hook sees. */
export interface HookCall {
  readonly point: HookPoint;
  /** The name the hook runs under (a global hook and an object's may be the same function). */
  readonly hook: string;
  readonly variables: HookVariables;
}

/**
 * What a hook answers: go on (with changed variables), go to another extension (in the call's
 * context unless named), or hang up (`normal`, `busy` or `congestion`). Answering nothing is `continue`.
 */
export type HookAnswer =
  | { readonly type: 'continue'; readonly variables?: Readonly<Record<string, string>> }
  | { readonly type: 'goto'; readonly exten: string; readonly context?: string }
  | { readonly type: 'hangup'; readonly cause?: 'normal' | 'busy' | 'congestion' };

/** The variables a hook may change, and what each must look like. */
const CHANGEABLE: Readonly<Record<string, RegExp>> = {
  'CALLERID(name)': /^[^\u0000-\u001f\u007f]{0,80}$/,
  'CALLERID(num)': /^[0-9A-Za-z*#+._-]{0,40}$/,
  XIVO_RINGSECONDS: /^(?:[1-9][0-9]{0,2}|[1-2][0-9]{3}|3[0-5][0-9]{2}|3600)$/,
};

/** The names of the variables a hook may change. */
export const CHANGEABLE_HOOK_VARIABLES: readonly string[] = Object.keys(CHANGEABLE);

const EXTEN = /^\+?[0-9A-Za-z*#]{1,40}$/;
const CONTEXT = /^[A-Za-z0-9_-]{1,39}$/;

/** A hook's answer as the engine applies it. */
export type HookDecision =
  | { readonly type: 'continue'; readonly changes: Readonly<Record<string, string>>; readonly problems: readonly string[] }
  | { readonly type: 'goto'; readonly exten: string; readonly context: string | null }
  | { readonly type: 'hangup'; readonly cause: 'normal' | 'busy' | 'congestion' };

/** The facts of a call the variables are made of. */
export interface HookFacts {
  readonly dialed: string;
  readonly callerName: string;
  readonly callerNumber: string;
  readonly origin: 'intern' | 'extern';
  readonly tenantUuid: string | null;
  /** The user placing the call (user lines only). */
  readonly callerUser?: { readonly id: number; readonly uuid: string };
  /** The called user (user hooks only). */
  readonly calledUser?: { readonly uuid: string; readonly tenantUuid: string };
  readonly ringSeconds?: number;
}

/** The variables of a call, named as the reference platform names them (seed CF-24 table). */
export function hookVariables(facts: HookFacts): HookVariables {
  return {
    XIVO_DSTNUM: facts.dialed,
    XIVO_SRCNUM: facts.callerNumber,
    XIVO_CALLORIGIN: facts.origin,
    WAZO_CHANNEL_DIRECTION: facts.origin === 'extern' ? 'to-wazo' : 'from-wazo',
    'CALLERID(name)': facts.callerName,
    'CALLERID(num)': facts.callerNumber,
    ...(facts.tenantUuid === null ? {} : { WAZO_TENANT_UUID: facts.tenantUuid }),
    ...(facts.callerUser === undefined ? {} : { XIVO_USERID: String(facts.callerUser.id), XIVO_USERUUID: facts.callerUser.uuid }),
    ...(facts.calledUser === undefined ? {} : { WAZO_DST_UUID: facts.calledUser.uuid, WAZO_DST_TENANT_UUID: facts.calledUser.tenantUuid }),
    ...(facts.ringSeconds === undefined ? {} : { XIVO_RINGSECONDS: String(facts.ringSeconds) }),
  };
}

/**
 * The hooks of a hook point, in the order they run: the global one first, then the object's own
 * (as the reference dialplan calls `XIVO_PRESUBR_GLOBAL_*` before the object's subroutine); one
 * name given twice runs once.
 */
export function hooksToRun(global: string | undefined, own: string | null | undefined): readonly string[] {
  const names = [global, own ?? undefined].filter((name): name is string => name !== undefined && name !== '');
  return [...new Set(names)];
}

/** Reads what a hook returned: anything unusable is a `continue` without changes, with the problems found. */
export function readHookAnswer(answer: unknown): HookDecision {
  if (answer === undefined || answer === null) return { type: 'continue', changes: {}, problems: [] };
  if (typeof answer !== 'object' || !('type' in answer)) return { type: 'continue', changes: {}, problems: ['the answer is not an object with a type'] };
  const given = answer as Record<string, unknown>;
  switch (given['type']) {
    case 'continue':
      return readChanges(given['variables']);
    case 'goto': {
      const { exten, context } = given;
      if (typeof exten !== 'string' || !EXTEN.test(exten)) return { type: 'continue', changes: {}, problems: [`goto: not an extension: ${JSON.stringify(exten)}`] };
      if (context !== undefined && (typeof context !== 'string' || !CONTEXT.test(context))) return { type: 'continue', changes: {}, problems: [`goto: not a context: ${JSON.stringify(context)}`] };
      return { type: 'goto', exten, context: context ?? null };
    }
    case 'hangup': {
      const cause = given['cause'] ?? 'normal';
      if (cause !== 'normal' && cause !== 'busy' && cause !== 'congestion') return { type: 'continue', changes: {}, problems: [`hangup: unknown cause ${JSON.stringify(cause)}`] };
      return { type: 'hangup', cause };
    }
    default:
      return { type: 'continue', changes: {}, problems: [`unknown answer type ${JSON.stringify(given['type'])}`] };
  }
}

function readChanges(variables: unknown): HookDecision {
  if (variables === undefined) return { type: 'continue', changes: {}, problems: [] };
  if (typeof variables !== 'object' || variables === null) return { type: 'continue', changes: {}, problems: ['continue: variables is not an object'] };
  const changes: Record<string, string> = {};
  const problems: string[] = [];
  for (const [name, value] of Object.entries(variables)) {
    const rule = CHANGEABLE[name];
    if (rule === undefined) problems.push(`${name} cannot be changed by a hook`);
    else if (typeof value !== 'string' || !rule.test(value)) problems.push(`${name}: unusable value ${JSON.stringify(value)}`);
    else changes[name] = value;
  }
  return { type: 'continue', changes, problems };
}

/** The SIP status of a hook's hang-up: 486 for busy, 503 for congestion, 480 otherwise (as an incall's hang-up destination). */
export function hookHangupStatus(cause: 'normal' | 'busy' | 'congestion'): number {
  return cause === 'busy' ? 486 : cause === 'congestion' ? 503 : 480;
}
