/**
 * The trunk service follows the node's HA role: a slave's trunks are in the directory but neither
 * register nor qualify, and calld shows them not registered, reachability unknown; becoming master
 * starts both at once; standing down sends no REGISTER with Expires 0 (the binding is the pair's).
 * A real store (own schema), the node's own SIP stack, and a UDP SIP peer as the provider.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import {
  associateTrunkEndpointSip, associateTrunkRegisterSip, createContext, createEndpointSip, createMigratedTestDatabase, createRegisterSip, createTrunk, expectWritten,
  type TenantUuid, type TestDatabase,
} from '../../store/index.ts';
import { createSipStack, type SipStack } from '../../transport/index.ts';
import { handRoles } from '../../test/support/hand-roles.ts';
import { startUdpSipPeer, type HeardRequest } from '../../test/support/udp-sip-peer.ts';
import { waitUntil } from '../../test/support/wait-until.ts';
import { createEventBus } from '../bus/event-bus.ts';
import { createLogger } from '../logging/create-logger.ts';
import { startTrunkService } from './trunk-service.ts';

const quiet = createLogger({ level: 'warn', nodeName: 'trunk-service-test', destination: new Writable({ write: (_chunk, _encoding, done) => done() }) });

let db: TestDatabase;
let stack: SipStack;
before(async () => {
  db = await createMigratedTestDatabase();
  stack = await createSipStack({ address: '127.0.0.1', port: 0, transports: ['udp'], handlers: {}, serverName: 'parley-test' });
});
after(async () => {
  await stack.close();
  await db.close();
});

/** A trunk to the peer that registers to it and qualifies it every second; returns its id. */
async function providerTrunk(peerPort: number): Promise<number> {
  const { rows } = await db.query<{ uuid: TenantUuid }>('SELECT uuid::text AS uuid FROM tenant WHERE is_default');
  const tenantUuid = rows[0]?.uuid as TenantUuid;
  expectWritten(await createContext(db, { name: 'from-extern', type: 'incall' }));
  const trunk = expectWritten(await createTrunk(db, { tenantUuid, context: 'from-extern' }));
  const endpoint = expectWritten(await createEndpointSip(db, {
    tenantUuid, username: 'provider', secret: 'pass', type: 'peer', host: `127.0.0.1:${String(peerPort)}`, options: [['qualify', 'yes'], ['qualifyfreq', '1']],
  }));
  const register = expectWritten(await createRegisterSip(db, { tenantUuid, authUsername: 'provider', authPassword: 'pass', remoteHost: '127.0.0.1', remotePort: peerPort, expiration: 120 }));
  expectWritten(await associateTrunkEndpointSip(db, trunk.id, endpoint.id));
  expectWritten(await associateTrunkRegisterSip(db, trunk.id, register.id));
  return trunk.id;
}

const sent = (heard: readonly HeardRequest[], method: string, expires?: string): boolean =>
  heard.some((request) => request.method === method && (expires === undefined || request.expires === expires));

describe('trunk service on an HA pair', () => {
  it('registers and qualifies only while the node is master, and stands down without unregistering', async () => {
    const peer = await startUdpSipPeer();
    const trunkId = await providerTrunk(peer.port);
    const roles = handRoles({ type: 'slave', masterNodeName: 'node-a' });
    const service = await startTrunkService({
      database: db, stack, bus: createEventBus(() => undefined), nodeUuid: 'node-b', advertisedAddress: '127.0.0.1', sipPort: stack.local.port,
      userAgent: 'parley-test', logger: quiet, roles,
    });
    try {
      assert.notEqual(service.directory.dialTarget(trunkId), undefined, 'a slave keeps the trunk for the call path');
      assert.equal(service.directory.trunkBySource({ address: '127.0.0.1', port: peer.port })?.trunkId, trunkId);
      assert.equal(await waitUntil(() => peer.heard.length > 0, { timeoutMs: 1_500 }), false, `a slave sent ${JSON.stringify(peer.heard)}`);
      const [slaveView] = service.statusPort.statuses();
      assert.deepEqual([slaveView?.view.registered, slaveView?.view.reachability], [false, 'unknown'], JSON.stringify(slaveView));

      roles.set({ type: 'master', epoch: 1, sinceMs: Date.now() });
      assert.ok(await waitUntil(() => sent(peer.heard, 'REGISTER', '120') && sent(peer.heard, 'OPTIONS'), { timeoutMs: 3_000 }), JSON.stringify(peer.heard));
      assert.ok(await waitUntil(() => service.statuses()[0]?.registration === 'registered' && service.statuses()[0]?.reachability === 'reachable', { timeoutMs: 3_000 }));

      roles.set({ type: 'slave', masterNodeName: 'node-a' });
      const heardAtStandDown = peer.heard.length;
      assert.deepEqual([service.statuses()[0]?.registration, service.statuses()[0]?.reachability], ['unregistered', 'unknown']);
      await service.close();
      assert.equal(await waitUntil(() => peer.heard.length > heardAtStandDown, { timeoutMs: 1_500 }), false, `after standing down: ${JSON.stringify(peer.heard.slice(heardAtStandDown))}`);
      assert.equal(sent(peer.heard, 'REGISTER', '0'), false);
    } finally {
      await service.close();
      await peer.close();
    }
  });
});
