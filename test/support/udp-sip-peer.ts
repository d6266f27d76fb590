/**
 * A SIP peer on a UDP socket on loopback, for tests of what a node sends to a provider: it answers
 * every request 200 (a REGISTER with the expiry asked) and records each request's method and Expires.
 */
import { createSocket, type Socket } from 'node:dgram';

/** One request the peer heard: its method and Expires header. */
export interface HeardRequest { readonly method: string; readonly expires: string | undefined }

/** Binds a peer on 127.0.0.1, a free port; `close` releases it. */
export async function startUdpSipPeer(): Promise<{ port: number; heard: HeardRequest[]; close(): Promise<void> }> {
  const heard: HeardRequest[] = [];
  const socket: Socket = createSocket('udp4');
  socket.on('message', (data, from) => {
    const text = data.toString('utf8');
    const [requestLine = '', ...lines] = text.split('\r\n');
    const method = requestLine.split(' ')[0] ?? '';
    if (method.startsWith('SIP/')) return;
    const header = (name: string): string[] => lines.filter((line) => line.toLowerCase().startsWith(`${name}:`));
    const value = (line: string | undefined): string | undefined => line?.slice(line.indexOf(':') + 1).trim();
    const expires = value(header('expires')[0]);
    heard.push({ method, expires });
    const contact = value(header('contact')[0]);
    const response = [
      'SIP/2.0 200 OK', ...header('via'), ...header('from'), `${header('to')[0] ?? 'To: <sip:peer>'};tag=peer`, ...header('call-id'), ...header('cseq'),
      ...(method === 'REGISTER' && contact !== undefined && expires !== '0' ? [`Contact: ${contact};expires=${expires ?? '60'}`] : []),
      'Content-Length: 0', '', '',
    ].join('\r\n');
    socket.send(response, from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { port: socket.address().port, heard, close: () => new Promise((resolve) => socket.close(() => resolve())) };
}
