/**
 * confd's `/ha` routes over the fake HA control port: the configuration read and stored (204),
 * the body's rules (400 with the field named), the status model, and each switchover outcome's
 * status (200, 409, 503).
 */
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { callRoute } from '../../test/support/api-request.ts';
import { createFakeHaControl, type FakeHaControl } from '../../test/support/fake-ha-control.ts';
import type { ApiMethod, ApiRoute } from '../http/api-route.ts';
import { haRoutes } from './ha-routes.ts';

const OWN_ADDRESS = '192.0.2.10';

let ha: FakeHaControl;
let routes: ApiRoute[];

beforeEach(() => {
  ha = createFakeHaControl();
  routes = haRoutes({ ha, ownAddresses: [OWN_ADDRESS, '2001:db8::10'] });
});

const request = (method: ApiMethod, target: string, body?: unknown) => callRoute(routes, method, target, { tenantUuid: 'tenant', ...(body === undefined ? {} : { body }) });

describe('GET /ha', () => {
  it("MUST show this node's configuration as confd does", async () => {
    ha.stored = { node_type: 'slave', remote_address: '192.0.2.20' };
    assert.deepEqual(await request('GET', '/ha'), { status: 200, body: { node_type: 'slave', remote_address: '192.0.2.20' } });
  });
});

describe('PUT /ha', () => {
  it('MUST store a master with the IPv4 address of its slave and answer 204', async () => {
    const answer = await request('PUT', '/ha', { node_type: 'master', remote_address: '192.0.2.20' });
    assert.deepEqual([answer.status, ha.stored], [204, { node_type: 'master', remote_address: '192.0.2.20' }]);
  });

  it('MUST accept an IPv6 remote address', async () => {
    const answer = await request('PUT', '/ha', { node_type: 'slave', remote_address: '2001:db8::20' });
    assert.deepEqual([answer.status, ha.stored.remote_address], [204, '2001:db8::20']);
  });

  it('MUST store disabled with an empty remote address, whatever address came with it', async () => {
    ha.stored = { node_type: 'master', remote_address: '192.0.2.20' };
    const answer = await request('PUT', '/ha', { node_type: 'disabled', remote_address: '192.0.2.20' });
    assert.deepEqual([answer.status, ha.stored], [204, { node_type: 'disabled', remote_address: '' }]);
  });

  it('MUST answer 400 naming node_type for a type other than disabled, master or slave, and store nothing', async () => {
    const answer = await request('PUT', '/ha', { node_type: 'primary', remote_address: '192.0.2.20' });
    assert.deepEqual([answer.status, (answer.body as string[])[0]?.startsWith('node_type: '), ha.stored.node_type], [400, true, 'disabled']);
  });

  it('MUST answer 400 naming remote_address when a master or slave has none', async () => {
    const statuses = await Promise.all([{ node_type: 'master' }, { node_type: 'slave', remote_address: '' }].map((body) => request('PUT', '/ha', body)));
    assert.deepEqual(statuses.map((answer) => [answer.status, (answer.body as string[])[0]?.startsWith('remote_address: required')]), [[400, true], [400, true]]);
  });

  it('MUST answer 400 for a remote address that is a host name or not an address at all', async () => {
    const bodies = ['pbx.example.com', '192.0.2', '999.0.0.1', 'http://192.0.2.20', 42].map((remote) => ({ node_type: 'master', remote_address: remote }));
    const answers = await Promise.all(bodies.map((body) => request('PUT', '/ha', body)));
    assert.deepEqual(answers.map((answer) => answer.status), [400, 400, 400, 400, 400]);
  });

  it("MUST answer 400 for this node's own address, in any spelling of it", async () => {
    const answers = await Promise.all([OWN_ADDRESS, '2001:DB8:0::10'].map((remote) => request('PUT', '/ha', { node_type: 'master', remote_address: remote })));
    assert.deepEqual(answers.map((answer) => [answer.status, /own address/.test(String((answer.body as string[])[0]))]), [[400, true], [400, true]]);
  });

  it('MUST answer 400 for a missing body', async () => {
    assert.equal((await request('PUT', '/ha')).status, 400);
  });
});

describe('GET /ha/status', () => {
  it('MUST show the HA state in snake_case, with every node', async () => {
    ha.statusView = {
      enabled: true, role: 'master', epoch: 7, masterNodeName: 'alpha', lastFailoverAt: '2026-01-01T00:00:00.000Z',
      nodes: [{ name: 'alpha', role: 'master', epoch: 7, calls: 3 }, { name: 'beta', role: 'slave', calls: 0 }],
    };
    assert.deepEqual((await request('GET', '/ha/status')).body, {
      enabled: true, role: 'master', epoch: 7, master_node_name: 'alpha', last_failover_at: '2026-01-01T00:00:00.000Z', last_handover: null,
      nodes: [{ name: 'alpha', role: 'master', epoch: 7, calls: 3, drained: false, health: null, load: null }, { name: 'beta', role: 'slave', epoch: null, calls: 0, drained: false, health: null, load: null }],
    });
  });
});

describe('POST /ha/switchover', () => {
  it('MUST answer 200 with the outcome of a switchover that happened, to the target named', async () => {
    ha.nextSwitchover = { type: 'ok', from: 'alpha', to: 'beta', migratedCalls: 4, droppedCalls: 0, durationMs: 850, rtpGapMs: 40 };
    const answer = await request('POST', '/ha/switchover', { target: 'beta' });
    assert.deepEqual([answer, ha.switchovers], [
      { status: 200, body: { from: 'alpha', to: 'beta', migrated_calls: 4, dropped_calls: 0, duration_ms: 850, rtp_gap_ms: 40 } },
      ['beta'],
    ]);
  });

  it('MUST answer 409 with the reason of a refused switchover, naming no target when the body has none', async () => {
    ha.nextSwitchover = { type: 'refused', reason: 'no slave to switch to' };
    const answer = await request('POST', '/ha/switchover');
    assert.deepEqual([answer, ha.switchovers], [{ status: 409, body: ['no slave to switch to'] }, [undefined]]);
  });

  it('MUST answer 503 with the reason of a failed switchover', async () => {
    ha.nextSwitchover = { type: 'failed', reason: 'the slave stopped answering' };
    assert.deepEqual(await request('POST', '/ha/switchover', {}), { status: 503, body: ['the slave stopped answering'] });
  });

  it('MUST answer 400 for a target that is not a node name, without switching over', async () => {
    const answer = await request('POST', '/ha/switchover', { target: 'beta; rm -rf /' });
    assert.deepEqual([answer.status, ha.switchovers], [400, []]);
  });
});
