/**
 * The control binding of a berofos: its HTTP interface, as the `bnfos` tool speaks it.
 *
 * @remarks
 * Settings are read with `GET /config.txt` (see berofos-dump.ts) and written one at a time with
 * `GET /?cmd=<n>&<field>=<value>` (berofos-relays.ts has the table). A device with password
 * protection (`bnfos --set pwd=1`) wants HTTP basic authentication with the `login` of bnfos.conf
 * and answers 401 otherwise. Every request has a deadline and opens its own connection (the
 * device's small web server serves one at a time); every failure comes back as a value.
 */
import { request, type IncomingMessage } from 'node:http';
import { readDump } from './berofos-dump.ts';
import { PARAMETER_WIRE, type BerofosParameterName, type BerofosParameters } from './berofos-relays.ts';
import type { BerofosLogin } from './bnfos-config.ts';
import type { BerofosFailure } from './errors.ts';

/** A value, or why the exchange failed. */
export type BerofosResult<Value> = { readonly type: 'ok'; readonly value: Value } | { readonly type: 'failed'; readonly failure: BerofosFailure };

/** Talks to one device. */
export interface BerofosClient {
  /** Reads the device's settings (its relay mode is `mode`). */
  readParameters(): Promise<BerofosResult<BerofosParameters>>;
  /** Writes one setting (`mode` switches the relays at once). */
  setParameter(name: BerofosParameterName, value: 0 | 1): Promise<BerofosResult<void>>;
}

export interface BerofosClientOptions {
  readonly host: string;
  readonly httpPort: number;
  readonly login?: BerofosLogin;
  /** The longest one request may take, answer included (default {@link DEFAULT_REQUEST_TIMEOUT_MS}). */
  readonly requestTimeoutMs?: number;
}

/** The bnfos tool's default timeout. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 3_000;
/** The largest answer read; `config.txt` is a few hundred bytes. */
const MAX_ANSWER_BYTES = 64 * 1024;

/** Creates the client of one device. */
export function createBerofosClient(options: BerofosClientOptions): BerofosClient {
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const authorization = options.login === undefined ? undefined : `Basic ${Buffer.from(`${options.login.user}:${options.login.password}`).toString('base64')}`;
  const get = (path: string): Promise<BerofosResult<string>> => httpGet({ host: options.host, port: options.httpPort, path, authorization, timeoutMs });
  return {
    async readParameters() {
      const answer = await get('/config.txt');
      if (answer.type === 'failed') return answer;
      const dump = readDump(answer.value);
      return dump.type === 'ok' ? { type: 'ok', value: dump.parameters } : failed('PBX_ERR_BEROFOS_BAD_ANSWER', dump.reason);
    },
    async setParameter(name, value) {
      const wire = PARAMETER_WIRE[name];
      const answer = await get(`/?cmd=${wire.command}&${wire.field}=${value}`);
      return answer.type === 'failed' ? answer : { type: 'ok', value: undefined };
    },
  };
}

interface HttpGet {
  readonly host: string;
  readonly port: number;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly timeoutMs: number;
}

function httpGet(target: HttpGet): Promise<BerofosResult<string>> {
  const where = `${target.host}:${target.port}`;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: BerofosResult<string>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(result);
    };
    const headers: Record<string, string> = { 'user-agent': 'parley', connection: 'close', ...(target.authorization === undefined ? {} : { authorization: target.authorization }) };
    const outgoing = request({ host: target.host, port: target.port, path: target.path, method: 'GET', headers, agent: false });
    const deadline = setTimeout(() => {
      settle(failed('PBX_ERR_BEROFOS_UNREACHABLE', `${where} did not answer within ${target.timeoutMs} ms`));
      outgoing.destroy();
    }, target.timeoutMs);
    outgoing.on('error', (error) => settle(failed('PBX_ERR_BEROFOS_UNREACHABLE', `${where}: ${error.message}`)));
    outgoing.on('response', (response) => readAnswer(response, where).then(settle));
    outgoing.end();
  });
}

function readAnswer(response: IncomingMessage, where: string): Promise<BerofosResult<string>> {
  const status = response.statusCode ?? 0;
  if (status === 401) {
    response.resume();
    return Promise.resolve(failed('PBX_ERR_BEROFOS_LOGIN_REFUSED', `${where} refused the login (401)`));
  }
  if (status < 200 || status >= 300) {
    response.resume();
    return Promise.resolve(failed('PBX_ERR_BEROFOS_BAD_ANSWER', `${where} answered ${status}`));
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > MAX_ANSWER_BYTES) {
        resolve(failed('PBX_ERR_BEROFOS_BAD_ANSWER', `${where} answered more than ${MAX_ANSWER_BYTES} bytes`));
        response.destroy();
        return;
      }
      chunks.push(chunk);
    });
    response.on('end', () => resolve({ type: 'ok', value: Buffer.concat(chunks).toString('latin1') }));
    response.on('error', (error) => resolve(failed('PBX_ERR_BEROFOS_UNREACHABLE', `${where}: ${error.message}`)));
  });
}

function failed<Value>(code: BerofosFailure['code'], message: string): BerofosResult<Value> {
  return { type: 'failed', failure: { code, message } };
}
