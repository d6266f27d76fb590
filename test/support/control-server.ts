/**
 * A control API server for tests: the real uWebSockets.js shell on an ephemeral port, an
 * in-memory token resolver and bus, the built-in commands and a test double of a calld verb.
 */
import type { TemplatedApp, us_listen_socket } from 'uWebSockets.js';
import { z } from 'zod';
import { loadNativeUws } from '../../transport/index.ts';
import type { VerifiedToken } from '../../api/auth/verified-token.ts';
import { createControlApi, type ControlApi } from '../../api/ws/control-api.ts';
import type { ControlApiOptions } from '../../api/ws/control-api-options.ts';
import { builtInCommands, controlCommand } from '../../api/ws/control-commands.ts';
import type { ControlEvent } from '../../api/ws/control-frames.ts';

export const TENANT = '11111111-1111-4111-8111-111111111111';
export const CHILD_TENANT = '22222222-2222-4222-8222-222222222222';
export const OTHER_TENANT = '33333333-3333-4333-8333-333333333333';
export const ALICE = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
export const BOB = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';

export const token = (id: string, acl: string[], userUuid = ALICE, expiresAtMs = Number.MAX_SAFE_INTEGER): VerifiedToken => ({
  token: id, tenantUuid: TENANT, authId: userUuid, userUuid, acl, issuedAtMs: 0, expiresAtMs,
});
export const tokens = new Map<string, VerifiedToken>([
  ['admin', token('admin', ['#'])],
  ['alice', token('alice', ['websocketd', 'events.calls.me'])],
  ['alice2', token('alice2', ['websocketd', 'events.calls.me'])],
  ['bob', token('bob', ['websocketd', 'events.calls.me'], BOB)],
  ['no-websocketd', token('no-websocketd', ['events.#'])],
]);

export interface ControlTestServer {
  readonly api: ControlApi;
  readonly url: (query?: string) => string;
  publish(event: ControlEvent): void;
  stop(): void;
}

export async function startControlServer(overrides: Partial<ControlApiOptions> = {}): Promise<ControlTestServer> {
  const uws = loadNativeUws();
  const app: TemplatedApp = uws.App();
  const handlers = new Set<(event: ControlEvent) => void>();
  const commands = {
    ...builtInCommands({ now: () => Date.now(), activeCallCount: () => 3 }),
    'calls.hangup': controlCommand({
      acl: (args: { call_id: string }) => `calld.calls.${args.call_id}.delete`,
      args: z.object({ call_id: z.string() }).strict(),
      summary: 'test double of a calld verb',
      run: (args) => (args.call_id === 'boom' ? Promise.reject(new Error('kaput')) : { type: 'ok', result: { hung_up: args.call_id } }),
    }),
  };
  const api = createControlApi({
    tokens: { resolve: (id) => Promise.resolve(tokens.get(id)) },
    // Tokens of TENANT see TENANT and CHILD_TENANT below it; others see their own tenant only.
    tenants: { visibleFrom: (tenant) => Promise.resolve(tenant === TENANT ? [TENANT, CHILD_TENANT] : [tenant]) },
    events: (handler) => {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    commands,
    ...overrides,
  });
  api.mount(app);
  const listen = await new Promise<us_listen_socket>((resolve, reject) => app.listen('127.0.0.1', 0, (socket) => (socket ? resolve(socket) : reject(new Error('listen')))));
  const port = uws.us_socket_local_port(listen);
  return {
    api,
    url: (query = '') => `ws://127.0.0.1:${port}/api/control${query}`,
    publish: (event) => {
      for (const handler of handlers) handler(event);
    },
    stop: () => {
      api.close();
      uws.us_listen_socket_close(listen);
    },
  };
}

export const callEvent = (name: string, userUuid: string, data: Record<string, unknown> = {}): ControlEvent => ({
  name, origin_uuid: 'node', required_acl: `events.calls.${userUuid}`, data: { user_uuid: userUuid, ...data },
});
