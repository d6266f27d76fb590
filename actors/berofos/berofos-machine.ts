/**
 * The berofos machine (seed HA-09): keeps one failover switch's relays on the node that serves.
 *
 * @remarks
 * Pure (`transition(snapshot, message, env)`). The node that serves (the master, or a standalone
 * node) brings the provider's lines to its own port; a slave leaves the relays alone and only reads
 * the device, so that both nodes show its health (docs/decisions.md: the master drives). Each round
 * with the device reads it and writes only what differs, so a repeated role, or a verification
 * that finds the relays in place, never switches them. A round that fails is retried with a
 * doubling delay up to `retryMaxMs`; a role change retries at once. While steady, the device is
 * read again every `verifyEveryMs`: a device powered off comes back in its power-on relay mode
 * (`modedef`), which the master then corrects. A round whose result never comes (the runner lost
 * in a migration) ends with the `attempt` timer, as a failure.
 */
import { assertNever } from '../errors.ts';
import { assertTransition, handled, ignored, type KernelEffect, type KernelMessage, type MachineEnv, type Transition } from '../kernel/index.ts';
import type { BerofosEffect, BerofosFailureData, BerofosMessage, BerofosNodeRole, BerofosReport } from './berofos-messages.ts';
import { wantedRelayMode, type BerofosSnapshot } from './berofos-snapshot.ts';
import { BEROFOS_ALLOWED, type BerofosState } from './berofos-state.ts';

/** How often and how patiently the actor talks to its device. */
export interface BerofosTimings {
  /** The delay before the first retry; it doubles with each failure in a row. */
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** How often a steady actor reads the device again. */
  readonly verifyEveryMs: number;
  /** The longest a round may take before it counts as failed. */
  readonly attemptTimeoutMs: number;
}

/** Timings for production: first retry after 500 ms, at most every 8 s, verified every 5 s. */
export const DEFAULT_BEROFOS_TIMINGS: BerofosTimings = { retryBaseMs: 500, retryMaxMs: 8_000, verifyEveryMs: 5_000, attemptTimeoutMs: 20_000 };

export const ATTEMPT_TIMER = 'attempt';
export const RETRY_TIMER = 'retry';
export const VERIFY_TIMER = 'verify';

type Env = MachineEnv<{ readonly timings: BerofosTimings }>;
type Effect = BerofosEffect | KernelEffect;
type Result = Transition<BerofosSnapshot, Effect>;

function move(snapshot: BerofosSnapshot, to: BerofosState, changes: Partial<BerofosSnapshot> = {}): BerofosSnapshot {
  assertTransition('berofos', BEROFOS_ALLOWED, snapshot.state, to);
  return { ...snapshot, ...changes, state: to };
}

const report = (value: BerofosReport): BerofosEffect => ({ type: 'berofos.report', report: value });

/** The delay before the retry that follows `failures` failed rounds in a row. */
export function retryDelayMs(failures: number, timings: BerofosTimings): number {
  return Math.min(timings.retryMaxMs, timings.retryBaseMs * 2 ** Math.max(0, Math.min(failures - 1, 30)));
}

/** Starts a round: drives the relays when this node serves, only reads them otherwise. */
function startRound(snapshot: BerofosSnapshot, env: Env, before: readonly Effect[] = []): Result {
  const attempt = snapshot.attempt + 1;
  const relayMode = wantedRelayMode(snapshot);
  const next = move(snapshot, 'checking', { attempt });
  return handled(next, [
    ...before,
    { type: 'timer.cancel', name: RETRY_TIMER },
    { type: 'timer.cancel', name: VERIFY_TIMER },
    { type: 'timer.start', name: ATTEMPT_TIMER, delayMs: env.timings.attemptTimeoutMs },
    relayMode === undefined ? { type: 'berofos.sync', attempt } : { type: 'berofos.sync', attempt, relayMode },
  ]);
}

function roleChanged(snapshot: BerofosSnapshot, role: BerofosNodeRole, env: Env): Result {
  if (snapshot.role === role) return handled(snapshot);
  const next: BerofosSnapshot = { ...snapshot, role };
  if (snapshot.state === 'starting') return startRound(next, env);
  // A round in flight ends first; its result is then compared with the new wish.
  if (snapshot.state === 'checking' || wantedRelayMode(next) === wantedRelayMode(snapshot)) return handled(next);
  return startRound(next, env);
}

function synced(snapshot: BerofosSnapshot, message: Extract<BerofosMessage, { type: 'berofos.synced' }>, env: Env): Result {
  const switched = message.written.includes('mode') && message.before !== message.after;
  const settings = message.written.filter((name) => name !== 'mode');
  const reports: Effect[] = [
    ...(snapshot.failures > 0 ? [report({ type: 'berofos.reachable', device: snapshot.device, afterFailures: snapshot.failures })] : []),
    ...(settings.length > 0 ? [report({ type: 'berofos.parameters_written', device: snapshot.device, written: settings })] : []),
    ...(switched ? [report({ type: 'berofos.switched', device: snapshot.device, from: message.before, to: message.after, linesTo: message.after === 1 ? 'B' : 'D', role: snapshot.role ?? 'slave' })] : []),
  ];
  const contact = { relayMode: message.after, lastContactMs: env.now, failures: 0, switches: snapshot.switches + (switched ? 1 : 0) };
  const cleared = withoutFailure({ ...snapshot, ...contact });
  const wanted = wantedRelayMode(snapshot);
  if (wanted !== undefined && wanted !== message.after) return startRound(cleared, env, [{ type: 'timer.cancel', name: ATTEMPT_TIMER }, ...reports]);
  const next = move(cleared, 'steady');
  return handled(next, [{ type: 'timer.cancel', name: ATTEMPT_TIMER }, ...reports, { type: 'timer.start', name: VERIFY_TIMER, delayMs: env.timings.verifyEveryMs }]);
}

function failed(snapshot: BerofosSnapshot, failure: BerofosFailureData, env: Env): Result {
  const failures = snapshot.failures + 1;
  const next = move(snapshot, 'backingOff', { failures, lastFailure: failure });
  return handled(next, [
    { type: 'timer.cancel', name: ATTEMPT_TIMER },
    ...(snapshot.failures === 0 ? [report({ type: 'berofos.unreachable', device: snapshot.device, failure })] : []),
    { type: 'timer.start', name: RETRY_TIMER, delayMs: retryDelayMs(failures, env.timings) },
  ]);
}

function withoutFailure(snapshot: BerofosSnapshot): BerofosSnapshot {
  const { lastFailure: _dropped, ...rest } = snapshot;
  return rest;
}

type Message = BerofosMessage | KernelMessage;

function inChecking(snapshot: BerofosSnapshot, message: Message, env: Env): Result {
  switch (message.type) {
    case 'berofos.role_changed':
      return roleChanged(snapshot, message.role, env);
    case 'berofos.synced':
      return message.attempt === snapshot.attempt ? synced(snapshot, message, env) : ignored(`result of round ${message.attempt} during round ${snapshot.attempt}`);
    case 'berofos.sync_failed':
      return message.attempt === snapshot.attempt ? failed(snapshot, message.failure, env) : ignored(`failure of round ${message.attempt} during round ${snapshot.attempt}`);
    case 'sys.timer.fired':
      if (message.name !== ATTEMPT_TIMER) return ignored(`timer ${message.name} in checking`);
      return failed(snapshot, { code: 'PBX_ERR_BEROFOS_UNREACHABLE', message: `round ${snapshot.attempt} gave no result within ${env.timings.attemptTimeoutMs} ms` }, env);
    default:
      return assertNever(message);
  }
}

/** `starting`, `backingOff` and `steady`: no round in flight; `timer` starts the next one. */
function waiting(snapshot: BerofosSnapshot, message: Message, env: Env, timer: string | undefined): Result {
  switch (message.type) {
    case 'berofos.role_changed':
      return roleChanged(snapshot, message.role, env);
    case 'berofos.synced':
    case 'berofos.sync_failed':
      return ignored(`result of round ${message.attempt} in ${snapshot.state}`);
    case 'sys.timer.fired':
      return message.name === timer ? startRound(snapshot, env) : ignored(`timer ${message.name} in ${snapshot.state}`);
    default:
      return assertNever(message);
  }
}

/** The berofos machine. */
export const berofosMachine = {
  transition(snapshot: BerofosSnapshot, message: Message, env: Env): Result {
    switch (snapshot.state) {
      case 'starting':
        return waiting(snapshot, message, env, undefined);
      case 'checking':
        return inChecking(snapshot, message, env);
      case 'backingOff':
        return waiting(snapshot, message, env, RETRY_TIMER);
      case 'steady':
        return waiting(snapshot, message, env, VERIFY_TIMER);
      default:
        return assertNever(snapshot.state);
    }
  },
};
