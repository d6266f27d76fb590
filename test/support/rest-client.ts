/**
 * A small JSON client of a test node's REST APIs: requests with a token (or basic credentials),
 * answers as status and parsed body, and logins that return a token.
 */
import assert from 'node:assert/strict';

export interface RestAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Headers;
}

export interface RestRequest {
  readonly method?: string;
  readonly token?: string;
  readonly body?: unknown;
  readonly basic?: readonly [string, string];
  readonly headers?: Readonly<Record<string, string>>;
}

export interface RestClient {
  request(path: string, init?: RestRequest): Promise<RestAnswer>;
  /** Logs in to the auth service; fails the test when refused. */
  login(username: string, password: string): Promise<string>;
}

/** A client of the node at `host:httpPort` (loopback unless told). */
export function restClient(httpPort: number, host = '127.0.0.1'): RestClient {
  const request = async (path: string, init: RestRequest = {}): Promise<RestAnswer> => {
    const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
    if (init.token !== undefined) headers['x-auth-token'] = init.token;
    if (init.basic !== undefined) headers['authorization'] = `Basic ${Buffer.from(init.basic.join(':')).toString('base64')}`;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`http://${host}:${httpPort}${path}`, { method: init.method ?? 'GET', headers, ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }) });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : JSON.parse(text), headers: response.headers };
  };
  return {
    request,
    async login(username, password) {
      const answer = await request('/api/auth/0.1/token', { method: 'POST', basic: [username, password], body: { expiration: 600 } });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      return (answer.body as { data: { token: string } }).data.token;
    },
  };
}
