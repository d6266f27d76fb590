/**
 * What a feature code does for the user who dialed it: the change to their services or forwards,
 * or why it cannot run.
 *
 * @remarks
 * Only the features whose engine exists run: the do-not-disturb and incoming-call filter toggles
 * (`enablednd`, `incallfilter`), the three forwards (`fwdunc`, `fwdrna`, `fwdbusy`: with a number,
 * enabled to it; alone, disabled, as Wazo does), `fwdundoall`, and the agent codes
 * (`agentstaticlogin`, `agentstaticlogoff`, `agentstaticlogtoggle`: `*31`, `*32`, `*30` followed by
 * the agent's number, seed CC-01), run through the contact center. The mailbox consultation codes
 * (`vmusermsg`, `vmboxmsgslt`) are run by the routing port before this (mailbox-consult-route.ts).
 * The rest of the catalogue (pickup, recording, other voicemail codes, paging, the in-call DTMF
 * features …) is listed and editable but answers as not available. Pure.
 */
import type { FeatureCodeMatch } from './feature-codes.ts';

/** The user services a feature code toggles. */
export type FeatureService = 'dnd' | 'incallfilter';

/** The user forwards a feature code sets. */
export type FeatureForward = 'unconditional' | 'noanswer' | 'busy';

/** What an agent code asks of the agent it names: log in at the dialing phone, log off, or either (toggle). */
export type AgentFeatureCommand = 'login' | 'logoff' | 'toggle';

/** What running a feature code means. */
export type FeatureAction =
  | { readonly type: 'service.toggle'; readonly service: FeatureService }
  /** `destination` null: disable the forward (keeping its destination). */
  | { readonly type: 'forward.set'; readonly forward: FeatureForward; readonly destination: string | null }
  | { readonly type: 'forwards.disable_all' }
  | { readonly type: 'agent'; readonly command: AgentFeatureCommand; readonly agentNumber: string }
  /** The argument is not a number a forward can lead to, or not an agent number. */
  | { readonly type: 'invalid-argument'; readonly feature: string; readonly argument: string }
  | { readonly type: 'unavailable'; readonly feature: string; readonly reason: string };

const SERVICES: Readonly<Record<string, FeatureService>> = { enablednd: 'dnd', incallfilter: 'incallfilter' };
const FORWARDS: Readonly<Record<string, FeatureForward>> = { fwdunc: 'unconditional', fwdrna: 'noanswer', fwdbusy: 'busy' };
const AGENT_COMMANDS: Readonly<Record<string, AgentFeatureCommand>> = { agentstaticlogin: 'login', agentstaticlogoff: 'logoff', agentstaticlogtoggle: 'toggle' };
/** Features used with DTMF during a call (Asterisk's featuremap), never dialed. */
const IN_CALL = new Set(['blindxfer', 'atxfer', 'automixmon', 'disconnect']);

/** A forward's destination as the store accepts it (`users_<name>_forward_destination_check`). */
const FORWARD_DESTINATION = /^\+?[0-9*#]{1,40}$/;

/** An agent's number as the store accepts it (`agent_number_check`). */
const AGENT_NUMBER = /^[0-9]{1,40}$/;

/** The action of a matched feature code. */
export function featureAction(match: FeatureCodeMatch): FeatureAction {
  const service = SERVICES[match.feature];
  if (service !== undefined) return { type: 'service.toggle', service };
  const forward = FORWARDS[match.feature];
  if (forward !== undefined) {
    if (match.argument === '') return { type: 'forward.set', forward, destination: null };
    return FORWARD_DESTINATION.test(match.argument) ? { type: 'forward.set', forward, destination: match.argument } : { type: 'invalid-argument', feature: match.feature, argument: match.argument };
  }
  if (match.feature === 'fwdundoall') return { type: 'forwards.disable_all' };
  const command = AGENT_COMMANDS[match.feature];
  if (command !== undefined) {
    return AGENT_NUMBER.test(match.argument) ? { type: 'agent', command, agentNumber: match.argument } : { type: 'invalid-argument', feature: match.feature, argument: match.argument };
  }
  if (IN_CALL.has(match.feature)) return { type: 'unavailable', feature: match.feature, reason: 'used with DTMF during a call, not dialed' };
  return { type: 'unavailable', feature: match.feature, reason: 'not available on this system yet' };
}
