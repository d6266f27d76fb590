/**
 * The routing of the lab's measured calls: the demo users dial `0…` and the call goes out through a
 * peer trunk to a provider, whom SIPp plays. Each call is then an independent B2BUA call with two
 * SIP legs and a relayed media session on the node.
 */
import assert from 'node:assert/strict';
import { includeContext, type Database, type TenantUuid } from '../../store/index.ts';
import { CONFD, confdWriter } from './confd-writer.ts';
import type { RestClient } from './rest-client.ts';

/**
 * Makes numbers of `pattern` (default `_0.`) dialed from the `default` context go out through a
 * new peer trunk to `providerHost` (`address:port`), through confd and, for the context include
 * confd does not offer, the store.
 */
export async function routeOutToProvider(rest: RestClient, token: string, database: Database, providerHost: string, pattern = '_0.'): Promise<void> {
  const { created, put, peerTrunk } = confdWriter(() => rest, () => token);
  const users = (await rest.request(`${CONFD}/users`, { token })).body as { items: { tenant_uuid: string }[] };
  const tenantUuid = users.items[0]?.tenant_uuid;
  assert.ok(tenantUuid !== undefined, 'the demo users exist');
  await created('/contexts', { name: 'from-extern', type: 'incall' });
  await created('/contexts', { name: 'to-extern', type: 'outcall' });
  const included = await includeContext(database, { tenantUuid: tenantUuid as TenantUuid, context: 'default', include: 'to-extern' });
  assert.equal(included.type, 'ok', JSON.stringify(included));
  const trunk = await peerTrunk(providerHost);
  const outcall = await created('/outcalls', { name: 'provider' });
  await put(`/outcalls/${String(outcall['id'])}/trunks`, { trunks: [{ id: trunk['id'] }] });
  const extension = await created('/extensions', { exten: pattern, context: 'to-extern' });
  await put(`/outcalls/${String(outcall['id'])}/extensions/${String(extension['id'])}`, {});
}
