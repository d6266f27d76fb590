/**
 * confd's `/ha` (seed HA-03): this node's HA configuration (`GET`, `PUT`), the cluster's HA state
 * (`GET /ha/status`) and a planned switchover (`POST /ha/switchover`), over the HA control port.
 *
 * @remarks
 * `PUT /ha` answers 204 once the configuration is stored and its side effects applied (SIP
 * expiry, the registrar's backups: seed HA-04), with no restart. A switchover answers 200 with
 * its outcome when it happened, 409 when it was refused (no slave, HA disabled, this node not the
 * master) and 503 when it failed midway. `POST /ha/drain` and `POST /ha/undrain` mark a node
 * drained or not (a master drained hands its calls over first): 200 with the outcome, 409 refused,
 * 404 for a node that is not a live node of the cluster, 503 failed.
 */
import { z } from 'zod';
import { apiError, type ApiRoute } from '../http/api-route.ts';
import { zodMessages } from '../http/zod-messages.ts';
import type { HaControlPort } from './ha-control-port.ts';
import { readHaConfiguration } from './ha-configuration-body.ts';
import { drainModel, haStatusModel, switchoverModel, undrainModel } from './ha-views.ts';

export interface HaRouteDeps {
  readonly ha: HaControlPort;
  /** This node's own addresses, which a remote address may not be (its advertised SIP address …). */
  readonly ownAddresses: readonly string[];
}

/** A node name as the cluster configuration allows it. */
const NODE_NAME = /^[A-Za-z0-9._-]{1,128}$/;

export const SwitchoverBody = z.object({ target: z.string().regex(NODE_NAME, 'must be a node name').optional() });
/** `nodes.drain`, `nodes.undrain` and their REST mirrors: the node (this one when absent). */
export const DrainBody = z.object({ node: z.string().regex(NODE_NAME, 'must be a node name').optional() });

export function haRoutes(deps: HaRouteDeps): ApiRoute[] {
  return [
    {
      method: 'GET', path: '/ha', acl: 'confd.ha.read',
      handle: async () => ({ status: 200, body: { ...(await deps.ha.configuration()) } }),
    },
    {
      method: 'PUT', path: '/ha', acl: 'confd.ha.update',
      async handle(request) {
        const reading = readHaConfiguration(request.body, deps.ownAddresses);
        if (reading.type === 'invalid') return apiError(400, ...reading.messages);
        await deps.ha.configure(reading.configuration);
        return { status: 204, body: undefined };
      },
    },
    {
      method: 'GET', path: '/ha/status', acl: 'confd.ha.status.read',
      handle: async () => ({ status: 200, body: haStatusModel(await deps.ha.status()) }),
    },
    {
      method: 'POST', path: '/ha/switchover', acl: 'confd.ha.switchover.create',
      async handle(request) {
        const parsed = SwitchoverBody.safeParse(request.body ?? {});
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const result = await deps.ha.switchover(parsed.data.target);
        switch (result.type) {
          case 'ok':
            return { status: 200, body: switchoverModel(result) };
          case 'refused':
            return apiError(409, result.reason);
          case 'failed':
            return apiError(503, result.reason);
        }
      },
    },
    {
      method: 'POST', path: '/ha/drain', acl: 'confd.ha.drain.create',
      async handle(request) {
        const parsed = DrainBody.safeParse(request.body ?? {});
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const result = await deps.ha.drain(parsed.data.node);
        switch (result.type) {
          case 'ok':
            return { status: 200, body: drainModel(result) };
          case 'refused':
            return apiError(409, result.reason);
          case 'not-found':
            return apiError(404, result.reason);
          case 'failed':
            return apiError(503, result.reason);
        }
      },
    },
    {
      method: 'POST', path: '/ha/undrain', acl: 'confd.ha.undrain.create',
      async handle(request) {
        const parsed = DrainBody.safeParse(request.body ?? {});
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const result = await deps.ha.undrain(parsed.data.node);
        return result.type === 'ok' ? { status: 200, body: undrainModel(result) } : apiError(409, result.reason);
      },
    },
  ];
}
