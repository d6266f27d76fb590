/**
 * Binds the RTP and RTCP sockets of one leg (RTCP on the RTP port + 1, RFC 3550 §11).
 *
 * @remarks
 * A port already in use, or any other bind failure (such as running out of file descriptors), is
 * returned as a value and both sockets are closed, so a refused session never leaks a socket and
 * never crashes the worker. Every socket carries an `error` listener for the same reason.
 */
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { bindFailure, isMediaFailure } from '../errors.ts';
import type { MediaFailure } from '../errors.ts';

/** The two sockets of a leg. */
export type UdpSocketPair = { readonly rtp: Socket; readonly rtcp: Socket };

function bindOne(bindAddress: string, port: number): Promise<Socket | MediaFailure> {
  return new Promise((resolve) => {
    const socket = createSocket({ type: isIPv6(bindAddress) ? 'udp6' : 'udp4' });
    const onError = (error: Error): void => {
      socket.close();
      resolve(bindFailure(`UDP ${bindAddress}:${port}`, error));
    };
    socket.once('error', onError);
    socket.bind({ address: bindAddress, port, exclusive: true }, () => {
      socket.off('error', onError);
      resolve(socket);
    });
  });
}

/** Binds `rtpPort` and `rtpPort + 1` on `bindAddress`. */
export async function bindSocketPair(bindAddress: string, rtpPort: number): Promise<UdpSocketPair | MediaFailure> {
  const rtp = await bindOne(bindAddress, rtpPort);
  if (isMediaFailure(rtp)) return rtp;
  const rtcp = await bindOne(bindAddress, rtpPort + 1);
  if (isMediaFailure(rtcp)) {
    rtp.close();
    return rtcp;
  }
  return { rtp, rtcp };
}
