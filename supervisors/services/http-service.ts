/**
 * The HTTP side as a service: one uWebSockets.js app serving `/health` (and the APIs later) and
 * carrying the SIP WebSocket transport, listening on the HTTP port.
 */
import type { TemplatedApp, us_listen_socket } from 'uWebSockets.js';
import { loadNativeUws } from '../../transport/index.ts';
import { registerHealthRoute, type HealthCheck } from '../../api/index.ts';

export interface HttpServiceOptions {
  readonly app: TemplatedApp;
  readonly address: string;
  readonly port: number;
  readonly nodeName: string;
  readonly version: string;
  readonly startedAtMs: number;
  readonly checks: Readonly<Record<string, HealthCheck>>;
}

export interface HttpService {
  readonly port: number;
  close(): Promise<void>;
}

/** Creates the app, proving the native uWebSockets.js binary is the one loaded. */
export function createHttpApp(): TemplatedApp {
  return loadNativeUws().App();
}

/** Registers the routes and listens; rejects when the port cannot be bound. */
export async function startHttpService(options: HttpServiceOptions): Promise<HttpService> {
  const uws = loadNativeUws();
  if (!routed.has(options.app)) registerRoutes(options);
  const socket = await new Promise<us_listen_socket | false>((resolve) => options.app.listen(options.address, options.port, resolve));
  if (socket === false) throw new Error(`cannot listen on http ${options.address}:${options.port} (address in use or not available)`);
  const port = uws.us_socket_local_port(socket);
  return {
    port,
    close() {
      uws.us_listen_socket_close(socket);
      return Promise.resolve();
    },
  };
}

/** Apps whose routes are in: a route cannot be removed, so a restarted service must not add it twice. */
const routed = new WeakSet<TemplatedApp>();

function registerRoutes(options: HttpServiceOptions): void {
  routed.add(options.app);
  registerHealthRoute(options.app, {
    nodeName: options.nodeName,
    version: options.version,
    startedAtMs: options.startedAtMs,
    now: () => Date.now(),
    checks: options.checks,
  });
  options.app.any('/*', (res) => {
    res.writeStatus('404 Not Found').writeHeader('content-type', 'application/json').end('["not found"]');
  });
}
