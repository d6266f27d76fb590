/**
 * A call from a trunk (matched by its source address, or a dynamic peer by its digest username):
 * its caller ID as the tenant's rules show it (trunk-caller.ts), then the DID hooks of the incall
 * it reaches (call-hooks.ts), then the call started in the trunk's context, or where a hook sent it.
 */
import { sipMessage, type InviteServerSession } from '../../transport/index.ts';
import { runDidHooks } from './call-hooks.ts';
import type { HookRunner } from './hook-runner.ts';
import type { LineIdentity, TrunkIdentity } from './invite-admission.ts';
import type { RoutePort } from './route-port.ts';

/** What the admission needs of the call service. */
export interface TrunkAdmissionDeps {
  readonly routePort: Pick<RoutePort, 'trunkCaller'>;
  readonly hookRunner: HookRunner;
  /** Starts the admitted call (to `dialed` instead of the Request-URI's number when given). */
  readonly start: (session: InviteServerSession, admitted: LineIdentity, hooked: { readonly dialed?: string; readonly ringSeconds?: number }) => Promise<void>;
}

export async function admitTrunkCall(deps: TrunkAdmissionDeps, session: InviteServerSession, trunk: TrunkIdentity): Promise<void> {
  if (trunk.context === null) return void session.reject(403, { reason: `trunk ${trunk.name} has no context` });
  const from = sipMessage.parseNameAddress(sipMessage.getHeader(session.request, 'from') ?? '');
  const received = { name: from?.displayName ?? '', number: from === undefined ? '' : decodeURIComponent(sipMessage.parseUri(from.uri)?.user ?? '') };
  const did = dialedNumber(session.request.uri);
  const shown = await deps.routePort.trunkCaller(trunk.tenantUuid, trunk.context, did, received);
  if (shown.type === 'refused') return void session.reject(shown.status, { reason: shown.reason });
  const hooked = shown.incallId === undefined ? { type: 'continue', name: shown.name, number: shown.number } as const
    : await runDidHooks(deps.hookRunner, { tenantUuid: trunk.tenantUuid, context: trunk.context, did, name: shown.name, number: shown.number, incallId: shown.incallId });
  if (hooked.type === 'refuse') return void session.reject(hooked.status, { reason: hooked.reason });
  if (hooked.type === 'goto') return deps.start(session, { name: shown.name, number: shown.number, context: hooked.context }, { dialed: hooked.exten });
  await deps.start(session, { name: hooked.name, number: hooked.number, context: trunk.context }, hooked.ringSeconds === undefined ? {} : { ringSeconds: hooked.ringSeconds });
}

/** The dialed number: the user part of the Request-URI, unescaped. */
export function dialedNumber(requestUri: string): string {
  const match = /^sips?:([^@;?]+)@/i.exec(requestUri);
  return decodeURIComponent(match?.[1] ?? '');
}
