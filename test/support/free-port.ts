/**
 * Finds a port free for both UDP and TCP on 127.0.0.1 (a SIP node listens on both with one number),
 * so that each test file has its own ports and the suite runs in parallel.
 */
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

/** Returns a port that was free on UDP and TCP at the time of the call. */
export async function freeSipPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = await freeTcpPort();
    if (await udpIsFree(port)) return port;
  }
  throw new Error('no port free for both UDP and TCP after 50 attempts');
}

/** Returns a TCP port the kernel just handed out. */
export function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function udpIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => resolve(false));
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
  });
}

/**
 * Returns an even UDP port whose odd neighbour is free too (an RTP and RTCP pair), taken from the
 * kernel's ephemeral range so that it stays clear of a node's own RTP range.
 */
export async function freeUdpPortPair(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = await kernelUdpPort();
    const even = port - (port % 2);
    if ((await udpIsFree(even)) && (await udpIsFree(even + 1))) return even;
  }
  throw new Error('no free UDP port pair after 50 attempts');
}

function kernelUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const port = socket.address().port;
      socket.close(() => resolve(port));
    });
  });
}
