/**
 * The actor kernel: a typed layer over the comedy actor runtime.
 *
 * @remarks
 * Every actor kind (call, channel, agent, queue, span) is a pure {@link ActorMachine} plus the
 * effect runners of its ports; this kernel runs them one message at a time, keeps their timers as
 * deadlines in their snapshots, replicates them through a hook on each stable transition, and
 * supervises them with child specs as data. comedy itself is reached only through
 * `comedy-runtime.ts`, so it can be replaced.
 */
export { actorAddress, addressKey, nodeName, sameAddress } from './address.ts';
export type { Activation, ActorAddress, NodeName, TraceId } from './address.ts';

export { createSystemClock } from './clock.ts';
export type { CancelTimer, Clock } from './clock.ts';
export { createSimulatedClock } from './simulated-clock.ts';
export type { SimulatedClock } from './simulated-clock.ts';

export { actorLogFields, silentLogger } from './logger.ts';
export type { LogFields, Logger } from './logger.ts';

export type { ActorMessage, Envelope, KernelMessage, TimerFiredMessage } from './messages.ts';
export { isKernelEffect, KERNEL_EFFECT_TYPES } from './effects.ts';
export type {
  ActorEffect,
  EffectContext,
  EffectRunner,
  EffectRunners,
  KernelEffect,
  ReplyEffect,
  SendEffect,
  StopEffect,
  TimerCancelEffect,
  TimerStartEffect,
} from './effects.ts';
export { handled, ignored, rejected } from './machine.ts';
export type { ActorMachine, Handled, KernelEnv, MachineEnv, MachineSnapshot, Transition, Unexpected } from './machine.ts';
export { assertTransition } from './allowed-transitions.ts';
export type { AllowedTransitions } from './allowed-transitions.ts';

export { applyTimerEffect, NO_TIMERS, sameTimers, timerDeadline, withoutTimer } from './timer-table.ts';
export type { TimerTable } from './timer-table.ts';
export { ACTOR_SNAPSHOT_VERSION, initialActorSnapshot, readActorSnapshot } from './snapshot.ts';
export type { ActorSnapshot, SnapshotReadError, SnapshotReadResult } from './snapshot.ts';
export { step } from './step.ts';
export type { OutboundEffect, StepInput, StepOutcome, StepResult } from './step.ts';

export type { ActivationContext, ActorHooks, ActorSpec, SpawnOrigin } from './actor-spec.ts';
export { DEFAULT_MAILBOX_LIMIT } from './actor-spec.ts';
export type { ActorRef } from './actor-ref.ts';
export type { AskResult, UnavailableReason } from './ask-registry.ts';
export type { Child, ChildExit, DeactivationReason, StopReason } from './lifecycle.ts';

export type { ChildCrashedHook, ChildSpec, RestartPolicy, SupervisorOptions, SupervisorStrategy } from './child-spec.ts';
export { shouldRestart, Supervisor } from './supervisor.ts';
export type { StartChildResult, SupervisorServices, TerminateChildResult } from './supervisor.ts';
export { recordRestart } from './restart-intensity.ts';
export type { RestartLimits, RestartRecord } from './restart-intensity.ts';
export { planRestart } from './restart-plan.ts';
export type { RestartPlan } from './restart-plan.ts';

export { ACTOR_TRANSITION_CHANNEL, actorTransitionChannel } from './transition-diagnostics.ts';
export type { TransitionEvent } from './transition-diagnostics.ts';

export { createActorSystem } from './actor-system.ts';
export type { ActorSystem, ActorSystemOptions } from './actor-system.ts';
