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
  IncallId,
  LineId,
  OutcallId,
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
export { MAX_FORWARD_HOPS, route, routeToUser } from './route.ts';
export type {
  Caller,
  ForwardHop,
  ForwardRoute,
  GroupRoute,
  IvrRoute,
  LoopRoute,
  NotFoundRoute,
  QueueRoute,
  RouteOutcome,
  RouteRequest,
  RouteResult,
  UnavailableRoute,
  UserRoute,
} from './route.ts';
export type {
  Blacklist,
  CallerIdMode,
  HuntGroup,
  RingStrategy,
  CallerIdRule,
  CallPermission,
  CallPermissionId,
  Incall,
  Outcall,
  OutcallPattern,
  RoutingDestination,
  RoutingObjects,
  UserRoutingSettings,
  Schedule,
  ScheduleException,
  ScheduleId,
  SchedulePeriod,
  TrunkId,
} from './routing-objects.ts';
export {
  applyCallerIdMode,
  callerIdRuleError,
  compileCallerIdRules,
  formatCallerId,
  incomingCallerId,
  normalizeCallerNumber,
  outgoingCallerId,
  parseCallerId,
  readOutgoingCallerId,
} from './caller-id.ts';
export type {
  CallerId,
  CallerIdRuleProblem,
  CompiledCallerIdRule,
  IncomingCallerId,
  OutgoingCaller,
  OutgoingCallerId,
  ReverseLookupDecision,
  UserOutgoingCallerId,
} from './caller-id.ts';
export { checkBlacklist, resolveIncall } from './incall-resolution.ts';
export type { BlacklistCheck, IncallResolution } from './incall-resolution.ts';
export { outcallDigits, resolveOutcall } from './outcall-resolution.ts';
export type { OutcallResolution } from './outcall-resolution.ts';
export { checkCallPermissions, permissionCovers } from './call-permissions.ts';
export type { PermissionDecision, PermissionRequest, PermissionSource } from './call-permissions.ts';
export { isKnownTimezone, localTime, parseClock, periodHolds, scheduleState } from './schedule.ts';
export type { LocalTime, ScheduleState } from './schedule.ts';
export { MAX_SCHEDULE_REDIRECTS, scheduleGate, userScheduleGate } from './schedule-gate.ts';
export type { ScheduleGate } from './schedule-gate.ts';
export { destinationFromForm, exceptionFromForm, periodFromForm } from './destination-form.ts';
export { readCustomCommand } from './custom-command.ts';
export type { CustomCommand, CustomCommandVariables } from './custom-command.ts';
export { compileFeatureCodes, featureExtensCollide, FEATURES_DIALED_ALONE, literalPrefix, matchFeatureCode } from './feature-codes.ts';
export type { CompiledFeatureCode, FeatureCodeMatch, FeatureCodeProblem, FeatureCodes, FeatureExtension } from './feature-codes.ts';
export { featureAction } from './feature-actions.ts';
export type { AgentFeatureCommand, FeatureAction, FeatureForward, FeatureService } from './feature-actions.ts';
export { CHANGEABLE_HOOK_VARIABLES, hookHangupStatus, hooksToRun, hookVariables, readHookAnswer } from './preprocess-hook.ts';
export type { HookAnswer, HookCall, HookDecision, HookFacts, HookPoint, HookVariables } from './preprocess-hook.ts';
