/**
 * confd's `/ha` routes behind the REST conventions, through a real uWebSockets.js server: each
 * route requires its own ACL (`confd.ha.read`, `confd.ha.update`, `confd.ha.status.read`,
 * `confd.ha.switchover.create`, `confd.ha.drain.create`, `confd.ha.undrain.create`), and a token
 * lacking it gets 403 without the port being asked.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { us_listen_socket } from 'uWebSockets.js';
import { loadNativeUws } from '../../transport/index.ts';
import { createFakeHaControl, type FakeHaControl } from '../../test/support/fake-ha-control.ts';
import type { VerifiedToken } from '../auth/verified-token.ts';
import { mountApiService } from '../http/api-service.ts';
import { haRoutes } from './ha-routes.ts';

const TENANT = '11111111-1111-4111-8111-111111111111';
const ACLS: Readonly<Record<string, readonly string[]>> = {
  reader: ['confd.ha.read'],
  writer: ['confd.ha.update'],
  watcher: ['confd.ha.status.read'],
  operator: ['confd.ha.switchover.create'],
  drainer: ['confd.ha.drain.create', 'confd.ha.undrain.create'],
  nobody: ['confd.users.read'],
};
const token = (id: string): VerifiedToken | undefined => {
  const acl = ACLS[id];
  return acl === undefined ? undefined : { token: id, tenantUuid: TENANT, authId: id, userUuid: undefined, acl: [...acl], issuedAtMs: 0, expiresAtMs: Number.MAX_SAFE_INTEGER };
};

let ha: FakeHaControl;
let listen: us_listen_socket | undefined;
let base = '';

before(async () => {
  ha = createFakeHaControl();
  const uws = loadNativeUws();
  const app = uws.App();
  mountApiService(app, {
    service: 'confd', prefix: '/api/confd/1.1', routes: haRoutes({ ha, ownAddresses: ['127.0.0.1'] }),
    tokens: { resolve: (id) => Promise.resolve(token(id)) },
    tenants: { visibleFrom: (tenant) => Promise.resolve([tenant]) },
  });
  listen = await new Promise<us_listen_socket>((resolve, reject) => app.listen('127.0.0.1', 0, (socket) => (socket ? resolve(socket) : reject(new Error('listen')))));
  base = `http://127.0.0.1:${uws.us_socket_local_port(listen)}/api/confd/1.1`;
});
after(() => {
  if (listen) loadNativeUws().us_listen_socket_close(listen);
});

async function status(method: string, path: string, tokenId: string, body?: unknown): Promise<number> {
  const headers: Record<string, string> = { accept: 'application/json', 'x-auth-token': tokenId };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${base}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  await response.arrayBuffer();
  return response.status;
}

const MASTER = { node_type: 'master', remote_address: '192.0.2.20' };

describe('the ACLs of /ha', () => {
  it('MUST let confd.ha.read read the configuration and nothing else', async () => {
    const statuses = [await status('GET', '/ha', 'reader'), await status('PUT', '/ha', 'reader', MASTER), await status('GET', '/ha/status', 'reader'), await status('POST', '/ha/switchover', 'reader', {})];
    assert.deepEqual(statuses, [200, 403, 403, 403]);
  });

  it('MUST let confd.ha.update change the configuration, and refuse it to a token without that ACL', async () => {
    const refused = await status('PUT', '/ha', 'nobody', MASTER);
    const stored = ha.stored.node_type;
    assert.deepEqual([refused, stored, await status('PUT', '/ha', 'writer', MASTER), ha.stored.node_type], [403, 'disabled', 204, 'master']);
  });

  it('MUST let confd.ha.status.read read the status, and confd.ha.switchover.create ask a switchover', async () => {
    const statuses = [await status('GET', '/ha/status', 'watcher'), await status('POST', '/ha/switchover', 'operator', {}), await status('POST', '/ha/switchover', 'watcher', {})];
    assert.deepEqual([statuses, ha.switchovers.length], [[200, 409, 403], 1]);
  });

  it('MUST let confd.ha.drain.create and confd.ha.undrain.create drain and undrain, and refuse them to a token without', async () => {
    const statuses = [await status('POST', '/ha/drain', 'operator', {}), await status('POST', '/ha/undrain', 'watcher', {}), await status('POST', '/ha/drain', 'drainer', { node: 'beta' }), await status('POST', '/ha/undrain', 'drainer', {})];
    assert.deepEqual([statuses, ha.drains, ha.undrains], [[403, 403, 409, 200], ['beta'], [undefined]]);
  });
});
