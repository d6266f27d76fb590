/**
 * Finds a port free for both UDP and TCP on 127.0.0.1 (a SIP node listens on both with one number),
 * so that each test file has its own ports and the suite runs in parallel.
 */
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { randomInt } from 'node:crypto';

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

/**
 * Returns the first port of `count` consecutive UDP ports (starting even) that were all free, for a
 * node's own RTP range: nodes that share the default range collide on ports and receive one
 * another's late packets.
 */
export async function freeUdpPortRange(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const start = 20_000 + 2 * randomInt(0, 5_000);
    let free = true;
    for (let port = start; port < start + count && free; port += 1) free = await udpIsFree(port);
    if (free) return start;
  }
  throw new Error(`no ${count} consecutive free UDP ports after 50 attempts`);
}
