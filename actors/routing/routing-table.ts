/**
 * The dialplan compiled once for routing: patterns parsed, extensions sorted per context, users
 * indexed; plus the extension lookup through context includes.
 *
 * @remarks
 * Building the table never fails as a whole: an invalid item (a bad pattern, an extension in an
 * unknown context, a duplicate) is left out and reported as a {@link DialplanProblem}, as Asterisk
 * refuses one bad line of a dialplan and loads the rest, so one typo does not stop every call.
 */
import type { Dialplan, DialplanContext, DialplanExtension, DialplanUser, UserId } from './dialplan.ts';
import type { ExtensionPattern, PatternErrorCode } from './extension-pattern.ts';
import { compilePattern, matchPattern } from './extension-pattern.ts';
import { comparePatterns } from './pattern-order.ts';

/**
 * The deepest chain of includes followed during one lookup.
 *
 * @remarks
 * Cycles are already cut by never searching a context twice; this bound only caps the work on an
 * absurd configuration, as Asterisk's `AST_PBX_MAX_STACK` does.
 */
export const MAX_INCLUDE_DEPTH = 128;

/** An extension with its compiled pattern. */
export interface CompiledExtension {
  readonly extension: DialplanExtension;
  readonly pattern: ExtensionPattern;
}

/** A dialplan item left out of the table, and why. */
export type DialplanProblem =
  | { readonly type: 'invalid-pattern'; readonly extension: DialplanExtension; readonly code: PatternErrorCode; readonly reason: string }
  | { readonly type: 'unknown-context'; readonly extension: DialplanExtension }
  | { readonly type: 'unknown-user'; readonly extension: DialplanExtension }
  | { readonly type: 'duplicate-extension'; readonly extension: DialplanExtension; readonly keptId: DialplanExtension['id'] }
  | { readonly type: 'duplicate-context'; readonly context: DialplanContext }
  | { readonly type: 'duplicate-user'; readonly user: DialplanUser }
  | { readonly type: 'unknown-include'; readonly context: string; readonly include: string };

/**
 * The compiled dialplan.
 *
 * @remarks
 * `extensionsByContext` lists each context's extensions in Asterisk order (most specific first,
 * equivalent patterns by ascending id), so a lookup takes the first match.
 */
export interface RoutingTable {
  readonly contexts: ReadonlyMap<string, DialplanContext>;
  readonly extensionsByContext: ReadonlyMap<string, readonly CompiledExtension[]>;
  readonly users: ReadonlyMap<UserId, DialplanUser>;
}

/** The outcome of {@link indexDialplan}: always a table, with what had to be left out. */
export interface IndexedDialplan {
  readonly table: RoutingTable;
  readonly problems: readonly DialplanProblem[];
}

function byId<Item extends { readonly id: number }>(left: Item, right: Item): number {
  return left.id - right.id;
}

function indexContexts(contexts: readonly DialplanContext[], problems: DialplanProblem[]): Map<string, DialplanContext> {
  const index = new Map<string, DialplanContext>();
  for (const context of contexts) {
    if (index.has(context.name)) problems.push({ type: 'duplicate-context', context });
    else index.set(context.name, context);
  }
  for (const context of index.values()) {
    for (const include of context.includes) {
      if (!index.has(include)) problems.push({ type: 'unknown-include', context: context.name, include });
    }
  }
  return index;
}

function indexUsers(users: readonly DialplanUser[], problems: DialplanProblem[]): Map<UserId, DialplanUser> {
  const index = new Map<UserId, DialplanUser>();
  for (const user of [...users].sort(byId)) {
    if (index.has(user.id)) problems.push({ type: 'duplicate-user', user });
    else index.set(user.id, user);
  }
  return index;
}

function compileExtension(
  extension: DialplanExtension,
  known: { readonly contexts: ReadonlyMap<string, DialplanContext>; readonly users: ReadonlyMap<UserId, DialplanUser> },
  problems: DialplanProblem[],
): CompiledExtension | undefined {
  if (!known.contexts.has(extension.context)) {
    problems.push({ type: 'unknown-context', extension });
    return undefined;
  }
  if (extension.destination.type === 'user' && !known.users.has(extension.destination.userId)) {
    problems.push({ type: 'unknown-user', extension });
    return undefined;
  }
  const compiled = compilePattern(extension.exten);
  if (compiled.type === 'error') {
    problems.push({ type: 'invalid-pattern', extension, code: compiled.code, reason: compiled.reason });
    return undefined;
  }
  return { extension, pattern: compiled.pattern };
}

function compareCompiled(left: CompiledExtension, right: CompiledExtension): number {
  return comparePatterns(left.pattern, right.pattern) || left.extension.id - right.extension.id;
}

/** Sorts a context's extensions and drops the later of two equivalent ones (Asterisk refuses it). */
function sortedWithoutDuplicates(compiled: readonly CompiledExtension[], problems: DialplanProblem[]): CompiledExtension[] {
  const sorted = [...compiled].sort(compareCompiled);
  const kept: CompiledExtension[] = [];
  for (const candidate of sorted) {
    const previous = kept.at(-1);
    if (previous !== undefined && comparePatterns(previous.pattern, candidate.pattern) === 0) {
      problems.push({ type: 'duplicate-extension', extension: candidate.extension, keptId: previous.extension.id });
    } else {
      kept.push(candidate);
    }
  }
  return kept;
}

/**
 * Compiles a dialplan snapshot into a {@link RoutingTable}, reporting the items it left out.
 *
 * @remarks
 * The result does not depend on the order of the snapshot's lists: extensions are sorted by
 * Asterisk's order then by id, and of two equivalent extensions in one context (`1001` and
 * `10-01`, `_X` and `_[0-9]`) the one with the lower id is kept.
 */
export function indexDialplan(dialplan: Dialplan): IndexedDialplan {
  const problems: DialplanProblem[] = [];
  const contexts = indexContexts(dialplan.contexts, problems);
  const users = indexUsers(dialplan.users, problems);
  const grouped = new Map<string, CompiledExtension[]>();
  for (const extension of [...dialplan.extensions].sort(byId)) {
    const compiled = compileExtension(extension, { contexts, users }, problems);
    if (compiled === undefined) continue;
    const list = grouped.get(extension.context) ?? [];
    list.push(compiled);
    grouped.set(extension.context, list);
  }
  const extensionsByContext = new Map<string, readonly CompiledExtension[]>();
  for (const [name, list] of grouped) extensionsByContext.set(name, sortedWithoutDuplicates(list, problems));
  return { table: { contexts, extensionsByContext, users }, problems };
}

/** Where a lookup found its extension: the extension and the context that holds it. */
export interface ExtensionLookup {
  readonly found: CompiledExtension;
  readonly context: string;
}

function searchContext(table: RoutingTable, name: string, dialed: string, visited: Set<string>, depth: number): ExtensionLookup | undefined {
  if (visited.has(name) || depth > MAX_INCLUDE_DEPTH) return undefined;
  visited.add(name);
  const context = table.contexts.get(name);
  if (context === undefined) return undefined;
  const own = (table.extensionsByContext.get(name) ?? []).find((candidate) => matchPattern(candidate.pattern, dialed));
  if (own !== undefined) return { found: own, context: name };
  for (const include of context.includes) {
    const found = searchContext(table, include, dialed, visited, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Finds the extension a dialed string reaches from a context: the best match among the context's
 * own extensions, else the first found in its includes, searched depth first in order.
 *
 * @remarks
 * Asterisk semantics (`pbx_find_extension`): a context's own match wins over any included one, even
 * a more specific one; a context already searched in this lookup is skipped, which cuts include
 * cycles; a missing included context is skipped. Returns `undefined` when nothing matches.
 */
export function findExtension(table: RoutingTable, context: string, dialed: string): ExtensionLookup | undefined {
  return searchContext(table, context, dialed, new Set<string>(), 0);
}
