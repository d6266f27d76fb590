/**
 * The caller-ID pipeline (seed CF-06): the incoming caller ID of a call from a trunk (trunk
 * overwrite, normalisation rules, the incall's mode, whether the reverse lookup runs) and the
 * outgoing caller ID of a call through an outcall (the seed's precedence).
 *
 * @remarks
 * Pure: the reverse directory lookup is a port of the caller, so the incoming pipeline is two
 * steps. {@link incomingCallerId} gives the caller ID after the trunk and the normalisation rules,
 * and the decision whether to look the number up; the caller runs the lookup (or not) and then
 * {@link applyCallerIdMode} with the incall's mode on the result.
 */
import type { CallerIdMode, CallerIdRule } from './routing-objects.ts';

/** A caller ID: a display name and a number, either possibly empty. */
export interface CallerId {
  readonly name: string;
  readonly number: string;
}

/**
 * Reads the reference platform's caller ID text: `"Rick Sanchez" <9635559296>`, `Name <number>`,
 * `<number>`, or a bare text (a number when it has only dial characters, else a name).
 */
export function parseCallerId(text: string): CallerId {
  const trimmed = text.trim();
  const quoted = /^"((?:[^"\\]|\\.)*)"\s*(?:<([^>]*)>)?$/.exec(trimmed);
  if (quoted !== null) return { name: (quoted[1] ?? '').replace(/\\(.)/g, '$1'), number: (quoted[2] ?? '').trim() };
  const angled = /^([^<]*?)\s*<([^>]*)>$/.exec(trimmed);
  if (angled !== null) return { name: angled[1] ?? '', number: (angled[2] ?? '').trim() };
  return /^\+?[0-9*#]+$/.test(trimmed) ? { name: '', number: trimmed } : { name: trimmed, number: '' };
}

/** Writes a caller ID as `"Name" <number>`. */
export function formatCallerId(callerId: CallerId): string {
  const name = callerId.name.replace(/(["\\])/g, '\\$1');
  return callerId.number === '' ? `"${name}"` : `"${name}" <${callerId.number}>`;
}

/** A normalisation rule with its expression compiled. */
export interface CompiledCallerIdRule {
  readonly rule: CallerIdRule;
  readonly expression: RegExp;
}

/** Why a rule was left out. */
export interface CallerIdRuleProblem {
  readonly rule: CallerIdRule;
  readonly reason: string;
}

/**
 * Checks that a rule's expression is a valid regular expression (the configuration API refuses
 * the others with a 400); undefined when it is, else why not.
 */
export function callerIdRuleError(expression: string): string | undefined {
  try {
    new RegExp(expression);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Compiles the normalisation rules in the order they are tried: ascending id (the order of the
 * sections in `xivo_in_callerid.conf`). A rule whose expression does not compile is left out and
 * reported, the others still apply.
 */
export function compileCallerIdRules(rules: readonly CallerIdRule[]): { readonly rules: readonly CompiledCallerIdRule[]; readonly problems: readonly CallerIdRuleProblem[] } {
  const compiled: CompiledCallerIdRule[] = [];
  const problems: CallerIdRuleProblem[] = [];
  for (const rule of [...rules].sort((left, right) => left.id - right.id)) {
    const reason = callerIdRuleError(rule.callerId);
    if (reason === undefined) compiled.push({ rule, expression: new RegExp(rule.callerId) });
    else problems.push({ rule, reason });
  }
  return { rules: compiled, problems };
}

/**
 * Normalises an incoming number: the first rule whose expression matches rewrites it (strip, then
 * add) and no other rule is tried; no match leaves it as is.
 *
 * @example `^0[1-9]\d{8}$`, strip 1, add `+33`: `0123456789` → `+33123456789`.
 */
export function normalizeCallerNumber(number: string, rules: readonly CompiledCallerIdRule[]): { readonly number: string; readonly ruleId: number | null } {
  for (const { rule, expression } of rules) {
    if (expression.test(number)) return { number: `${rule.add}${number.slice(rule.strip)}`, ruleId: rule.id };
  }
  return { number, ruleId: null };
}

/** Whether the reverse directory lookup runs, and on which number. */
export type ReverseLookupDecision =
  | { readonly type: 'lookup'; readonly number: string }
  | { readonly type: 'skip'; readonly reason: 'has-name' | 'no-number' };

/** What {@link incomingCallerId} decided. */
export interface IncomingCallerId {
  readonly callerId: CallerId;
  /** The rule that rewrote the number, null when none matched. */
  readonly normalizedBy: number | null;
  readonly reverseLookup: ReverseLookupDecision;
}

/**
 * The caller ID of a call from a trunk, before the incall's mode, and whether the reverse lookup
 * runs (seed CF-06, in its order).
 *
 * @remarks
 * 1. The trunk's `caller_id` option, when set, overwrites the received caller ID (a part it leaves
 *    empty keeps the received one).
 * 2. The number is normalised by the first matching rule.
 * 3. A caller without a name, or whose name is its number, is named by its (normalised) number, and
 *    the reverse lookup runs on the normalised number (seed L92, L6185-L6189); otherwise it does
 *    not run.
 */
export function incomingCallerId(received: CallerId, options: { readonly trunkCallerId: string | null; readonly rules: readonly CompiledCallerIdRule[] }): IncomingCallerId {
  const overwrite = options.trunkCallerId === null || options.trunkCallerId.trim() === '' ? undefined : parseCallerId(options.trunkCallerId);
  const name = overwrite !== undefined && overwrite.name !== '' ? overwrite.name : received.name;
  const number = overwrite !== undefined && overwrite.number !== '' ? overwrite.number : received.number;
  const normalized = normalizeCallerNumber(number, options.rules);
  const unnamed = name.trim() === '' || name === number || name === normalized.number;
  if (normalized.number === '') {
    return { callerId: { name, number: '' }, normalizedBy: normalized.ruleId, reverseLookup: { type: 'skip', reason: 'no-number' } };
  }
  if (unnamed) {
    return { callerId: { name: normalized.number, number: normalized.number }, normalizedBy: normalized.ruleId, reverseLookup: { type: 'lookup', number: normalized.number } };
  }
  return { callerId: { name, number: normalized.number }, normalizedBy: normalized.ruleId, reverseLookup: { type: 'skip', reason: 'has-name' } };
}

/**
 * The incall's change of the caller's name: `prepend` puts its name before the caller's,
 * `append` after (separated by a space), `overwrite` replaces it; no mode or no name changes
 * nothing. The number is kept.
 */
export function applyCallerIdMode(callerId: CallerId, mode: CallerIdMode | null, name: string | null): CallerId {
  if (mode === null || name === null || name === '') return callerId;
  switch (mode) {
    case 'overwrite':
      return { ...callerId, name };
    case 'prepend':
      return { ...callerId, name: callerId.name === '' ? name : `${name} ${callerId.name}` };
    case 'append':
      return { ...callerId, name: callerId.name === '' ? name : `${callerId.name} ${name}` };
  }
}

/** A user's `outgoing_caller_id`: `default`, `anonymous`, or a caller ID of its own. */
export type UserOutgoingCallerId = { readonly type: 'default' } | { readonly type: 'anonymous' } | { readonly type: 'number'; readonly callerId: string };

/** Reads the stored text of `outgoing_caller_id` (`default`, `anonymous` or a caller ID). */
export function readOutgoingCallerId(text: string | null): UserOutgoingCallerId {
  if (text === null || text === '' || text === 'default') return { type: 'default' };
  if (text === 'anonymous') return { type: 'anonymous' };
  return { type: 'number', callerId: text };
}

/** The caller ID sent to the trunk, and which rule chose it. */
export type OutgoingCallerId =
  | { readonly type: 'anonymous' }
  | { readonly type: 'caller-id'; readonly callerId: CallerId; readonly source: 'internal' | 'user' | 'outcall' | 'default' };

/** Who places an outgoing call, as far as its caller ID goes. */
export type OutgoingCaller =
  | { readonly type: 'user'; readonly internalCallerId: CallerId; readonly outgoingCallerId: UserOutgoingCallerId }
  | { readonly type: 'other'; readonly callerId: CallerId };

/**
 * The outgoing caller ID of a call through an outcall, by the seed's precedence (L8006-L8011):
 * the outcall's `internal_caller_id` (the calling user's internal caller ID), then the user's
 * `outgoing_caller_id` (anonymous removes it, a number replaces it, default goes on), then the
 * association's `caller_id`, then the call's own caller ID. A call not placed by a user skips the
 * first two (seed L6136).
 */
export function outgoingCallerId(caller: OutgoingCaller, outcall: { readonly internalCallerId: boolean; readonly associationCallerId: string | null }): OutgoingCallerId {
  if (caller.type === 'user') {
    if (outcall.internalCallerId) return { type: 'caller-id', callerId: caller.internalCallerId, source: 'internal' };
    if (caller.outgoingCallerId.type === 'anonymous') return { type: 'anonymous' };
    if (caller.outgoingCallerId.type === 'number') return { type: 'caller-id', callerId: withNumber(parseCallerId(caller.outgoingCallerId.callerId), caller.internalCallerId), source: 'user' };
  }
  const own = caller.type === 'user' ? caller.internalCallerId : caller.callerId;
  if (outcall.associationCallerId !== null && outcall.associationCallerId.trim() !== '') {
    return { type: 'caller-id', callerId: withNumber(parseCallerId(outcall.associationCallerId), own), source: 'outcall' };
  }
  return { type: 'caller-id', callerId: own, source: 'default' };
}

/** A caller ID given only a name takes its number from the call (seed L7988). */
function withNumber(callerId: CallerId, fallback: CallerId): CallerId {
  return callerId.number === '' ? { name: callerId.name, number: fallback.number } : callerId;
}
