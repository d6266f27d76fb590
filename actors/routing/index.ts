/**
 * The pure dialplan: extension patterns and their Asterisk ordering, the routing configuration as
 * data, and the routing of a dialed number to a user through includes and forwards.
 *
 * @remarks
 * No I/O, clock or randomness: the same dialplan and request always give the same result, which is
 * what lets call actors replay and migrate, and property tests explore routing.
 */
export { compilePattern, matchPattern, missingPatternPrefix, normalizeDialed, MAX_EXTENSION_LENGTH } from './extension-pattern.ts';
export type { CompilePatternResult, ExtensionPattern, PatternElement, PatternErrorCode } from './extension-pattern.ts';
export { bestMatch, comparePatterns } from './pattern-order.ts';
export type { PatternCandidate } from './pattern-order.ts';
export type {
  ContextType,
  Dialplan,
  DialplanContext,
  DialplanExtension,
  DialplanUser,
  ExtensionDestination,
  ExtensionId,
  LineId,
  UserForward,
  UserForwards,
  UserId,
  UserServices,
} from './dialplan.ts';
export { findExtension, indexDialplan, MAX_INCLUDE_DEPTH } from './routing-table.ts';
export type { CompiledExtension, DialplanProblem, ExtensionLookup, IndexedDialplan, RoutingTable } from './routing-table.ts';
export { busyOutcome, decideOnBusy, decideOnNoAnswer, forwardDecision, usableForwardDestination } from './callee-decisions.ts';
export type {
  BusyDecision,
  BusyReason,
  CalleeState,
  ForwardDecision,
  ForwardKind,
  NoAnswerDecision,
  RingDecision,
} from './callee-decisions.ts';
export { MAX_FORWARD_HOPS, route } from './route.ts';
export type {
  Caller,
  ForwardHop,
  ForwardRoute,
  LoopRoute,
  NotFoundRoute,
  RouteOutcome,
  RouteRequest,
  RouteResult,
  UnavailableRoute,
  UserRoute,
} from './route.ts';
