/**
 * The bench's handle on its RTP endpoints process (`rtp-endpoints-process.ts`): open sockets,
 * give them peers, read the counters.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { MediaPeer } from './ramp.ts';
import type { EndpointCommand, EndpointGroup, EndpointReply, GroupCounters } from './rtp-endpoint-protocol.ts';

const PROCESS_SCRIPT = new URL('./rtp-endpoints-process.ts', import.meta.url).pathname;

export interface RtpEndpoints {
  open(group: EndpointGroup, count: number, firstPort: number): Promise<readonly number[]>;
  setPeers(group: EndpointGroup, peers: readonly MediaPeer[]): void;
  counters(): Promise<{ caller: GroupCounters; callee: GroupCounters }>;
  close(): Promise<void>;
}

/** Starts the endpoints process (no sockets yet). */
export function startRtpEndpoints(): RtpEndpoints {
  const child: ChildProcess = fork(PROCESS_SCRIPT, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const send = (command: EndpointCommand): void => void child.send(command);
  const next = <T extends EndpointReply['type']>(type: T): Promise<Extract<EndpointReply, { type: T }>> =>
    new Promise((resolve, reject) => {
      const onMessage = (message: EndpointReply): void => {
        if (message.type === 'error') {
          child.off('message', onMessage);
          reject(new Error(`RTP endpoints: ${message.message}`));
        } else if (message.type === type) {
          child.off('message', onMessage);
          resolve(message as Extract<EndpointReply, { type: T }>);
        }
      };
      child.on('message', onMessage);
    });
  return {
    async open(group, count, firstPort) {
      const opened = next('opened');
      send({ type: 'open', group, count, firstPort });
      return (await opened).ports;
    },
    setPeers(group, peers) {
      if (peers.length > 0) send({ type: 'peers', group, peers });
    },
    async counters() {
      const reply = next('counters');
      send({ type: 'counters' });
      const { caller, callee } = await reply;
      return { caller, callee };
    },
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      send({ type: 'close' });
      await exited;
    },
  };
}
