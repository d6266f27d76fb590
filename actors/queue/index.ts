/** Queues and skills-based routing: the pure rule engine (seed CC-07, CC-08). */
export * from './skill-rule-syntax.ts';
export { compileSkillRule } from './skill-rule-parser.ts';
export type { CompileSkillRuleResult } from './skill-rule-parser.ts';
export { agentMatches, applySkillRules, dynamicHolds } from './skill-rule-evaluation.ts';
export type { AgentSkills, AppliedSkillRule, DynamicValues, MetaVariables, SkillCandidate } from './skill-rule-evaluation.ts';
export { chooseMembers, cursorAfter, QUEUE_STRATEGIES } from './queue-strategy.ts';
export type { QueueStrategy, RingCandidate, StrategyContext } from './queue-strategy.ts';
export { admitCall, nextWaitEstimate, parseEmptyConditions, queueIsEmpty } from './queue-admission.ts';
export type { Admission, AdmissionSettings, EmptyCondition, EmptyConditions, MemberAvailability, ParsedEmptyConditions, QueueLoad } from './queue-admission.ts';
export { agentInterface, logoffRows, NONE, queueLogRow } from './queue-log.ts';
export type { QueueLogEvent, QueueLogRow } from './queue-log.ts';
export { applyQueueLogRow, EMPTY_QUEUE_STATISTICS, foldQueueLog, hourOf, periodicCounters, QUEUE_CALL_STATUSES } from './queue-statistics.ts';
export type { CallOnQueue, QueueCallStatus, QueuePeriod, QueueStatistics } from './queue-statistics.ts';
export { DEFAULT_QUEUE_SETTINGS, newQueue } from './queue-snapshot.ts';
export type { ConnectedCall, QueueAttempt, QueueMember, QueueMemberConfig, QueueSettings, QueueSnapshot, WaitingCall } from './queue-snapshot.ts';
export type { QueueEffect, QueueEnterReply, QueueMessage } from './queue-messages.ts';
export { queueMachine } from './queue-machine.ts';
export { memberTimer, queueTimer, retryTimer, RULES_TIMER } from './queue-distribution.ts';
