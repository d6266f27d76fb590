import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HaNodeRow } from '../../store/index.ts';
import { expiryPolicyFor, HA_EXPIRY_POLICY, registrarChangesFor, registrarPairOf } from './ha-side-effects.ts';

const CONFIGURED = { minExpiresS: 60, maxExpiresS: 3600, defaultExpiresS: 3600 };
const row = (nodeName: string, nodeType: HaNodeRow['nodeType'], remoteAddress: string, sipAddress: string): HaNodeRow => ({ nodeName, nodeType, remoteAddress, sipAddress, updatedAtMs: 0 });

describe('the expiry limits of a node', () => {
  it('MUST be 180/300/240 s on a master or a slave and the configured ones on a disabled node', () => {
    assert.deepEqual([expiryPolicyFor('master', CONFIGURED), expiryPolicyFor('slave', CONFIGURED), expiryPolicyFor('disabled', CONFIGURED)], [HA_EXPIRY_POLICY, HA_EXPIRY_POLICY, CONFIGURED]);
  });
});

describe('the registrar pair of the nodes', () => {
  it('MUST take a master over a more recently configured slave', () => {
    const nodes = [row('b', 'slave', '10.0.0.1', '10.0.0.2'), row('a', 'master', '10.0.0.3', '10.0.0.1')];
    assert.deepEqual(registrarPairOf(nodes), { mainHost: '10.0.0.1', backupHost: '10.0.0.3' });
  });

  it('MUST take the most recently configured of several masters', () => {
    const nodes = [row('c', 'master', '10.0.0.9', '10.0.0.8'), row('a', 'master', '10.0.0.2', '10.0.0.1')];
    assert.deepEqual(registrarPairOf(nodes), { mainHost: '10.0.0.8', backupHost: '10.0.0.9' });
  });

  it('MUST name no pair when every node is disabled, or the only slave never recorded its address', () => {
    assert.deepEqual([registrarPairOf([row('a', 'disabled', '', '10.0.0.1')]), registrarPairOf([row('b', 'slave', '10.0.0.1', '')])], [undefined, undefined]);
  });
});

describe('the changes of the default registrar', () => {
  it('MUST set main registrar and proxy at the master and the backups at the slave', () => {
    assert.deepEqual(registrarChangesFor({ mainHost: '10.0.0.1', backupHost: '10.0.0.2' }), { mainHost: '10.0.0.1', proxyMainHost: '10.0.0.1', backupHost: '10.0.0.2', proxyBackupHost: '10.0.0.2' });
  });

  it('MUST leave the main hosts alone when the master address is unknown, and blank only the backups without a pair', () => {
    assert.deepEqual([registrarChangesFor({ mainHost: '', backupHost: '10.0.0.2' }), registrarChangesFor(undefined)], [{ backupHost: '10.0.0.2', proxyBackupHost: '10.0.0.2' }, { backupHost: null, proxyBackupHost: null }]);
  });
});
