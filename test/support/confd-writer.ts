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
}

export function confdWriter(rest: () => RestClient, token: () => string): ConfdWriter {
  return {
    async created(path, body) {
      const answer = await rest().request(`${CONFD}${path}`, { method: 'POST', token: token(), body });
      assert.equal(answer.status, 201, `${path}: ${JSON.stringify(answer.body)}`);
      return answer.body as ConfdItem;
    },
    async put(path, body) {
      const answer = await rest().request(`${CONFD}${path}`, { method: 'PUT', token: token(), ...(body === undefined ? {} : { body }) });
      assert.equal(answer.status, 204, `${path}: ${JSON.stringify(answer.body)}`);
    },
  };
}
