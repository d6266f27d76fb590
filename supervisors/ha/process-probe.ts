/**
 * Whether a node's process is gone while its host is up: a TCP connection to its HTTP port is
 * refused (RST from the host's kernel). A timeout, an unreachable host or any other error is not
 * proof, and answers false: the lease then lapses on its own.
 */
import { connect } from 'node:net';

/** True only when `address:port` refuses the connection within `timeoutMs`. */
export function processRefuses(address: string, port: number, timeoutMs = 200): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port });
    const done = (gone: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(gone);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => done(false));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code === 'ECONNREFUSED'));
  });
}
