import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { matchTrunkSource, matchTrunkUsername, trunkDialTarget, type FixedDialTarget, type TrunkEntry } from './trunk-directory.ts';
import type { TrunkPlan } from './trunk-plan.ts';
import { NO_IDENTITY_TRUST } from './trunk-identity.ts';
import type { TrunkStatus } from './trunk-status.ts';

function entry(id: number, peer: { host: string; port: number; explicitPort: boolean } | null, overrides: Partial<TrunkEntry> = {}, registration: TrunkPlan['registration'] = null, dynamic: TrunkPlan['dynamic'] = null): TrunkEntry {
  const plan: TrunkPlan = {
    id, tenantUuid: 'tenant', context: 'from-extern', name: `trunk-${id}`, registration, qualify: null, credentials: { username: 'user', password: 'pass' },
    peer: peer === null ? null : { transport: 'udp', ...peer }, dynamic, identity: NO_IDENTITY_TRUST, callerId: null, nat: false,
  };
  const status: TrunkStatus = { id, tenantUuid: 'tenant', name: plan.name, registration: null, reachability: null, roundTripMs: null, currentCallCount: 0, registeredAtMs: null };
  return {
    plan, status,
    peer: peer === null ? undefined : { transport: 'udp', address: peer.host, port: peer.port },
    registrar: undefined,
    ...overrides,
  };
}

describe('trunk directory', () => {
  it('matches a source on address and port first, then on the address alone of a trunk whose host names no port, lowest id first', () => {
    const entries = [
      entry(5, { host: '192.0.2.1', port: 5060, explicitPort: false }),
      entry(3, { host: '192.0.2.1', port: 5070, explicitPort: true }),
      entry(4, { host: '192.0.2.1', port: 5060, explicitPort: false }),
    ];
    assert.equal(matchTrunkSource(entries, { address: '192.0.2.1', port: 5070 })?.trunkId, 3);
    assert.equal(matchTrunkSource(entries, { address: '192.0.2.1', port: 40000 })?.trunkId, 4);
    assert.equal(matchTrunkSource(entries.filter((item) => item.plan.id === 3), { address: '192.0.2.1', port: 40000 }), undefined, 'a phone on the host of a host:port peer is not the trunk');
    assert.equal(matchTrunkSource(entries, { address: '198.51.100.1', port: 5060 }), undefined);
  });

  it('matches the registrar a trunk registers to, and gives its context', () => {
    const registered = entry(9, null, { registrar: { transport: 'udp', address: '203.0.113.7', port: 5060 } });
    assert.deepEqual(matchTrunkSource([registered], { address: '203.0.113.7', port: 5060 }), { trunkId: 9, tenantUuid: 'tenant', name: 'trunk-9', context: 'from-extern', trustIdInbound: false, callerId: null, nat: false });
    assert.equal(matchTrunkSource([registered], { address: '203.0.113.7', port: 5080 })?.trunkId, 9, 'a provider may call from another port of its registrar');
  });

  it('matches a registrar given with its port on that port only, so a phone on the same host is no trunk', () => {
    const registration = {
      transport: 'udp' as const, remoteHost: '127.0.0.1', remotePort: 5070, explicitPort: true, registrarUri: 'sip:127.0.0.1:5070', addressOfRecord: 'sip:u@127.0.0.1',
      contactUser: 'u', username: 'u', password: 'p', expiresS: 120,
    };
    const registered = entry(9, null, { registrar: { transport: 'udp', address: '127.0.0.1', port: 5070 } }, registration);
    assert.equal(matchTrunkSource([registered], { address: '127.0.0.1', port: 5070 })?.trunkId, 9);
    assert.equal(matchTrunkSource([registered], { address: '127.0.0.1', port: 40000 }), undefined);
  });

  it('dials the peer, or the registrar of a trunk without a fixed peer, and says whether the trunk is usable', () => {
    const fixed = (target: ReturnType<typeof trunkDialTarget>): FixedDialTarget | undefined => (target?.type === 'fixed' ? target : undefined);
    const peer = fixed(trunkDialTarget(entry(1, { host: 'voip.provider.example', port: 5070, explicitPort: true })));
    assert.deepEqual([peer?.requestUriHost, peer?.destination.port, peer?.available, peer?.credentials], ['voip.provider.example:5070', 5070, true, { username: 'user', password: 'pass' }]);
    const down = fixed(trunkDialTarget(entry(2, { host: '192.0.2.9', port: 5060, explicitPort: false }, { status: { ...entry(2, null).status, reachability: 'unreachable' } })));
    assert.deepEqual([down?.requestUriHost, down?.available], ['192.0.2.9', false]);
    const registration = {
      transport: 'udp' as const, remoteHost: 'gvgw.simonics.com', remotePort: 5060, explicitPort: false, registrarUri: 'sip:gvgw.simonics.com', addressOfRecord: 'sip:u@gvgw.simonics.com',
      contactUser: 'u', username: 'u', password: 'p', expiresS: 120,
    };
    const viaRegistrar = fixed(trunkDialTarget(entry(3, null, { registrar: { transport: 'udp', address: '203.0.113.7', port: 5060 } }, registration)));
    assert.deepEqual([viaRegistrar?.requestUriHost, viaRegistrar?.destination.address], ['gvgw.simonics.com', '203.0.113.7']);
    assert.equal(trunkDialTarget(entry(4, null)), undefined);
  });

  it('finds a host: dynamic trunk by its digest username, and dials it at the contact its peer registered', () => {
    const dynamic = entry(6, null, {}, null, { username: 'office-b' });
    assert.deepEqual(matchTrunkUsername([entry(1, null), dynamic], 'office-b'), { trunkId: 6, tenantUuid: 'tenant', name: 'trunk-6', context: 'from-extern', trustIdInbound: false, callerId: null, nat: false });
    assert.equal(matchTrunkUsername([dynamic], 'office-c'), undefined);
    assert.deepEqual(trunkDialTarget(dynamic), {
      type: 'registered', trunkId: 6, tenantUuid: 'tenant', name: 'trunk-6', credentials: { username: 'user', password: 'pass' }, identity: NO_IDENTITY_TRUST, available: true, username: 'office-b',
    });
  });
});
