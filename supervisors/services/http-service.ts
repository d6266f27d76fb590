/**
 * The HTTP side as a service: the plain app (HTTP and WS, which also carries the SIP WebSocket
 * transport) and the TLS app (HTTPS and WSS, which Wazo clients speak), both serving `/health` and
 * every API, each on its port.
 */
import type { TemplatedApp, us_listen_socket } from 'uWebSockets.js';
import { loadNativeUws } from '../../transport/index.ts';
import { registerHealthRoute, type HealthCheck } from '../../api/index.ts';

export interface HttpServiceOptions {
  readonly app: TemplatedApp;
  readonly address: string;
  readonly port: number;
  /** The TLS side; absent: plain HTTP only. */
  readonly tls?: { readonly port: number; readonly certFile: string; readonly keyFile: string };
  readonly nodeName: string;
  readonly version: string;
  readonly startedAtMs: number;
  readonly checks: Readonly<Record<string, HealthCheck>>;
  /** Registers the APIs (REST services, event and control WebSockets) on an app; called once per app. */
  readonly mountApis: (app: TemplatedApp) => void;
}

export interface HttpService {
  readonly port: number;
  /** The HTTPS/WSS port; undefined without TLS. */
  readonly httpsPort: number | undefined;
  close(): Promise<void>;
}

/** Creates the app, proving the native uWebSockets.js binary is the one loaded. */
export function createHttpApp(): TemplatedApp {
  return loadNativeUws().App();
}

/** Registers the routes and listens on both ports; rejects when a port cannot be bound. */
export async function startHttpService(options: HttpServiceOptions): Promise<HttpService> {
  const uws = loadNativeUws();
  if (!routed.has(options.app)) registerRoutes(options.app, options);
  const sockets: us_listen_socket[] = [];
  const close = () => {
    for (const socket of sockets) uws.us_listen_socket_close(socket);
    sockets.length = 0;
    return Promise.resolve();
  };
  sockets.push(await listen(options.app, options.address, options.port, 'http'));
  let httpsPort: number | undefined;
  if (options.tls !== undefined) {
    try {
      const sslApp = uws.SSLApp({ cert_file_name: options.tls.certFile, key_file_name: options.tls.keyFile });
      registerRoutes(sslApp, options);
      const socket = await listen(sslApp, options.address, options.tls.port, 'https');
      sockets.push(socket);
      httpsPort = uws.us_socket_local_port(socket);
    } catch (error) {
      await close();
      throw error;
    }
  }
  return { port: uws.us_socket_local_port(sockets[0] as us_listen_socket), httpsPort, close };
}

async function listen(app: TemplatedApp, address: string, port: number, scheme: string): Promise<us_listen_socket> {
  const socket = await new Promise<us_listen_socket | false>((resolve) => app.listen(address, port, resolve));
  if (socket === false) throw new Error(`cannot listen on ${scheme} ${address}:${port} (address in use or not available)`);
  return socket;
}

/** Apps whose routes are in: a route cannot be removed, so a restarted service must not add it twice. */
const routed = new WeakSet<TemplatedApp>();

function registerRoutes(app: TemplatedApp, options: HttpServiceOptions): void {
  routed.add(app);
  registerHealthRoute(app, {
    nodeName: options.nodeName,
    version: options.version,
    startedAtMs: options.startedAtMs,
    now: () => Date.now(),
    checks: options.checks,
  });
  options.mountApis(app);
  app.any('/*', (res) => {
    res.writeStatus('404 Not Found').writeHeader('content-type', 'application/json').end('["not found"]');
  });
}
