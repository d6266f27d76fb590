/**
 * Turns a long-lived service (a database pool, the SIP stack, the HTTP server) into a child the
 * kernel's supervisors can watch, stop and restart.
 *
 * @remarks
 * A service reports its own death through `fail` (a transport that lost its socket, a pool that
 * cannot reconnect); its supervisor then applies the child's restart policy, as for any actor.
 */
import type { Child, ChildExit, StopReason } from '../../actors/index.ts';

export interface Service {
  /** Releases what the service holds; must not throw. */
  close(): Promise<void>;
}

/** A running service as a supervised child, with the service itself for the composition root. */
export interface ServiceChild<S extends Service> extends Child {
  readonly service: S;
  /** Reports that the service died on its own. */
  fail(error: unknown): void;
}

/** Wraps a started service. */
export function serviceChild<S extends Service>(service: S): ServiceChild<S> {
  let settle: (exit: ChildExit) => void = () => undefined;
  let ended = false;
  const exited = new Promise<ChildExit>((resolve) => {
    settle = resolve;
  });
  const end = (exit: ChildExit): void => {
    if (ended) return;
    ended = true;
    settle(exit);
  };
  return {
    service,
    exited,
    async stop(reason: StopReason) {
      if (ended) return;
      await service.close().catch(() => undefined);
      end({ type: 'stopped', reason, forced: false });
    },
    kill(reason: StopReason) {
      void service.close().catch(() => undefined);
      end({ type: 'stopped', reason, forced: true });
    },
    fail(error: unknown) {
      void service.close().catch(() => undefined);
      end({ type: 'crashed', error, snapshot: undefined });
    },
  };
}
