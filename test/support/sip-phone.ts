/**
 * A scripted SIP phone on UDP for tests that need many calls with RTP the test sends and counts
 * itself: it registers, places calls (answering the digest challenge), answers calls with an SDP
 * of the test's choosing, and hangs up. It uses parley's own message parser, serializer and
 * digest client, which have their own tests, and talks to a node over real sockets.
 *
 * @remarks
 * One request is in flight per call at a time (as the tests use it); a response is matched to
 * its request by Call-ID and CSeq. Requests within a dialog go to the node's SIP port, which is
 * where every dialog of a B2BUA ends.
 */
import { randomBytes } from 'node:crypto';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { createAuthorizationHeader, sipMessage } from '../../transport/index.ts';
import { answerChallenge, registerRequest } from './sip-test-client.ts';

type SipRequest = sipMessage.SipRequest;
type SipResponse = sipMessage.SipResponse;

/** An established call of this phone. */
export interface PhoneCall {
  readonly callId: string;
  /** The node's media port for this leg, from the SDP it sent (answer or offer). */
  readonly nodeMediaPort: number;
  /** The payload type of the first format of the node's SDP. */
  readonly payloadType: number;
}

/** Chooses the media port this phone writes in its answer to an incoming call. */
export type AnswerMedia = (call: { readonly callId: string; readonly nodeMediaPort: number }) => Promise<number> | number;

const RESPONSE_TIMEOUT_MS = 15_000;

/** An audio description with one PCMA stream on 127.0.0.1:`port`. */
export function pcmaDescription(port: number): string {
  const session = String(Date.now());
  return ['v=0', `o=- ${session} ${session} IN IP4 127.0.0.1`, 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', `m=audio ${port} RTP/AVP 8`, 'a=rtpmap:8 PCMA/8000', 'a=sendrecv', ''].join('\r\n');
}

/** The port and first payload type of the first `m=audio` line of an SDP body. */
export function audioOf(body: Uint8Array): { port: number; payloadType: number } | undefined {
  const match = /^m=audio (\d+) RTP\/AVP (\d+)/m.exec(Buffer.from(body).toString('utf8'));
  return match === null ? undefined : { port: Number(match[1]), payloadType: Number(match[2]) };
}

/** A scripted phone of one user. */
export class SipPhone {
  readonly user: string;
  readonly #password: string;
  readonly #nodePort: number;
  readonly #socket: Socket;
  readonly #waiting = new Map<string, (response: SipResponse) => void>();
  readonly #dialogs = new Map<string, { readonly to: string; readonly from: string; readonly target: string; cseq: number }>();
  #answerMedia: AnswerMedia | undefined;
  /** Calls this phone answered, in arrival order. */
  readonly answered: PhoneCall[] = [];

  private constructor(user: string, password: string, nodePort: number, socket: Socket) {
    this.user = user;
    this.#password = password;
    this.#nodePort = nodePort;
    this.#socket = socket;
    socket.on('message', (bytes, remote) => this.#onMessage(bytes, remote));
  }

  /** Opens a phone of `user` on an ephemeral port of 127.0.0.1, talking to the node on `nodePort`. */
  static async open(user: string, password: string, nodePort: number): Promise<SipPhone> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return new SipPhone(user, password, nodePort, socket);
  }

  get port(): number {
    return this.#socket.address().port;
  }

  /** Registers this phone's contact, answering the digest challenge. */
  async register(expiresS = 300): Promise<void> {
    const callId = `reg-${randomBytes(6).toString('hex')}`;
    const base = { user: this.user, host: '127.0.0.1', port: this.#nodePort, transport: 'UDP' as const, localPort: this.port, callId, expires: expiresS };
    const challenge = await this.#exchange(registerRequest({ ...base, cseq: 1 }), callId, 1);
    const authorization = answerChallenge(challenge, 'MD5', { user: this.user, password: this.#password, uri: `sip:127.0.0.1:${this.#nodePort}` });
    const response = await this.#exchange(registerRequest({ ...base, cseq: 2, authorization }), callId, 2);
    if (response.status !== 200) throw new Error(`REGISTER of ${this.user} got ${response.status}`);
  }

  /** Answers every incoming INVITE with 200 and an SDP on the port `answerMedia` picks. */
  answerCalls(answerMedia: AnswerMedia): void {
    this.#answerMedia = answerMedia;
  }

  /** Calls `number` offering PCMA on `mediaPort`; resolves once the call is answered and ACKed. */
  async call(number: string, mediaPort: number): Promise<PhoneCall> {
    const callId = `call-${randomBytes(6).toString('hex')}`;
    const requestUri = `sip:${number}@127.0.0.1:${this.#nodePort}`;
    const from = `<sip:${this.user}@127.0.0.1>;tag=${randomBytes(4).toString('hex')}`;
    const invite = (cseq: number, authorization?: string): string =>
      this.#request('INVITE', requestUri, { from, to: `<sip:${number}@127.0.0.1>`, callId, cseq, authorization }, pcmaDescription(mediaPort));
    const challenge = await this.#exchange(invite(1), callId, 1);
    if (challenge.status !== 401) throw new Error(`INVITE without credentials got ${challenge.status}`);
    this.#send(this.#request('ACK', requestUri, { from, to: sipMessage.getHeader(challenge, 'to') ?? '', callId, cseq: 1 }));
    const parsedChallenge = sipMessage.parseDigest(sipMessage.getHeader(challenge, 'www-authenticate') ?? '');
    if (parsedChallenge === undefined) throw new Error('401 without a readable challenge');
    const answer = createAuthorizationHeader(parsedChallenge, {
      username: this.user, password: this.#password, method: 'INVITE', uri: requestUri, cnonce: randomBytes(8).toString('hex'), nc: 1,
    });
    if (answer.type !== 'authorization') throw new Error(`cannot answer the challenge: ${answer.code}`);
    const response = await this.#exchange(invite(2, answer.value), callId, 2);
    if (response.status !== 200) throw new Error(`INVITE to ${number} got ${response.status}`);
    const media = audioOf(response.body);
    if (media === undefined) throw new Error('200 without an audio description');
    const to = sipMessage.getHeader(response, 'to') ?? '';
    const target = /<([^>]+)>/.exec(sipMessage.getHeader(response, 'contact') ?? '')?.[1] ?? requestUri;
    this.#dialogs.set(callId, { from, to, target, cseq: 2 });
    this.#send(this.#request('ACK', target, { from, to, callId, cseq: 2 }));
    return { callId, nodeMediaPort: media.port, payloadType: media.payloadType };
  }

  /** Hangs up a call this phone placed; resolves with the status of the BYE's response. */
  async hangUp(callId: string): Promise<number> {
    const dialog = this.#dialogs.get(callId);
    if (dialog === undefined) throw new Error(`no dialog ${callId}`);
    dialog.cseq += 1;
    const response = await this.#exchange(this.#request('BYE', dialog.target, { from: dialog.from, to: dialog.to, callId, cseq: dialog.cseq }), callId, dialog.cseq);
    this.#dialogs.delete(callId);
    return response.status;
  }

  close(): void {
    this.#socket.close();
  }

  #request(method: string, uri: string, fields: { from: string; to: string; callId: string; cseq: number; authorization?: string | undefined }, body = ''): string {
    return [
      `${method} ${uri} SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1:${this.port};branch=z9hG4bK${randomBytes(8).toString('hex')};rport`,
      'Max-Forwards: 70',
      `From: ${fields.from}`,
      `To: ${fields.to}`,
      `Call-ID: ${fields.callId}`,
      `CSeq: ${fields.cseq} ${method}`,
      `Contact: <sip:${this.user}@127.0.0.1:${this.port};transport=udp>`,
      ...(fields.authorization === undefined ? [] : [`Authorization: ${fields.authorization}`]),
      ...(body === '' ? [] : ['Content-Type: application/sdp']),
      `Content-Length: ${Buffer.byteLength(body)}`,
      '',
      body,
    ].join('\r\n');
  }

  #send(text: string | Uint8Array, port = this.#nodePort): void {
    this.#socket.send(typeof text === 'string' ? Buffer.from(text) : text, port, '127.0.0.1');
  }

  /** Sends a request and resolves with its final response. */
  #exchange(text: string, callId: string, cseq: number): Promise<SipResponse> {
    return new Promise((resolve, reject) => {
      const key = `${callId} ${cseq}`;
      const timer = setTimeout(() => {
        this.#waiting.delete(key);
        reject(new Error(`no final response to CSeq ${cseq} of ${callId} within ${RESPONSE_TIMEOUT_MS} ms`));
      }, RESPONSE_TIMEOUT_MS);
      this.#waiting.set(key, (response) => {
        clearTimeout(timer);
        resolve(response);
      });
      this.#send(text);
    });
  }

  #onMessage(bytes: Buffer, remote: RemoteInfo): void {
    const parsed = sipMessage.parseMessage(bytes);
    if (parsed.type !== 'ok') return;
    const message = parsed.message;
    if (message.type === 'response') {
      if (message.status < 200) return;
      const cseq = Number.parseInt(sipMessage.getHeader(message, 'cseq') ?? '', 10);
      const key = `${sipMessage.getHeader(message, 'call-id') ?? ''} ${cseq}`;
      const waiter = this.#waiting.get(key);
      this.#waiting.delete(key);
      waiter?.(message);
      return;
    }
    void this.#onRequest(message, remote);
  }

  async #onRequest(request: SipRequest, remote: RemoteInfo): Promise<void> {
    if (request.method === 'ACK') return;
    const callId = sipMessage.getHeader(request, 'call-id') ?? '';
    const contact = { contact: [`<sip:${this.user}@127.0.0.1:${this.port};transport=udp>`] };
    if (request.method !== 'INVITE' || this.#answerMedia === undefined) {
      this.#send(sipMessage.serializeMessage(sipMessage.createResponse(request, request.method === 'INVITE' ? 486 : 200, { toTag: 'phone', headers: contact })), remote.port);
      return;
    }
    const offer = audioOf(request.body);
    if (offer === undefined) {
      this.#send(sipMessage.serializeMessage(sipMessage.createResponse(request, 488, { toTag: 'phone' })), remote.port);
      return;
    }
    const known = this.answered.find((call) => call.callId === callId);
    const mediaPort = await this.#answerMedia({ callId, nodeMediaPort: offer.port });
    if (known === undefined) this.answered.push({ callId, nodeMediaPort: offer.port, payloadType: offer.payloadType });
    const response = sipMessage.createResponse(request, 200, {
      toTag: `phone-${callId.slice(0, 8)}`,
      headers: { ...contact, 'content-type': ['application/sdp'] },
      body: Buffer.from(pcmaDescription(mediaPort)),
    });
    this.#send(sipMessage.serializeMessage(response), remote.port);
  }
}
