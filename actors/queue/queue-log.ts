/**
 * queue_log rows (seed CC-09): the events of queues and agents with Asterisk's names and fields,
 * the sole input of the statistics.
 *
 * @remarks
 * A row is `time, callid, queuename, agent, event, data1…data5`; an absent call id, queue or agent
 * is written `NONE` as the seed's samples show. Times of the data fields are whole seconds. The
 * events the seed samples keep its field order; those it does not sample follow Asterisk
 * (`EXITWITHTIMEOUT`, `EXITEMPTY`: position, original position, wait time; `RINGNOANSWER`: ring
 * time in ms; `COMPLETECALLER`: as `COMPLETEAGENT`); the diversions use Wazo's `DIVERT_CA_RATIO`
 * and `DIVERT_HOLDTIME`; a pause's reason is `data1`, as Asterisk writes it. Pure.
 */

/** An event written to queue_log. */
export type QueueLogEvent =
  | { readonly event: 'ENTERQUEUE'; readonly callId: string; readonly queue: string; readonly callerIdNumber: string; readonly position: number }
  | { readonly event: 'CONNECT'; readonly callId: string; readonly queue: string; readonly agent: string; readonly holdSeconds: number; readonly memberChannelId: string; readonly ringSeconds: number }
  | { readonly event: 'COMPLETEAGENT' | 'COMPLETECALLER'; readonly callId: string; readonly queue: string; readonly agent: string; readonly holdSeconds: number; readonly talkSeconds: number; readonly originalPosition: number }
  | { readonly event: 'ABANDON' | 'EXITWITHTIMEOUT' | 'EXITEMPTY'; readonly callId: string; readonly queue: string; readonly position: number; readonly originalPosition: number; readonly waitSeconds: number }
  | { readonly event: 'RINGNOANSWER'; readonly callId: string; readonly queue: string; readonly agent: string; readonly ringMs: number }
  | { readonly event: 'JOINEMPTY' | 'FULL' | 'CLOSED' | 'DIVERT_CA_RATIO' | 'DIVERT_HOLDTIME'; readonly callId: string; readonly queue: string }
  | { readonly event: 'AGENTCALLBACKLOGIN'; readonly callId: string | null; readonly agent: string; readonly extension: string; readonly context: string }
  | { readonly event: 'AGENTCALLBACKLOGOFF'; readonly agent: string; readonly extension: string; readonly context: string; readonly loggedInSeconds: number; readonly reason: string }
  | { readonly event: 'PAUSE' | 'UNPAUSE'; readonly queue: string; readonly agent: string; readonly reason?: string }
  | { readonly event: 'PAUSEALL' | 'UNPAUSEALL'; readonly agent: string; readonly reason?: string };

/** A queue_log row as stored. */
export interface QueueLogRow {
  /** Epoch ms. */
  readonly time: number;
  readonly callid: string;
  readonly queuename: string;
  readonly agent: string;
  readonly event: QueueLogEvent['event'];
  readonly data1: string;
  readonly data2: string;
  readonly data3: string;
  readonly data4: string;
  readonly data5: string;
}

/** Written where a row has no call, queue or agent. */
export const NONE = 'NONE';

/** The queue member name of an agent (seed: `Agent/3001`). */
export function agentInterface(agentNumber: string): string {
  return `Agent/${agentNumber}`;
}

function row(time: number, callid: string, queuename: string, agent: string, event: QueueLogEvent['event'], data: readonly (string | number)[] = []): QueueLogRow {
  const [data1 = '', data2 = '', data3 = '', data4 = '', data5 = ''] = data.map(String);
  return { time, callid, queuename, agent, event, data1, data2, data3, data4, data5 };
}

/** The row of an event at `time` (epoch ms). */
export function queueLogRow(time: number, entry: QueueLogEvent): QueueLogRow {
  switch (entry.event) {
    case 'ENTERQUEUE':
      return row(time, entry.callId, entry.queue, NONE, entry.event, ['', entry.callerIdNumber, entry.position]);
    case 'CONNECT':
      return row(time, entry.callId, entry.queue, entry.agent, entry.event, [entry.holdSeconds, entry.memberChannelId, entry.ringSeconds]);
    case 'COMPLETEAGENT':
    case 'COMPLETECALLER':
      return row(time, entry.callId, entry.queue, entry.agent, entry.event, [entry.holdSeconds, entry.talkSeconds, entry.originalPosition]);
    case 'ABANDON':
    case 'EXITWITHTIMEOUT':
    case 'EXITEMPTY':
      return row(time, entry.callId, entry.queue, NONE, entry.event, [entry.position, entry.originalPosition, entry.waitSeconds]);
    case 'RINGNOANSWER':
      return row(time, entry.callId, entry.queue, entry.agent, entry.event, [entry.ringMs]);
    case 'JOINEMPTY':
    case 'FULL':
    case 'CLOSED':
    case 'DIVERT_CA_RATIO':
    case 'DIVERT_HOLDTIME':
      return row(time, entry.callId, entry.queue, NONE, entry.event);
    case 'AGENTCALLBACKLOGIN':
      return row(time, entry.callId ?? NONE, NONE, entry.agent, entry.event, [`${entry.extension}@${entry.context}`]);
    case 'AGENTCALLBACKLOGOFF':
      return row(time, NONE, NONE, entry.agent, entry.event, [`${entry.extension}@${entry.context}`, entry.loggedInSeconds, entry.reason]);
    case 'PAUSE':
    case 'UNPAUSE':
      return row(time, NONE, entry.queue, entry.agent, entry.event, [entry.reason ?? '']);
    case 'PAUSEALL':
    case 'UNPAUSEALL':
      return row(time, NONE, NONE, entry.agent, entry.event, [entry.reason ?? '']);
  }
}

/**
 * The rows of an agent's log-off, in the seed's order: `AGENTCALLBACKLOGOFF`, then `UNPAUSEALL`,
 * then one `UNPAUSE` per queue the agent was in (none of the pause rows when it was in no queue).
 */
export function logoffRows(time: number, logoff: Extract<QueueLogEvent, { event: 'AGENTCALLBACKLOGOFF' }>, queues: readonly string[]): QueueLogRow[] {
  const rows = [queueLogRow(time, logoff)];
  if (queues.length === 0) return rows;
  rows.push(queueLogRow(time, { event: 'UNPAUSEALL', agent: logoff.agent }));
  for (const queue of queues) rows.push(queueLogRow(time, { event: 'UNPAUSE', queue, agent: logoff.agent }));
  return rows;
}
