/**
 * An in-memory HA control port for the handler tests of confd's `/ha` routes and the HA commands:
 * the configuration stored as given, a status the test sets, and the next switchover's outcome,
 * with every switchover's target and every drain's and undrain's node recorded.
 */
import type { DrainResult, HaConfiguration, HaControlPort, HaStatusView, SwitchoverResult, UndrainResult } from '../../api/index.ts';

export interface FakeHaControl extends HaControlPort {
  stored: HaConfiguration;
  statusView: HaStatusView;
  nextSwitchover: SwitchoverResult;
  nextDrain: DrainResult;
  nextUndrain: UndrainResult;
  /** The node of each drain and undrain asked for (undefined when none was named). */
  readonly drains: (string | undefined)[];
  readonly undrains: (string | undefined)[];
  /** The target of each switchover asked for (undefined when none was named). */
  readonly switchovers: (string | undefined)[];
}

export function createFakeHaControl(): FakeHaControl {
  const fake: FakeHaControl = {
    stored: { node_type: 'disabled', remote_address: '' },
    statusView: { enabled: false, role: 'standalone', epoch: null, masterNodeName: null, lastFailoverAt: null, nodes: [{ name: 'alpha', role: 'standalone', calls: 0 }] },
    nextSwitchover: { type: 'refused', reason: 'HA is disabled' },
    switchovers: [],
    nextDrain: { type: 'refused', reason: 'this node is standalone' },
    nextUndrain: { type: 'ok', node: 'alpha', wasDrained: false },
    drains: [],
    undrains: [],
    configuration: () => Promise.resolve(fake.stored),
    configure(configuration) {
      fake.stored = configuration;
      return Promise.resolve();
    },
    status: () => Promise.resolve(fake.statusView),
    switchover(target) {
      fake.switchovers.push(target);
      return Promise.resolve(fake.nextSwitchover);
    },
    drain(node) {
      fake.drains.push(node);
      return Promise.resolve(fake.nextDrain);
    },
    undrain(node) {
      fake.undrains.push(node);
      return Promise.resolve(fake.nextUndrain);
    },
  };
  return fake;
}
