/**
 * What the client and server transaction tables share: the ports of their runners, counters and
 * the handling of log effects.
 */
import type { SipSender } from '../sip-endpoint.ts';
import type { SipClock } from './sip-clock.ts';
import type { SipTimerConfig } from './timer-values.ts';
import type { TransactionKind } from './transaction-effects.ts';
import type { DeferredEffect, TransactionRunnerPorts } from './transaction-runner.ts';
import type { ActiveTransactionCounts, MutableTransactionCounters } from './transaction-counters.ts';
import { publishDiagnostic } from './transaction-diagnostics.ts';

/** The effects meant for the TU. */
export type TuEffect = Extract<DeferredEffect, { readonly type: `tu.${string}` }>;

/** Shared by both tables. */
export interface TransactionTableContext {
  readonly clock: SipClock;
  readonly sender: SipSender;
  readonly timerConfig: SipTimerConfig;
  readonly counters: MutableTransactionCounters;
}

/** The counter of live transactions of a kind. */
export function activeCounterName(kind: TransactionKind): keyof ActiveTransactionCounts {
  const names = {
    'invite-client': 'inviteClient',
    'non-invite-client': 'nonInviteClient',
    'invite-server': 'inviteServer',
    'non-invite-server': 'nonInviteServer',
  } as const;
  return names[kind];
}

/** What the shared ports read from a table's entry for log lines. */
export interface RunnerOwner {
  /** The transaction id of the logs. */
  readonly id: string;
  /** The live state. */
  readonly state: string;
}

/** What a table does with the terminations and TU effects of its runners. */
export interface RunnerHooks<Owner> {
  readonly onTerminated: (owner: Owner) => void;
  readonly onTuEffect: (owner: Owner, effect: TuEffect) => void;
}

/**
 * Builds the ports all runners of one table share: counters and diagnostics here, terminations
 * and TU effects to the table.
 *
 * @remarks Built once per table rather than per transaction: per-transaction closures were most
 * of what a transaction waiting out its last timer cost.
 */
export function sharedRunnerPorts<Owner extends RunnerOwner>(
  context: TransactionTableContext,
  hooks: RunnerHooks<Owner>,
): TransactionRunnerPorts<Owner> {
  const { counters } = context;
  return {
    clock: context.clock,
    sender: context.sender,
    onTerminated: hooks.onTerminated,
    onRetransmissionSent: () => {
      counters.retransmissionsSent++;
    },
    onSendFailed: (owner, error) => {
      counters.transportErrors++;
      const detail = error === undefined ? {} : { error: error instanceof Error ? error.message : String(error) };
      publishDiagnostic({ type: 'transaction.sendFailed', transactionId: owner.id, ...detail });
    },
    onDeferredEffect: (owner, effect) => {
      switch (effect.type) {
        case 'log.absorbed':
          counters.retransmissionsAbsorbed++;
          return;
        case 'log.ignored':
        case 'log.rejected': {
          const type = effect.type === 'log.ignored' ? 'transaction.ignored' : 'transaction.refused';
          publishDiagnostic({ type, transactionId: owner.id, state: owner.state, reason: effect.reason });
          return;
        }
        default:
          hooks.onTuEffect(owner, effect);
      }
    },
  };
}
