/**
 * What enabling HA changes on a node (seed HA-04), as pure functions of the HA configuration.
 *
 * @remarks
 * "SIP expiry value on master and slave will be automatically updated: minexpiry: 3 minutes,
 * maxexpiry: 5 minutes, defaultexpiry: 4 minutes" while HA is enabled on the node, whatever the
 * configuration keys say; the keys' values apply again once it is disabled.
 *
 * "registrar_backup: <slave ip> proxy_backup: <slave ip> … These values will be reset to blank
 * when the HA is disabled." Every node works on one database, so the `default` registrar is
 * derived from all the nodes' configurations: the most recently configured master names the
 * pair (itself main, its remote address backup); without a master, the most recently configured
 * slave does (its remote address main, itself backup); with neither, the backups are blank.
 */
import type { HaNodeRow, HaNodeType, RegistrarChanges } from '../../store/index.ts';
import type { ExpiryPolicy } from '../../transport/index.ts';

/** The expiry limits forced while HA is enabled, in seconds (seed HA-04). */
export const HA_EXPIRY_POLICY: ExpiryPolicy = { minExpiresS: 180, maxExpiresS: 300, defaultExpiresS: 240 };

/** The registrar's expiry limits on a node of type `nodeType`, given the configuration keys' ones. */
export function expiryPolicyFor(nodeType: HaNodeType, configured: ExpiryPolicy): ExpiryPolicy {
  return nodeType === 'disabled' ? configured : HA_EXPIRY_POLICY;
}

/** The master/slave pair the registrar points phones to, when HA is enabled on some node. */
export interface RegistrarPair {
  readonly mainHost: string;
  readonly backupHost: string;
}

/** The pair named by the nodes' configurations, most recently configured first; undefined when none is. */
export function registrarPairOf(nodes: readonly HaNodeRow[]): RegistrarPair | undefined {
  const master = nodes.find((node) => node.nodeType === 'master' && node.remoteAddress !== '');
  if (master !== undefined) return { mainHost: master.sipAddress, backupHost: master.remoteAddress };
  const slave = nodes.find((node) => node.nodeType === 'slave' && node.remoteAddress !== '' && node.sipAddress !== '');
  if (slave !== undefined) return { mainHost: slave.remoteAddress, backupHost: slave.sipAddress };
  return undefined;
}

/**
 * The changes of the `default` registrar: main registrar and proxy at the master (when its
 * address is known), backup registrar and proxy at the slave; backups blanked without a pair.
 */
export function registrarChangesFor(pair: RegistrarPair | undefined): RegistrarChanges {
  if (pair === undefined) return { backupHost: null, proxyBackupHost: null };
  const main = pair.mainHost === '' ? {} : { mainHost: pair.mainHost, proxyMainHost: pair.mainHost };
  return { ...main, backupHost: pair.backupHost, proxyBackupHost: pair.backupHost };
}
