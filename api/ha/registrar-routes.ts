/**
 * confd's `/registrars` (seed HA-04, the provisioning server's `X_type: registrar`
 * configurations): the main and backup registrar and proxy the phones are provisioned with. List,
 * read and edit (a partial `PUT`); `registrar_edited` tells a change.
 *
 * @remarks
 * While HA is enabled on any node of the installation, `backup_host` and `proxy_backup_host` are
 * the slave's address, kept by HA: "Do not change these values when the HA is configured" (seed
 * HA-04), so a `PUT` changing either is a 400 naming the field. Sending the value they already
 * have is not a change (a client may send back what it read).
 */
import { z } from 'zod';
import {
  findRegistrar, haEnabledOnAnyNode, listRegistrarPage, updateRegistrar,
  type RegistrarChanges, type RegistrarOrder, type RegistrarRow,
} from '../../store/index.ts';
import { apiError, type ApiRoute } from '../http/api-route.ts';
import { writeFailure } from '../http/write-failure.ts';
import { zodMessages } from '../http/zod-messages.ts';
import { publishChange, type ConfdDeps } from '../confd/confd-deps.ts';
import { listAnswer, param } from '../confd/confd-lists.ts';

const Host = z.string().regex(/^[A-Za-z0-9._:\[\]-]{1,255}$/, 'must be a host name or an IP address');
const Port = z.number().int().min(1).max(65535);

export const RegistrarUpdate = z.object({
  name: z.string().min(1).max(128),
  main_host: Host,
  main_port: Port.nullable(),
  backup_host: Host.nullable(),
  backup_port: Port.nullable(),
  proxy_main_host: Host,
  proxy_main_port: Port.nullable(),
  proxy_backup_host: Host.nullable(),
  proxy_backup_port: Port.nullable(),
  outbound_proxy_host: Host.nullable(),
  outbound_proxy_port: Port.nullable(),
}).partial();

type RegistrarBody = z.infer<typeof RegistrarUpdate>;

const ORDERS: readonly RegistrarOrder[] = ['id', 'name', 'main_host'];

/** The fields HA keeps while it is enabled. */
const HA_FIELDS = [['backup_host', 'backupHost'], ['proxy_backup_host', 'proxyBackupHost']] as const;

export function registrarView(row: RegistrarRow): Record<string, unknown> {
  return {
    id: row.id, name: row.name, main_host: row.mainHost, main_port: row.mainPort, backup_host: row.backupHost, backup_port: row.backupPort,
    proxy_main_host: row.proxyMainHost, proxy_main_port: row.proxyMainPort, proxy_backup_host: row.proxyBackupHost, proxy_backup_port: row.proxyBackupPort,
    outbound_proxy_host: row.outboundProxyHost, outbound_proxy_port: row.outboundProxyPort,
  };
}

export function registrarRoutes(deps: ConfdDeps): ApiRoute[] {
  return [
    {
      method: 'GET', path: '/registrars',
      handle: (request) => listAnswer(request, ORDERS, 'id', (_tenants, query) => listRegistrarPage(deps.db, query), registrarView),
    },
    {
      method: 'GET', path: '/registrars/:registrar_id',
      async handle(request) {
        const row = await findRegistrar(deps.db, param(request, 'registrar_id'));
        return row === undefined ? apiError(404, 'no such registrar') : { status: 200, body: registrarView(row) };
      },
    },
    {
      method: 'PUT', path: '/registrars/:registrar_id',
      async handle(request) {
        const parsed = RegistrarUpdate.safeParse(request.body ?? {});
        if (!parsed.success) return apiError(400, ...zodMessages(parsed.error));
        const current = await findRegistrar(deps.db, param(request, 'registrar_id'));
        if (current === undefined) return apiError(404, 'no such registrar');
        const kept = HA_FIELDS.filter(([field, column]) => parsed.data[field] !== undefined && parsed.data[field] !== current[column]).map(([field]) => field);
        if (kept.length > 0 && (await haEnabledOnAnyNode(deps.db))) {
          return apiError(400, ...kept.map((field) => `${field}: cannot be changed while HA is enabled (it is the slave's address, kept by PUT /ha)`));
        }
        const written = await updateRegistrar(deps.db, current.id, registrarChanges(parsed.data));
        if (written.type === 'error') return writeFailure(written, 'registrar');
        publishChange(deps, request.tenantUuid ?? '', 'registrar_edited', 'config.registrar.edited', registrarView(written.value));
        return { status: 204, body: undefined };
      },
    },
  ];
}

function registrarChanges(body: RegistrarBody): RegistrarChanges {
  const changes: Record<string, unknown> = {
    name: body.name, mainHost: body.main_host, mainPort: body.main_port, backupHost: body.backup_host, backupPort: body.backup_port,
    proxyMainHost: body.proxy_main_host, proxyMainPort: body.proxy_main_port, proxyBackupHost: body.proxy_backup_host, proxyBackupPort: body.proxy_backup_port,
    outboundProxyHost: body.outbound_proxy_host, outboundProxyPort: body.outbound_proxy_port,
  };
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as RegistrarChanges;
}
