/**
 * An in-memory HA control port for the handler tests of confd's `/ha` routes and the HA commands:
 * the configuration stored as given, a status the test sets, and the next switchover's outcome,
 * with every switchover's target recorded.
 */
import type { HaConfiguration, HaControlPort, HaStatusView, SwitchoverResult } from '../../api/index.ts';

export interface FakeHaControl extends HaControlPort {
  stored: HaConfiguration;
  statusView: HaStatusView;
  nextSwitchover: SwitchoverResult;
  /** The target of each switchover asked for (undefined when none was named). */
  readonly switchovers: (string | undefined)[];
}

export function createFakeHaControl(): FakeHaControl {
  const fake: FakeHaControl = {
    stored: { node_type: 'disabled', remote_address: '' },
    statusView: { enabled: false, role: 'standalone', epoch: null, masterNodeName: null, lastFailoverAt: null, nodes: [{ name: 'alpha', role: 'standalone', calls: 0 }] },
    nextSwitchover: { type: 'refused', reason: 'HA is disabled' },
    switchovers: [],
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
  };
  return fake;
}
