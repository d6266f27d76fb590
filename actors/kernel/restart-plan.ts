/**
 * Which children a supervisor stops and starts again when one of them has to be restarted.
 *
 * @remarks
 * Pure, so that the three strategies are tested apart from timing. Stops go in reverse start order
 * (the later child may depend on the earlier), starts in start order.
 */
import type { SupervisorStrategy } from './child-spec.ts';

/** The ids to stop (in that order) and then to start (in that order). */
export interface RestartPlan {
  readonly stop: readonly string[];
  readonly start: readonly string[];
}

/**
 * Plans the restart of `failedId` among children listed in start order.
 *
 * @remarks
 * `failedId` is not in `stop`: it has already ended.
 */
export function planRestart(strategy: SupervisorStrategy, startOrder: readonly string[], failedId: string): RestartPlan {
  const position = startOrder.indexOf(failedId);
  if (position < 0) return { stop: [], start: [] };
  switch (strategy) {
    case 'oneForOne':
      return { stop: [], start: [failedId] };
    case 'oneForAll':
      return { stop: startOrder.filter((id) => id !== failedId).reverse(), start: [...startOrder] };
    case 'restForOne': {
      const later = startOrder.slice(position + 1);
      return { stop: [...later].reverse(), start: [failedId, ...later] };
    }
  }
}
