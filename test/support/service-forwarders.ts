/**
 * TCP forwarders that let the nodes of a network-namespace lab reach PostgreSQL and Redis, which
 * listen on 127.0.0.1 of the root namespace only: one listening port on the bridge address per node
 * and service, so that one node can lose a service while the other keeps it.
 *
 * @remarks
 * `cut(node, 'redis')` closes the node's Redis listener and destroys its open connections: its
 * next connection attempts are refused, as when the node's host loses the network to Redis while
 * its process stays up (the partition test); `cut(node)` cuts every service. `restore(node)`
 * listens again on the same ports.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

/** A service the nodes use, and where it really listens. */
export interface ForwardedService {
  readonly name: string;
  readonly host: string;
  readonly port: number;
}

/** Ports by node and service name: `ports.a.redis`. */
export type ForwarderPorts<Node extends string> = Readonly<Record<Node, Readonly<Record<string, number>>>>;

export interface ServiceForwarders<Node extends string> {
  /** Where a node reaches a service: a port on `listenAddress`. */
  portOf(node: Node, service: string): number;
  /** Refuses the node a service (every service when not named) from now on, closing its open connections. */
  cut(node: Node, service?: string): Promise<void>;
  /** Serves the node again what was cut, on the same ports. */
  restore(node: Node): Promise<void>;
  /** Whether a service of the node (any, when not named) is cut. */
  isCut(node: Node, service?: string): boolean;
  close(): Promise<void>;
}

interface Forwarder {
  server: Server;
  port: number;
  readonly sockets: Set<Socket>;
  readonly target: ForwardedService;
}

/** Starts one forwarder per node and service on `listenAddress` (ports chosen by the kernel). */
export async function startServiceForwarders<Node extends string>(listenAddress: string, nodes: readonly Node[], services: readonly ForwardedService[]): Promise<ServiceForwarders<Node>> {
  const forwarders = new Map<string, Forwarder>();
  const key = (node: Node, service: string): string => `${node}/${service}`;
  const cutKeys = new Set<string>();
  for (const node of nodes) {
    for (const target of services) {
      const forwarder: Forwarder = { server: createServer(), port: 0, sockets: new Set(), target };
      forwarder.port = await listen(forwarder, listenAddress, 0);
      forwarders.set(key(node, target.name), forwarder);
    }
  }
  const ofNode = (node: Node, service?: string): [string, Forwarder][] =>
    services.filter((target) => service === undefined || target.name === service).flatMap((target) => {
      const forwarder = forwarders.get(key(node, target.name));
      return forwarder === undefined ? [] : [[key(node, target.name), forwarder] as [string, Forwarder]];
    });
  return {
    portOf(node, service) {
      const forwarder = forwarders.get(key(node, service));
      if (forwarder === undefined) throw new Error(`no forwarder of ${service} for node ${node}`);
      return forwarder.port;
    },
    async cut(node, service) {
      const cut = ofNode(node, service);
      if (cut.length === 0) throw new Error(`no forwarder of ${String(service)} for node ${node}`);
      for (const [cutKey] of cut) cutKeys.add(cutKey);
      await Promise.all(cut.map(([, forwarder]) => stop(forwarder)));
    },
    async restore(node) {
      for (const [cutKey, forwarder] of ofNode(node)) {
        if (!cutKeys.delete(cutKey)) continue;
        forwarder.server = createServer();
        await listen(forwarder, listenAddress, forwarder.port);
      }
    },
    isCut: (node, service) => ofNode(node, service).some(([cutKey]) => cutKeys.has(cutKey)),
    async close() {
      await Promise.all([...forwarders.values()].map((forwarder) => stop(forwarder)));
    },
  };
}

function listen(forwarder: Forwarder, address: string, port: number): Promise<number> {
  const { server, sockets, target } = forwarder;
  server.on('connection', (client) => {
    const upstream = createConnection({ host: target.host, port: target.port });
    sockets.add(client);
    sockets.add(upstream);
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, () => {
      server.off('error', reject);
      const bound = server.address();
      resolve(typeof bound === 'object' && bound !== null ? bound.port : port);
    });
  });
}

function stop(forwarder: Forwarder): Promise<void> {
  for (const socket of forwarder.sockets) socket.destroy();
  forwarder.sockets.clear();
  if (!forwarder.server.listening) return Promise.resolve();
  return new Promise((resolve) => forwarder.server.close(() => resolve()));
}
