/**
 * A minimal scripted SIP user agent for tests that SIPp cannot express: SIP over WebSocket,
 * SHA-256 digest, and raw malformed bytes. It uses parley's own parser and digest client, which
 * have their own unit tests, and talks to a node over real sockets.
 */
import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import WebSocket from 'ws';
import { sipMessage, createAuthorizationHeader } from '../../transport/index.ts';

export type SipResponse = sipMessage.SipResponse;

/** Builds a REGISTER for `user` at `host:port`; `authorization` answers a challenge. */
export function registerRequest(options: {
  user: string; host: string; port: number; transport: 'UDP' | 'WS'; localPort: number;
  callId: string; cseq: number; expires: number; authorization?: string;
}): string {
  const viaHost = options.transport === 'WS' ? 'client.invalid' : `127.0.0.1:${options.localPort}`;
  return [
    `REGISTER sip:${options.host}:${options.port} SIP/2.0`,
    `Via: SIP/2.0/${options.transport} ${viaHost};branch=z9hG4bK${randomBytes(8).toString('hex')};rport`,
    'Max-Forwards: 70',
    `From: <sip:${options.user}@${options.host}>;tag=${randomBytes(4).toString('hex')}`,
    `To: <sip:${options.user}@${options.host}>`,
    `Call-ID: ${options.callId}`,
    `CSeq: ${options.cseq} REGISTER`,
    `Contact: <sip:${options.user}@${viaHost};transport=${options.transport.toLowerCase()}>`,
    ...(options.authorization ? [`Authorization: ${options.authorization}`] : []),
    `Expires: ${options.expires}`,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}

/** Answers the challenge of `response` for the given algorithm, as a phone would. */
export function answerChallenge(response: SipResponse, algorithm: 'MD5' | 'SHA-256', credentials: { user: string; password: string; uri: string }): string {
  const challenge = sipMessage
    .getHeaders(response, 'www-authenticate')
    .map((value) => sipMessage.parseDigest(value))
    .find((parsed) => (parsed?.params['algorithm'] ?? 'MD5').toUpperCase() === algorithm);
  if (challenge === undefined) throw new Error(`no ${algorithm} challenge in ${response.status}`);
  const answer = createAuthorizationHeader(challenge, {
    username: credentials.user, password: credentials.password, method: 'REGISTER', uri: credentials.uri,
    cnonce: randomBytes(8).toString('hex'), nc: 1,
  });
  if (answer.type !== 'authorization') throw new Error(`cannot answer the challenge: ${answer.code}`);
  return answer.value;
}

/** A UDP endpoint that sends raw bytes and waits for the next parsed response. */
export async function openUdpClient(): Promise<{
  port: number; exchange(bytes: string | Uint8Array, to: number): Promise<SipResponse>; exchangeRaw(bytes: string, to: number): Promise<string>; close(): void;
}> {
  const socket: Socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const waiting: ((response: SipResponse) => void)[] = [];
  const waitingRaw: ((text: string) => void)[] = [];
  socket.on('message', (bytes) => {
    waitingRaw.shift()?.(bytes.toString('latin1'));
    const parsed = sipMessage.parseMessage(bytes);
    if (parsed.type === 'ok' && parsed.message.type === 'response' && parsed.message.status >= 200) waiting.shift()?.(parsed.message);
  });
  return {
    port: socket.address().port,
    /** The next datagram as text, parsed or not (a response to a malformed request may not parse). */
    exchangeRaw(text, to) {
      return withTimeout(new Promise<string>((resolve) => {
        waitingRaw.push(resolve);
        socket.send(Buffer.from(text), to, '127.0.0.1');
      }), 'UDP datagram');
    },
    exchange(bytes, to) {
      return withTimeout(new Promise<SipResponse>((resolve) => {
        waiting.push(resolve);
        socket.send(typeof bytes === 'string' ? Buffer.from(bytes) : bytes, to, '127.0.0.1');
      }), 'UDP response');
    },
    close: () => socket.close(),
  };
}

/** A SIP-over-WebSocket connection (RFC 7118) that exchanges requests for final responses. */
export async function openWebSocketClient(url: string, protocols: string[] = ['sip'], tls?: { readonly ca: Buffer }): Promise<{
  exchange(text: string): Promise<SipResponse>; close(): void; socket: WebSocket;
}> {
  const socket = new WebSocket(url, protocols, tls === undefined ? {} : { ca: tls.ca, servername: 'localhost' });
  await withTimeout(new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
    socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${String(response.statusCode)}`)));
  }), 'WebSocket open');
  const waiting: ((response: SipResponse) => void)[] = [];
  socket.on('message', (data: Buffer) => {
    const parsed = sipMessage.parseMessage(data);
    if (parsed.type === 'ok' && parsed.message.type === 'response' && parsed.message.status >= 200) waiting.shift()?.(parsed.message);
  });
  return {
    socket,
    exchange(text) {
      return withTimeout(new Promise<SipResponse>((resolve) => {
        waiting.push(resolve);
        socket.send(text);
      }), 'WebSocket response');
    },
    close: () => socket.close(),
  };
}

function withTimeout<T>(promise: Promise<T>, what: string, ms = 5000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
    }),
  ]);
}
