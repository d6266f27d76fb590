/**
 * The bench's handle on its RTP endpoint processes (`rtp-endpoints-process.ts`): open sockets,
 * give them peers, read the counters.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { MediaPeer } from './ramp.ts';
import type { EndpointCommand, EndpointGroup, EndpointReply, GroupCounters } from './rtp-endpoint-protocol.ts';

const PROCESS_SCRIPT = new URL('./rtp-endpoints-process.ts', import.meta.url).pathname;

export interface RtpEndpoints {
  open(group: EndpointGroup, count: number, firstPort: number): Promise<readonly number[]>;
  setPeers(group: EndpointGroup, peers: readonly MediaPeer[]): void;
  /** Counts from now on the packets sent within [fromMs, toMs) (epoch ms), on both sides. */
  setWindow(fromMs: number, toMs: number): void;
  counters(): Promise<{ caller: GroupCounters; callee: GroupCounters }>;
  close(): Promise<void>;
}

/**
 * Starts two endpoint processes, one for the callers' endpoints and one for the callees', so that
 * each direction's sending has a core of its own when one is free (one process reached 89 % of the
 * pace at 1,500 calls on this machine's kind).
 */
export function startRtpEndpoints(): RtpEndpoints {
  const processes: Record<EndpointGroup, EndpointProcess> = { caller: startProcess(), callee: startProcess() };
  return {
    async open(group, count, firstPort) {
      const opened = processes[group].next('opened');
      processes[group].send({ type: 'open', group, count, firstPort });
      return (await opened).ports;
    },
    setPeers(group, peers) {
      if (peers.length > 0) processes[group].send({ type: 'peers', group, peers });
    },
    setWindow(fromMs, toMs) {
      for (const endpointProcess of Object.values(processes)) endpointProcess.send({ type: 'window', fromMs, toMs });
    },
    async counters() {
      const read = async (group: EndpointGroup): Promise<GroupCounters> => {
        const reply = processes[group].next('counters');
        processes[group].send({ type: 'counters' });
        return (await reply)[group];
      };
      const [caller, callee] = await Promise.all([read('caller'), read('callee')]);
      return { caller, callee };
    },
    async close() {
      await Promise.all(Object.values(processes).map((endpointProcess) => endpointProcess.close()));
    },
  };
}

interface EndpointProcess {
  send(command: EndpointCommand): void;
  next<T extends EndpointReply['type']>(type: T): Promise<Extract<EndpointReply, { type: T }>>;
  close(): Promise<void>;
}

function startProcess(): EndpointProcess {
  const child: ChildProcess = fork(PROCESS_SCRIPT, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    send: (command) => void child.send(command),
    next: (type) =>
      new Promise((resolve, reject) => {
        const onMessage = (message: EndpointReply): void => {
          if (message.type === 'error') {
            child.off('message', onMessage);
            reject(new Error(`RTP endpoints: ${message.message}`));
          } else if (message.type === type) {
            child.off('message', onMessage);
            resolve(message as Extract<EndpointReply, { type: typeof type }>);
          }
        };
        child.on('message', onMessage);
      }),
    async close() {
      if (child.connected) child.send({ type: 'close' } satisfies EndpointCommand);
      await exited;
    },
  };
}
