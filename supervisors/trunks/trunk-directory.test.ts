import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { matchTrunkSource, trunkDialTarget, type TrunkEntry } from './trunk-directory.ts';
import type { TrunkPlan } from './trunk-plan.ts';
import type { TrunkStatus } from './trunk-status.ts';

function entry(id: number, peer: { host: string; port: number; explicitPort: boolean } | null, overrides: Partial<TrunkEntry> = {}, registration: TrunkPlan['registration'] = null): TrunkEntry {
  const plan: TrunkPlan = {
    id, tenantUuid: 'tenant', context: 'from-extern', name: `trunk-${id}`, registration, qualify: null, credentials: { username: 'user', password: 'pass' },
    peer: peer === null ? null : { transport: 'udp', ...peer },
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
  it('matches a source on address and port first, then on the address alone, lowest id first', () => {
    const entries = [
      entry(5, { host: '192.0.2.1', port: 5060, explicitPort: false }),
      entry(3, { host: '192.0.2.1', port: 5070, explicitPort: true }),
      entry(4, { host: '192.0.2.1', port: 5060, explicitPort: false }),
    ];
    assert.equal(matchTrunkSource(entries, { address: '192.0.2.1', port: 5070 })?.trunkId, 3);
    assert.equal(matchTrunkSource(entries, { address: '192.0.2.1', port: 40000 })?.trunkId, 3);
    assert.equal(matchTrunkSource(entries.filter((item) => item.plan.id !== 3), { address: '192.0.2.1', port: 40000 })?.trunkId, 4);
    assert.equal(matchTrunkSource(entries, { address: '198.51.100.1', port: 5060 }), undefined);
  });

  it('matches the registrar a trunk registers to, and gives its context', () => {
    const registered = entry(9, null, { registrar: { transport: 'udp', address: '203.0.113.7', port: 5060 } });
    assert.deepEqual(matchTrunkSource([registered], { address: '203.0.113.7', port: 5060 }), { trunkId: 9, tenantUuid: 'tenant', name: 'trunk-9', context: 'from-extern' });
  });

  it('dials the peer, or the registrar of a trunk without a fixed peer, and says whether the trunk is usable', () => {
    const peer = trunkDialTarget(entry(1, { host: 'voip.provider.example', port: 5070, explicitPort: true }));
    assert.deepEqual([peer?.requestUriHost, peer?.destination.port, peer?.available, peer?.credentials], ['voip.provider.example:5070', 5070, true, { username: 'user', password: 'pass' }]);
    const down = trunkDialTarget(entry(2, { host: '192.0.2.9', port: 5060, explicitPort: false }, { status: { ...entry(2, null).status, reachability: 'unreachable' } }));
    assert.deepEqual([down?.requestUriHost, down?.available], ['192.0.2.9', false]);
    const registration = {
      transport: 'udp' as const, remoteHost: 'gvgw.simonics.com', remotePort: 5060, registrarUri: 'sip:gvgw.simonics.com', addressOfRecord: 'sip:u@gvgw.simonics.com',
      contactUser: 'u', username: 'u', password: 'p', expiresS: 120,
    };
    const viaRegistrar = trunkDialTarget(entry(3, null, { registrar: { transport: 'udp', address: '203.0.113.7', port: 5060 } }, registration));
    assert.deepEqual([viaRegistrar?.requestUriHost, viaRegistrar?.destination.address], ['gvgw.simonics.com', '203.0.113.7']);
    assert.equal(trunkDialTarget(entry(4, null)), undefined);
  });
});
