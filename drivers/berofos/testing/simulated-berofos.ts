/**
 * A berofos failover switch in a test: the device's HTTP control interface on 127.0.0.1, with the
 * relays, settings and LEDs of the real one, that a test powers off and on or cuts from the network.
 *
 * @remarks
 * Semantics (berofos-relays.ts): each port carries four line pairs, and the four relay groups
 * switch them together: relay mode 1 joins A to B (and C to D in the `bypass` scenario), mode 0
 * joins A to D, and with the power off A is joined to D. At power-on the relay mode and
 * the watchdog take their power-on defaults (`modedef`, `wdogdef`); the other settings are kept as
 * in the device's flash. A port's green LEDs are lit while its lines are joined to another port.
 * A device that is off or cut from the network never answers: requests hang until the client's
 * deadline, as they do against a real device. The watchdog settings are stored, not run (a
 * cluster runs with the watchdog off).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { formatDump } from '../berofos-dump.ts';
import { BEROFOS_PARAMETER_NAMES, PARAMETER_WIRE, portJoins, type BerofosParameterName, type BerofosParameters, type BerofosPort, type PortJoin, type RelayMode } from '../berofos-relays.ts';

/** The LEDs of one port. */
export type PortLed = 'green' | 'off';

/** One change of the relays, as the device saw it. */
export interface RelaySwitch {
  readonly from: RelayMode;
  readonly to: RelayMode;
  readonly cause: 'http' | 'power-on';
}

/** What a test reads of the device. */
export interface SimulatedBerofosState {
  readonly powered: boolean;
  readonly reachable: boolean;
  readonly parameters: BerofosParameters;
  readonly joins: readonly PortJoin[];
  readonly leds: Readonly<Record<BerofosPort, PortLed>>;
  /** Every change of the relay mode since the device was started. */
  readonly switches: readonly RelaySwitch[];
  /** The requests answered so far. */
  readonly answered: number;
}

export interface SimulatedBerofos {
  readonly host: string;
  readonly httpPort: number;
  state(): SimulatedBerofosState;
  /** Cuts the power: the relays rest with A joined to D and nothing answers. */
  powerOff(): void;
  /** Restores the power: the relay mode and watchdog take their power-on defaults. */
  powerOn(): void;
  /** Cuts the device from the network (or reconnects it); the relays stay where they are. */
  setReachable(reachable: boolean): void;
  /** Changes a setting as an operator with the bnfos tool would. */
  setParameter(name: BerofosParameterName, value: 0 | 1): void;
  /** A `[fosN]` section of bnfos.conf that reaches this device. */
  bnfosSection(name: string, nodePort: 'B' | 'D'): string;
  close(): Promise<void>;
}

export interface SimulatedBerofosOptions {
  /** Password protection on with this admin password (the login is `admin:<password>`). */
  readonly adminPassword?: string;
  /** The settings at start; the factory's otherwise (watchdog on, fallback, relay mode 1). */
  readonly parameters?: Partial<BerofosParameters>;
}

const FACTORY: BerofosParameters = { scenario: 0, mode: 1, modedef: 1, wdog: 1, wdogdef: 1 };
const PORTS: readonly BerofosPort[] = ['A', 'B', 'C', 'D'];

/** Starts a simulated device, powered and reachable. */
export async function startSimulatedBerofos(options: SimulatedBerofosOptions = {}): Promise<SimulatedBerofos> {
  let parameters: BerofosParameters = { ...FACTORY, ...options.parameters };
  let powered = true;
  let reachable = true;
  let answered = 0;
  const switches: RelaySwitch[] = [];
  const held = new Set<Socket>();
  const expected = options.adminPassword === undefined ? undefined : `Basic ${Buffer.from(`admin:${options.adminPassword}`).toString('base64')}`;

  const setMode = (to: RelayMode, cause: RelaySwitch['cause']): void => {
    if (parameters.mode !== to) switches.push({ from: parameters.mode, to, cause });
    parameters = { ...parameters, mode: to };
  };
  const dropHeld = (): void => {
    for (const socket of held) socket.destroy();
    held.clear();
  };

  const server = createServer((incoming, response) => {
    if (!powered || !reachable) {
      held.add(incoming.socket);
      return;
    }
    answered += 1;
    if (expected !== undefined && incoming.headers.authorization !== expected) {
      response.writeHead(401, { 'www-authenticate': 'Basic realm="berofos"', connection: 'close' }).end();
      return;
    }
    answer(incoming, response, parameters, (name, value) => (name === 'mode' ? setMode(value, 'http') : (parameters = { ...parameters, [name]: value })));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const httpPort = (server.address() as AddressInfo).port;

  return {
    host: '127.0.0.1',
    httpPort,
    state: () => {
      const joins = portJoins(powered ? { powered, scenario: parameters.scenario, mode: parameters.mode } : { powered });
      const lit = new Set(joins.flatMap((join) => [join.from, join.to]));
      const leds = Object.fromEntries(PORTS.map((port) => [port, powered && lit.has(port) ? 'green' : 'off'])) as Record<BerofosPort, PortLed>;
      return { powered, reachable, parameters, joins, leds, switches: [...switches], answered };
    },
    powerOff: () => {
      powered = false;
      dropHeld();
    },
    powerOn: () => {
      if (powered) return;
      powered = true;
      setMode(parameters.modedef, 'power-on');
      parameters = { ...parameters, wdog: parameters.wdogdef };
    },
    setReachable: (next) => {
      reachable = next;
      if (next) dropHeld();
    },
    setParameter: (name, value) => (name === 'mode' ? setMode(value, 'http') : void (parameters = { ...parameters, [name]: value })),
    bnfosSection: (name, nodePort) => [
      `[${name}]`,
      'mac = 00:19:32:00:12:1D',
      'host = 127.0.0.1',
      `http_port = ${httpPort}`,
      `node_port = ${nodePort}`,
      ...(options.adminPassword === undefined ? ['#login = <user>:<password>'] : [`login = admin:${options.adminPassword}`]),
      '',
    ].join('\n'),
    close: async () => {
      dropHeld();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function answer(incoming: IncomingMessage, response: ServerResponse, parameters: BerofosParameters, set: (name: BerofosParameterName, value: 0 | 1) => void): void {
  const url = new URL(incoming.url ?? '/', 'http://berofos');
  if (incoming.method !== 'GET') return void response.writeHead(405, { connection: 'close' }).end();
  if (url.pathname === '/config.txt') return void response.writeHead(200, { 'content-type': 'text/plain', connection: 'close' }).end(formatDump(parameters));
  if (url.pathname !== '/' || !url.searchParams.has('cmd')) return void response.writeHead(404, { connection: 'close' }).end();
  const command = Number(url.searchParams.get('cmd'));
  const changes: [BerofosParameterName, 0 | 1][] = [];
  for (const [field, value] of url.searchParams) {
    if (field === 'cmd') continue;
    const name = BEROFOS_PARAMETER_NAMES.find((candidate) => PARAMETER_WIRE[candidate].command === command && PARAMETER_WIRE[candidate].field === field);
    if (name === undefined || (value !== '0' && value !== '1')) return void response.writeHead(400, { connection: 'close' }).end();
    changes.push([name, value === '1' ? 1 : 0]);
  }
  for (const [name, value] of changes) set(name, value);
  response.writeHead(200, { 'content-type': 'text/html', connection: 'close' }).end('<html><body>OK</body></html>');
}
