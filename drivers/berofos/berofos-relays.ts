/**
 * What a berofos failover switch is: four ports (A to D, four line pairs each) joined by relays,
 * and the settings that decide which ports the relays join.
 *
 * @remarks
 * The provider's ISDN lines arrive on port A; the node wired to port B gets them in relay mode 1,
 * the node wired to port D in relay mode 0. Every line pair of a port switches together. With the
 * power off the relays rest with A joined to D, which cannot be changed (seed HA-09). In the
 * `bypass` scenario mode 1 also joins C to D (a PBX behind the node); parley uses `fallback`.
 * The names are the `bnfos` tool's keywords (`bnfos --set mode=1`).
 */

/** A port of the switch. */
export type BerofosPort = 'A' | 'B' | 'C' | 'D';

/** The ports a node may be wired to: B (lines in relay mode 1) or D (relay mode 0). */
export type NodePort = 'B' | 'D';

/** The relay mode: 1 joins A to B, 0 joins A to D. */
export type RelayMode = 0 | 1;

/** The settings parley reads and writes, by their `bnfos` keyword. */
export type BerofosParameterName = 'scenario' | 'mode' | 'modedef' | 'wdog' | 'wdogdef';

/** Every setting is 0 or 1. */
export type BerofosParameters = { readonly [Name in BerofosParameterName]: 0 | 1 };

/** The parameter names, in the order they are applied. */
export const BEROFOS_PARAMETER_NAMES: readonly BerofosParameterName[] = ['wdog', 'wdogdef', 'scenario', 'modedef', 'mode'];

/**
 * The settings a berofos needs in a master/slave cluster (seed HA-10), the relay mode aside: no
 * watchdog, the `fallback` scenario, and relay mode 1 at power-on.
 */
export const HA_PARAMETERS: Readonly<Record<Exclude<BerofosParameterName, 'mode'>, 0 | 1>> = {
  wdog: 0,
  wdogdef: 0,
  scenario: 0,
  modedef: 1,
};

/** A pair of ports the relays join. */
export interface PortJoin {
  readonly from: BerofosPort;
  readonly to: BerofosPort;
}

/** The relay mode that brings the lines of port A to `port`. */
export function relayModeFor(port: NodePort): RelayMode {
  return port === 'B' ? 1 : 0;
}

/** The port that has the lines of port A in relay mode `mode`. */
export function portOf(mode: RelayMode): NodePort {
  return mode === 1 ? 'B' : 'D';
}

/** The ports the relays join: with the power off, or for a scenario and a relay mode. */
export function portJoins(state: { readonly powered: false } | { readonly powered: true; readonly scenario: 0 | 1; readonly mode: RelayMode }): readonly PortJoin[] {
  if (!state.powered || state.mode === 0) return [{ from: 'A', to: 'D' }];
  return state.scenario === 1 ? [{ from: 'A', to: 'B' }, { from: 'C', to: 'D' }] : [{ from: 'A', to: 'B' }];
}

/**
 * How a setting travels over the device's HTTP control interface: the command number and field of
 * the set request (`/?cmd=4&mode=1`), and the key of the device's `config.txt` dump (`4_mode=1`).
 */
export interface ParameterWire {
  readonly command: number;
  readonly field: string;
  readonly dumpKey: string;
}

/** The wire form of each setting. */
export const PARAMETER_WIRE: Readonly<Record<BerofosParameterName, ParameterWire>> = {
  scenario: { command: 1, field: 'sz', dumpKey: '1_sz' },
  mode: { command: 4, field: 'mode', dumpKey: '4_mode' },
  modedef: { command: 1, field: 'rm', dumpKey: '1_rm' },
  wdog: { command: 6, field: 'wen', dumpKey: '6_wen' },
  wdogdef: { command: 2, field: 'wen', dumpKey: '2_wen' },
};

/** The first line of the device's `config.txt` dump, which says the dump's layout. */
export const DUMP_MAGIC = 'bnfos_confmap_magic=0.1';
