/**
 * What the client and server transaction tables share: the ports of their runners, counters and
 * the handling of log effects.
 */
import type { SipEndpoint, SipSender } from '../sip-endpoint.ts';
import type { SipClock } from './sip-clock.ts';
import type { SipTimerConfig } from './timer-values.ts';
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
export function activeCounterName(
  kind: 'invite-client' | 'non-invite-client' | 'invite-server' | 'non-invite-server',
): keyof ActiveTransactionCounts {
  const names = {
    'invite-client': 'inviteClient',
    'non-invite-client': 'nonInviteClient',
    'invite-server': 'inviteServer',
    'non-invite-server': 'nonInviteServer',
  } as const;
  return names[kind];
}

/** What a table knows about the transaction it builds ports for. */
export interface RunnerIdentity {
  readonly transactionId: string;
  readonly destination: SipEndpoint;
  /** The live state, for log lines. */
  readonly state: () => string;
  readonly onTerminated: () => void;
  readonly onTuEffect: (effect: TuEffect) => void;
}

/** Builds the ports of one runner: counters and diagnostics here, TU effects to the table. */
export function runnerPorts(context: TransactionTableContext, identity: RunnerIdentity): TransactionRunnerPorts {
  const { counters } = context;
  return {
    clock: context.clock,
    sender: context.sender,
    destination: identity.destination,
    onTerminated: identity.onTerminated,
    onRetransmissionSent: () => {
      counters.retransmissionsSent++;
    },
    onSendFailed: (error) => {
      counters.transportErrors++;
      const detail = error === undefined ? {} : { error: error instanceof Error ? error.message : String(error) };
      publishDiagnostic({ type: 'transaction.sendFailed', transactionId: identity.transactionId, ...detail });
    },
    onDeferredEffect: (effect) => {
      switch (effect.type) {
        case 'log.absorbed':
          counters.retransmissionsAbsorbed++;
          return;
        case 'log.ignored':
        case 'log.rejected': {
          const type = effect.type === 'log.ignored' ? 'transaction.ignored' : 'transaction.refused';
          publishDiagnostic({ type, transactionId: identity.transactionId, state: identity.state(), reason: effect.reason });
          return;
        }
        default:
          identity.onTuEffect(effect);
      }
    },
  };
}
