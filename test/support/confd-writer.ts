/**
 * Configuring a test node through confd, asserting each write succeeded: `created` for a POST
 * (201, the new object), `put` for a PUT (204).
 */
import assert from 'node:assert/strict';
import type { RestClient } from './rest-client.ts';

export const CONFD = '/api/confd/1.1';

export type ConfdItem = Record<string, unknown>;

export interface ConfdWriter {
  created(path: string, body: unknown): Promise<ConfdItem>;
  put(path: string, body?: unknown): Promise<void>;
  /** A peer trunk to a provider at `host` (its SIP endpoint `username`), its calls in `context`. */
  peerTrunk(host: string, options?: { readonly username?: string; readonly secret?: string; readonly context?: string; readonly options?: readonly (readonly [string, string])[] }): Promise<ConfdItem>;
  /** An incall at DID `exten` of `context` (default `from-extern`) leading to `destination`. */
  incallAt(exten: string, destination: Readonly<Record<string, unknown>>, context?: string): Promise<ConfdItem>;
}

export function confdWriter(rest: () => RestClient, token: () => string): ConfdWriter {
  const created: ConfdWriter['created'] = async (path, body) => {
    const answer = await rest().request(`${CONFD}${path}`, { method: 'POST', token: token(), body });
    assert.equal(answer.status, 201, `${path}: ${JSON.stringify(answer.body)}`);
    return answer.body as ConfdItem;
  };
  const put: ConfdWriter['put'] = async (path, body) => {
    const answer = await rest().request(`${CONFD}${path}`, { method: 'PUT', token: token(), ...(body === undefined ? {} : { body }) });
    assert.equal(answer.status, 204, `${path}: ${JSON.stringify(answer.body)}`);
  };
  return {
    created,
    put,
    async peerTrunk(host, options = {}) {
      const endpoint = await created('/endpoints/sip', {
        username: options.username ?? 'provider', secret: options.secret ?? 'provider-secret', type: 'peer', host, ...(options.options === undefined ? {} : { options: options.options }),
      });
      const trunk = await created('/trunks', { context: options.context ?? 'from-extern' });
      await put(`/trunks/${String(trunk['id'])}/endpoints/sip/${String(endpoint['uuid'] ?? endpoint['id'])}`);
      return trunk;
    },
    async incallAt(exten, destination, context = 'from-extern') {
      const did = await created('/extensions', { exten, context });
      const incall = await created('/incalls', { destination });
      await put(`/incalls/${String(incall['id'])}/extensions/${String(did['id'])}`);
      return incall;
    },
  };
}
