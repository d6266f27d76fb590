/**
 * The berofos service: one actor per failover switch of bnfos.conf, fed the node's role, so that
 * the switch brings the provider's ISDN lines to the node that serves (seed HA-09, HA-10).
 *
 * @remarks
 * Started when `haBerofosConfig` names a bnfos.conf. A file that cannot be used throws
 * `BnfosConfigInvalidError`, whose message names the file, the line and the key: the node does not
 * start. Each device gets a control client with a short request deadline, and its actor drives the
 * relays while the node serves (master or standalone) and only reads them while it is a slave
 * (docs/decisions.md). Each relay switch is logged at `info`, a device lost at `warn`.
 */
import { berofos, createActorSystem, createSystemClock, type ActorSystem, type ChildSpec, type Supervisor } from '../../actors/index.ts';
import { berofos as driver } from '../../drivers/index.ts';
import type { NodeLogger } from '../logging/create-logger.ts';
import type { HaRole, HaRoleSource } from './ha-role.ts';

/** The request deadline against a device: a switch on the LAN answers in milliseconds. */
const REQUEST_TIMEOUT_MS = 2_000;

export interface BerofosServiceOptions {
  /** The bnfos.conf to read. */
  readonly configPath: string;
  readonly roles: HaRoleSource;
  readonly logger: NodeLogger;
  /** The node's actor system; without one the service runs its own. */
  readonly system?: ActorSystem;
  /** Overrides of the retry and verification timings (tests shorten them). */
  readonly timings?: berofos.BerofosTimings;
  readonly requestTimeoutMs?: number;
}

/** One device in the health view. */
export interface BerofosDeviceStatus extends berofos.BerofosStatus {
  readonly host: string;
  readonly httpPort: number;
  readonly nodePort: driver.NodePort;
}

export interface BerofosService {
  /** The devices, in bnfos.conf order, as their actors last saw them. */
  statuses(): readonly BerofosDeviceStatus[];
  /** Stops following the role and stops the actors; the relays stay where they are. */
  close(): Promise<void>;
}

/** Reads bnfos.conf and starts one actor per device; throws `BnfosConfigInvalidError` on a bad file. */
export async function startBerofosService(options: BerofosServiceOptions): Promise<BerofosService> {
  const config = await driver.readBnfosConfigFile(options.configPath);
  if (config.type === 'invalid') throw new driver.BnfosConfigInvalidError(options.configPath, config.problems);
  const log = options.logger.child({ component: 'berofos' });
  const system = options.system ?? await createActorSystem({ nodeName: 'berofos', clock: createSystemClock(), logger: log });
  const ownSystem = options.system === undefined ? system : undefined;
  const tell = (role: HaRole): void => {
    for (const device of config.devices) system.send<berofos.BerofosMessage>(berofos.berofosAddress(device.name), { type: 'berofos.role_changed', role: role.type });
  };
  // Followed before the actors start: each actor is told the role of the moment as it starts (or restarts).
  const unsubscribe = options.roles.onChange(tell);
  const children: ChildSpec[] = config.devices.map((device) => ({
    id: device.name,
    restart: 'permanent',
    shutdownMs: 2_000,
    start: async () => {
      const ref = await system.spawn(deviceSpec(device, options, log));
      ref.send({ type: 'berofos.role_changed', role: options.roles.role().type });
      return ref;
    },
  }));
  let supervisor: Supervisor;
  try {
    supervisor = await system.startSupervisor({ name: 'berofos', strategy: 'oneForOne', maxRestarts: 5, withinMs: 60_000 }, children);
  } catch (error) {
    unsubscribe();
    await ownSystem?.shutdown();
    throw error;
  }
  log.info({ devices: config.devices.map((device) => `${device.name}@${device.host}:${device.httpPort}`) }, 'berofos devices followed');
  let closed: Promise<void> | undefined;
  return {
    statuses: () => config.devices.map((device) => {
      const data = system.lookup(berofos.berofosAddress(device.name))?.toSnapshot().data;
      const snapshot = berofos.readBerofosSnapshot(data) ?? berofos.newBerofos(device);
      return { ...berofos.berofosStatus(snapshot), host: device.host, httpPort: device.httpPort, nodePort: device.nodePort };
    }),
    close: () => {
      closed ??= (async () => {
        unsubscribe();
        await supervisor.stop('shutdown');
        await ownSystem?.shutdown();
      })();
      return closed;
    },
  };
}

function deviceSpec(device: driver.BerofosDevice, options: BerofosServiceOptions, log: NodeLogger): berofos.BerofosSpec {
  const client = driver.createBerofosClient({
    host: device.host,
    httpPort: device.httpPort,
    requestTimeoutMs: options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
    ...(device.login === undefined ? {} : { login: device.login }),
  });
  const where = { device: device.name, host: device.host };
  return berofos.berofosSpec({
    device: device.name,
    from: { type: 'initial', epoch: 1, data: berofos.newBerofos(device) },
    ...(options.timings === undefined ? {} : { timings: options.timings }),
    ports: {
      round: async (request) => {
        const wanted = request.relayMode === undefined ? {} : { relayMode: request.relayMode, parameters: driver.HA_PARAMETERS };
        const result = await driver.syncBerofos(client, wanted);
        if (result.type === 'failed') return result;
        return { type: 'synced', before: result.value.before.mode, after: result.value.after.mode, written: result.value.written };
      },
      report: (report) => logReport(log, where, report),
    },
  });
}

function logReport(log: NodeLogger, where: Record<string, unknown>, report: berofos.BerofosReport): void {
  switch (report.type) {
    case 'berofos.switched':
      log.info({ ...where, from: report.from, to: report.to, linesTo: report.linesTo, role: report.role }, `berofos ${report.device}: relays switched to mode ${report.to}, the lines go to port ${report.linesTo}`);
      return;
    case 'berofos.parameters_written':
      log.info({ ...where, written: report.written }, `berofos ${report.device}: HA settings written (${report.written.join(', ')})`);
      return;
    case 'berofos.unreachable':
      log.warn({ ...where, code: report.failure.code, reason: report.failure.message }, `berofos ${report.device}: device not answering, retrying`);
      return;
    case 'berofos.reachable':
      log.info({ ...where, failures: report.afterFailures }, `berofos ${report.device}: device answering again`);
      return;
    default:
      report satisfies never;
  }
}
