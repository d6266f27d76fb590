/**
 * A scripted phone for tests that drive many random call flows: a SIP stack of its own on a UDP
 * port of 127.0.0.1, which answers a digest challenge on its INVITEs, and whose incoming calls
 * are handled by whatever behaviour the test sets for the next call. It speaks to a node over
 * real sockets; only its REGISTER is handed to the node's registrar directly, with the phone's
 * address as its source (registration has its own SIPp tests).
 */
import { randomBytes } from 'node:crypto';
import { createSipStack, createAuthorizationHeader, sipMessage, type InviteClientSession, type InviteServerSession, type RequestHandler, type SessionEvent, type SipStack } from '../../transport/index.ts';
import type { RunningNode } from '../../supervisors/index.ts';
import { answerChallenge, registerRequest } from './sip-test-client.ts';

/** An SDP offer/answer for G.711 µ-law and telephone-events, pointing at a port nobody reads. */
export function phoneSdp(port: number, direction: 'sendrecv' | 'sendonly' | 'inactive' = 'sendrecv', version = 1): string {
  return [
    'v=0', `o=- 4242 ${version} IN IP4 127.0.0.1`, 's=-', 'c=IN IP4 127.0.0.1', 't=0 0',
    `m=audio ${port} RTP/AVP 0 101`, 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-16', `a=${direction}`, '',
  ].join('\r\n');
}

/** An incoming call: its session, what it reported, and more listeners (a session has one). */
export interface IncomingCall {
  readonly session: InviteServerSession;
  readonly events: SessionEvent[];
  listen(listener: (event: SessionEvent) => void): void;
}

/** What a phone does with the next incoming call. */
export type IncomingBehaviour = (call: IncomingCall) => void;

export interface StackPhone {
  readonly port: number;
  readonly stack: SipStack;
  /** Incoming calls, newest last, with what each reported. */
  readonly incoming: IncomingCall[];
  /** Sets how incoming calls are handled from now on. */
  onIncoming(behaviour: IncomingBehaviour): void;
  /** Registers this phone's contact for `user` with the node's registrar (expires 0 removes it). */
  register(node: RunningNode, nodePort: number, user: string, password: string, expires?: number): Promise<number>;
  /** Calls `dialed` through the node, answering the 401 with `user`'s credentials; `sdp` replaces the default offer. */
  call(nodePort: number, dialed: string, user: string, password: string, options?: { readonly sdp?: string }): OutgoingCall;
  close(): Promise<void>;
}

/** A call this phone placed: what it reported, and the session for CANCEL, BYE and re-INVITE. */
export interface OutgoingCall {
  readonly events: SessionEvent[];
  session(): InviteClientSession | undefined;
  /** INVITEs sent so far: 1 until the challenge is answered, then 2. */
  attempts(): number;
}

export interface StackPhoneOptions {
  /** Handlers of requests outside calls (NOTIFY, say), by method; others are answered 405. */
  readonly handlers?: Readonly<Record<string, RequestHandler>>;
  /**
   * Sends requests in a dialog to its remote target (RFC 3261 §12.2.1.1), as a phone reached
   * directly does, rather than where the peer's messages came from: a target refresh moves them.
   */
  readonly followRemoteTarget?: boolean;
}

/** Where a dialog's remote target URI (`sip:[user@]host[:port]`) points, over UDP. */
function remoteTargetOf(remoteTarget: string, learned: { readonly transport: 'udp' | 'tcp' | 'ws'; readonly address: string; readonly port: number }): typeof learned {
  const found = /^sips?:(?:[^@;>]*@)?([^:;>]+)(?::(\d+))?/.exec(remoteTarget);
  return found === null ? learned : { transport: 'udp', address: found[1] as string, port: Number(found[2] ?? 5060) };
}

/** Starts a phone on a free UDP port. */
export async function startStackPhone(name: string, options: StackPhoneOptions = {}): Promise<StackPhone> {
  let behaviour: IncomingBehaviour = (call) => void call.session.reject(603);
  const incoming: StackPhone['incoming'] = [];
  const stack = await createSipStack({
    address: '127.0.0.1', port: 0, transports: ['udp'], handlers: options.handlers ?? {}, serverName: `phone-${name}`,
    sessions: {
      ...(options.followRemoteTarget === true ? { resolveDestination: (dialog, learned) => remoteTargetOf(dialog.remoteTarget, learned) } : {}),
      onInvite: (session) => {
        const listeners: ((event: SessionEvent) => void)[] = [];
        const record: IncomingCall = { session, events: [], listen: (listener) => void listeners.push(listener) };
        incoming.push(record);
        session.listen((event) => {
          record.events.push(event);
          for (const listener of listeners) listener(event);
        });
        behaviour(record);
      },
    },
  });
  const port = stack.local.port;
  return {
    port,
    stack,
    incoming,
    onIncoming(next) {
      behaviour = next;
    },
    async register(node, nodePort, user, password, expires = 300) {
      const callId = `reg-${randomBytes(6).toString('hex')}`;
      const fields = { user, host: '127.0.0.1', port: nodePort, transport: 'UDP' as const, localPort: port, callId, expires };
      const source = { transport: 'udp' as const, address: '127.0.0.1', port };
      const challenge = await node.sip.registrar.handleRegister(parse(registerRequest({ ...fields, cseq: 1 })), source);
      const authorization = answerChallenge(challenge, 'MD5', { user, password, uri: `sip:127.0.0.1:${nodePort}` });
      const answer = await node.sip.registrar.handleRegister(parse(registerRequest({ ...fields, cseq: 2, authorization })), source);
      return answer.status;
    },
    call(nodePort, dialed, user, password, options = {}) {
      const events: SessionEvent[] = [];
      let current: InviteClientSession | undefined;
      let attempts = 0;
      const requestUri = `sip:${dialed}@127.0.0.1:${nodePort}`;
      const destination = { transport: 'udp' as const, address: '127.0.0.1', port: nodePort };
      const place = (authorization?: string): void => {
        const started = stack.startInvite({
          requestUri, destination, from: `"${name}" <sip:${user}@127.0.0.1>`, to: `<sip:${dialed}@127.0.0.1>`, sdp: options.sdp ?? phoneSdp(port + 10_000 > 65_000 ? 40_000 : port + 10_000),
          ...(authorization === undefined ? {} : { headers: { authorization: [authorization] } }),
        });
        if (started.type !== 'started') throw new Error(`INVITE not sent: ${started.code} ${started.detail}`);
        current = started.session;
        attempts += 1;
        started.session.listen((event) => {
          if (started.session !== current) return; // a challenged attempt, replaced by the authenticated one
          const challenge = event.type === 'failed' && event.status === 401 && authorization === undefined ? event.challenges?.[0] : undefined;
          if (challenge === undefined) return void events.push(event);
          place(authorize(challenge, { user, password, uri: requestUri }));
        });
      };
      place();
      return { events, session: () => current, attempts: () => attempts };
    },
    close: () => stack.close(),
  };
}

function parse(text: string): sipMessage.SipRequest {
  const parsed = sipMessage.parseMessage(Buffer.from(text));
  if (parsed.type !== 'ok' || parsed.message.type !== 'request') throw new Error('test REGISTER does not parse');
  return parsed.message;
}

function authorize(challengeText: string, credentials: { user: string; password: string; uri: string }): string {
  const challenge = sipMessage.parseDigest(challengeText);
  if (challenge === undefined) throw new Error(`unreadable challenge: ${challengeText}`);
  const answer = createAuthorizationHeader(challenge, {
    username: credentials.user, password: credentials.password, method: 'INVITE', uri: credentials.uri, cnonce: randomBytes(8).toString('hex'), nc: 1,
  });
  if (answer.type !== 'authorization') throw new Error(`cannot answer the challenge: ${answer.code}`);
  return answer.value;
}
