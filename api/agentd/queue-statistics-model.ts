/**
 * A queue's live statistics as agentd's statistics routes answer them: `QueueLiveStatistics` in
 * the platform's snake_case (seed CC-02 `queue show`, CC-05 estimated wait, CC-10 service level).
 */
import type { QueueLiveStatistics } from './agentd-port.ts';

/** The JSON model of one queue's live statistics. */
export interface QueueStatisticsModel {
  readonly queue_id: number;
  readonly name: string;
  readonly tenant_uuid: string;
  readonly waiting_calls: number;
  readonly longest_wait_seconds: number;
  readonly estimated_wait_seconds: number;
  readonly members: { readonly logged_in: number; readonly available: number; readonly talking: number; readonly paused: number; readonly logged_out: number };
  readonly answered: number;
  readonly abandoned: number;
  readonly service_level_seconds: number;
  readonly service_level_percent: number | null;
}

export function queueStatisticsModel(statistics: QueueLiveStatistics): QueueStatisticsModel {
  const { members } = statistics;
  return {
    queue_id: statistics.queueId,
    name: statistics.name,
    tenant_uuid: statistics.tenantUuid,
    waiting_calls: statistics.waitingCalls,
    longest_wait_seconds: statistics.longestWaitSeconds,
    estimated_wait_seconds: statistics.estimatedWaitSeconds,
    members: { logged_in: members.loggedIn, available: members.available, talking: members.talking, paused: members.paused, logged_out: members.loggedOut },
    answered: statistics.answered,
    abandoned: statistics.abandoned,
    service_level_seconds: statistics.serviceLevelSeconds,
    service_level_percent: statistics.serviceLevelPercent,
  };
}
