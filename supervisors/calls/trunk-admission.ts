/**
 * A call from a trunk (matched by its source address, or a dynamic peer by its digest username):
 * its caller ID as the tenant's rules show it (trunk-caller.ts), then the DID hooks of the incall
 * it reaches (call-hooks.ts), then the call started in the trunk's context, or where a hook sent it.
 */
import type { InviteServerSession } from '../../transport/index.ts';
import { runDidHooks } from './call-hooks.ts';
import { ANONYMOUS, trunkCaller } from './caller-privacy.ts';
import type { HookRunner } from './hook-runner.ts';
import type { LineIdentity, TrunkIdentity } from './invite-admission.ts';
import type { RoutePort } from './route-port.ts';

/** What the admission needs of the call service. */
export interface TrunkAdmissionDeps {
  readonly routePort: Pick<RoutePort, 'trunkCaller'>;
  readonly hookRunner: HookRunner;
  /** Starts the admitted call (to `dialed` instead of the Request-URI's number when given). */
  readonly start: (session: InviteServerSession, admitted: LineIdentity, hooked: StartOptions) => Promise<void>;
}

/** How an admitted call starts: where a hook sent it, its ring time, the trunk it is counted under. */
export interface StartOptions {
  readonly dialed?: string;
  readonly ringSeconds?: number;
  readonly trunkId?: number;
}

export async function admitTrunkCall(deps: TrunkAdmissionDeps, session: InviteServerSession, trunk: TrunkIdentity): Promise<void> {
  if (trunk.context === null) return void session.reject(403, { reason: `trunk ${trunk.name} has no context` });
  const { withheld, ...received } = trunkCaller(session.request, trunk.trustIdInbound === true);
  const did = dialedNumber(session.request.uri);
  const shown = await deps.routePort.trunkCaller(trunk.tenantUuid, trunk.context, did, received, trunk.callerId ?? null);
  if (shown.type === 'refused') return void session.reject(shown.status, { reason: shown.reason });
  const hooked = shown.incallId === undefined ? { type: 'continue', name: shown.name, number: shown.number } as const
    : await runDidHooks(deps.hookRunner, { tenantUuid: trunk.tenantUuid, context: trunk.context, did, name: shown.name, number: shown.number, incallId: shown.incallId });
  if (hooked.type === 'refuse') return void session.reject(hooked.status, { reason: hooked.reason });
  // A caller who withholds its identity is shown as anonymous; the rules and hooks above still saw its number.
  const identity = (name: string, number: string) => (withheld ? ANONYMOUS : { name, number });
  const counted = trunk.trunkId === undefined ? {} : { trunkId: trunk.trunkId };
  if (hooked.type === 'goto') return deps.start(session, { ...identity(shown.name, shown.number), context: hooked.context }, { dialed: hooked.exten, ...counted });
  await deps.start(session, { ...identity(hooked.name, hooked.number), context: trunk.context }, { ...counted, ...(hooked.ringSeconds === undefined ? {} : { ringSeconds: hooked.ringSeconds }) });
}

/** The dialed number: the user part of the Request-URI, unescaped. */
export function dialedNumber(requestUri: string): string {
  const match = /^sips?:([^@;?]+)@/i.exec(requestUri);
  return decodeURIComponent(match?.[1] ?? '');
}
