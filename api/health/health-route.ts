/**
 * `GET /health`: whether this node can serve, for load balancers, supervisors and the HA monitor.
 *
 * @remarks
 * Answers 200 when every check passes and 503 otherwise, with the checks in the body so an
 * operator sees which part failed. A check that does not answer within its time limit counts as
 * failed: a health endpoint that hangs is worse than one that says no.
 */
import type { TemplatedApp } from 'uWebSockets.js';
import { respondJson } from '../http/respond-json.ts';

export type HealthCheck = () => Promise<{ readonly ok: boolean; readonly detail?: string }>;

export interface HealthRouteOptions {
  readonly nodeName: string;
  readonly version: string;
  readonly startedAtMs: number;
  readonly now: () => number;
  readonly checks: Readonly<Record<string, HealthCheck>>;
  /** Per-check time limit (default 2 s). */
  readonly checkTimeoutMs?: number;
}

/** Registers `GET /health` on the app. */
export function registerHealthRoute(app: TemplatedApp, options: HealthRouteOptions): void {
  app.get('/health', (res, req) =>
    respondJson(res, req, async () => {
      const entries = await Promise.all(
        Object.entries(options.checks).map(async ([name, check]) => [name, await runCheck(check, options.checkTimeoutMs ?? 2000)] as const),
      );
      const ok = entries.every(([, result]) => result.ok);
      return {
        status: ok ? 200 : 503,
        body: {
          status: ok ? 'ok' : 'degraded',
          node: options.nodeName,
          version: options.version,
          uptime_seconds: Math.round((options.now() - options.startedAtMs) / 1000),
          checks: Object.fromEntries(entries),
        },
      };
    }),
  );
}

async function runCheck(check: HealthCheck, timeoutMs: number): Promise<{ ok: boolean; detail?: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<{ ok: boolean; detail: string }>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    return await Promise.race([check().catch((error: unknown) => ({ ok: false, detail: String(error) })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
