/**
 * A small example kind used only by the kernel's tests: a counter with a ping that waits for a pong
 * under a timer.
 *
 * @remarks
 * ```
 *   idle ──ping.start──► waiting ──ping.pong / pongTimeout──► idle
 *     │                     │
 *     └──────ping.close─────┴────────────► closed   (final)
 * ```
 * `ping.reopen` in `closed` tries the move `closed → idle`, which the table forbids, so tests get a
 * `StateTransitionError` from a real table check.
 */
import { assertNever } from '../../errors.ts';
import type { ActorAddress } from '../address.ts';
import { assertTransition, type AllowedTransitions } from '../allowed-transitions.ts';
import type { KernelEffect } from '../effects.ts';
import { handled, ignored, rejected, type ActorMachine, type MachineEnv, type Transition } from '../machine.ts';
import type { KernelMessage } from '../messages.ts';

/** The states of the ping machine. */
export type PingState = 'idle' | 'waiting' | 'closed';

/** Its allowed transitions. */
export const PING_ALLOWED: AllowedTransitions<PingState> = {
  idle: ['waiting', 'closed'],
  waiting: ['idle', 'closed'],
  closed: [],
};

/** Its snapshot. */
export interface PingSnapshot {
  readonly state: PingState;
  readonly count: number;
  readonly pongs: number;
  readonly timeouts: number;
}

/** Its messages. */
export type PingMessage =
  | { readonly type: 'counter.add'; readonly amount: number }
  | { readonly type: 'count.get' }
  | { readonly type: 'ping.start' }
  | { readonly type: 'ping.pong' }
  | { readonly type: 'ping.close' }
  | { readonly type: 'ping.reopen' }
  | { readonly type: 'ping.crash' }
  | { readonly type: 'ping.fail' }
  | { readonly type: 'ping.stop'; readonly reason: string }
  | { readonly type: 'ping.forward'; readonly to: ActorAddress; readonly amount: number };

/** Its own effects: record a value on the probe port, or make the port throw. */
export type PingEffect = { readonly type: 'probe.record'; readonly value: number } | { readonly type: 'probe.fail' };

/** Its environment. */
export interface PingEnv {
  readonly pongTimeoutMs: number;
}

/** The name of its only timer. */
export const PONG_TIMEOUT = 'pongTimeout';

/** The first snapshot of a ping actor. */
export const INITIAL_PING: PingSnapshot = { state: 'idle', count: 0, pongs: 0, timeouts: 0 };

type PingTransition = Transition<PingSnapshot, PingEffect | KernelEffect>;
type StateMessage = Extract<PingMessage, { type: 'ping.start' | 'ping.pong' | 'ping.close' | 'ping.reopen' }> | KernelMessage;

function move(snapshot: PingSnapshot, to: PingState, changes: Partial<PingSnapshot> = {}): PingSnapshot {
  assertTransition('ping', PING_ALLOWED, snapshot.state, to);
  return { ...snapshot, ...changes, state: to };
}

function inAnyState(snapshot: PingSnapshot, message: PingMessage): PingTransition | undefined {
  switch (message.type) {
    case 'counter.add':
      return handled({ ...snapshot, count: snapshot.count + message.amount }, [{ type: 'probe.record', value: message.amount }]);
    case 'count.get':
      return handled(snapshot, [{ type: 'reply', reply: { count: snapshot.count } }]);
    case 'ping.crash':
      throw new Error('ping crash requested');
    case 'ping.fail':
      return handled(snapshot, [{ type: 'probe.fail' }]);
    case 'ping.stop':
      return handled(snapshot, [{ type: 'stop', reason: message.reason }]);
    case 'ping.forward':
      return handled(snapshot, [{ type: 'send', to: message.to, message: { type: 'counter.add', amount: message.amount } }]);
    default:
      return undefined;
  }
}

function inIdle(snapshot: PingSnapshot, message: StateMessage, env: MachineEnv<PingEnv>): PingTransition {
  switch (message.type) {
    case 'ping.start':
      return handled(move(snapshot, 'waiting'), [{ type: 'timer.start', name: PONG_TIMEOUT, delayMs: env.pongTimeoutMs }]);
    case 'ping.pong':
      return ignored('no ping outstanding');
    case 'ping.close':
      return handled(move(snapshot, 'closed'));
    case 'ping.reopen':
      return rejected('not closed');
    case 'sys.timer.fired':
      return ignored(`timer ${message.name} has no meaning when idle`);
    default:
      return assertNever(message);
  }
}

function inWaiting(snapshot: PingSnapshot, message: StateMessage): PingTransition {
  switch (message.type) {
    case 'ping.start':
      return rejected('already waiting for a pong');
    case 'ping.pong':
      return handled(move(snapshot, 'idle', { pongs: snapshot.pongs + 1 }), [{ type: 'timer.cancel', name: PONG_TIMEOUT }]);
    case 'ping.close':
      return handled(move(snapshot, 'closed'), [{ type: 'timer.cancel', name: PONG_TIMEOUT }]);
    case 'ping.reopen':
      return rejected('not closed');
    case 'sys.timer.fired':
      if (message.name !== PONG_TIMEOUT) return ignored(`unknown timer ${message.name}`);
      return handled(move(snapshot, 'idle', { timeouts: snapshot.timeouts + 1 }));
    default:
      return assertNever(message);
  }
}

function inClosed(snapshot: PingSnapshot, message: StateMessage): PingTransition {
  switch (message.type) {
    case 'ping.start':
    case 'ping.pong':
    case 'ping.close':
      return rejected('closed');
    case 'ping.reopen':
      return handled(move(snapshot, 'idle'));
    case 'sys.timer.fired':
      return ignored('closed');
    default:
      return assertNever(message);
  }
}

/** The ping machine. */
export const pingMachine: ActorMachine<PingSnapshot, PingMessage, PingEffect, PingEnv> = {
  transition(snapshot, message, env) {
    const common = message.type === 'sys.timer.fired' ? undefined : inAnyState(snapshot, message);
    if (common !== undefined) return common;
    const stateMessage = message as StateMessage;
    switch (snapshot.state) {
      case 'idle':
        return inIdle(snapshot, stateMessage, env);
      case 'waiting':
        return inWaiting(snapshot, stateMessage);
      case 'closed':
        return inClosed(snapshot, stateMessage);
      default:
        return assertNever(snapshot.state);
    }
  },
};
