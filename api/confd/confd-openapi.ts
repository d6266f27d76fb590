/**
 * The confd OpenAPI document's details beyond the route list: the list parameters of each
 * collection, the `type` filter of extensions, and the request bodies of the write routes, drawn
 * from the schemas the handlers validate with.
 */
import { LIST_PARAMETERS, withListParameters } from '../http/openapi-list-parameters.ts';
import { withRequestBodies } from '../http/openapi-request-bodies.ts';
import { ContextUpdate, ExtensionUpdate, NewContext, NewExtension } from './extension-routes.ts';
import { FeatureExtensionUpdate } from './feature-extension-routes.ts';
import { IvrUpdate, NewIvrBody } from './ivr-routes.ts';
import { EndpointFields, LineUpdate, NewLine } from './line-routes.ts';
import { NewUser, UserUpdate } from './user-routes.ts';
import { NewRegisterSip, RegisterSipUpdate } from './register-sip-routes.ts';
import { NewTrunk, TrunkUpdate } from './trunk-routes.ts';
import { ForwardBody, ForwardsBody, ServiceBody } from './user-service-routes.ts';
import { CallPermissionUpdate, NewCallPermission } from './call-permission-routes.ts';
import { IncallUpdate, NewIncall } from './incall-routes.ts';
import { NewOutcall, OutcallExtensionBody, OutcallTrunks, OutcallUpdate } from './outcall-routes.ts';
import { NewSchedule, ScheduleUpdate } from './schedule-routes.ts';
import { GroupUpdate, NewGroup } from './group-routes.ts';
import { GroupFallbacks, GroupMemberUsers } from './group-association-routes.ts';
import { UserFallbacksBody } from './user-fallback-routes.ts';
import { NewBlacklistEntry, NewCallerIdRule } from './blacklist-routes.ts';
import { NewVoicemail, VoicemailUpdate } from './voicemail-routes.ts';
import { ConferenceUpdate, NewConference } from './conference-routes.ts';
import { NewQueue, QueueUpdate } from './queue-routes.ts';
import { QueueFallbacksBody, QueueMemberBody } from './queue-association-routes.ts';
import { AgentSkillBody, AgentUpdate, NewAgent } from './agent-routes.ts';
import { NewSkill, NewSkillRule, SkillRuleUpdate, SkillUpdate } from './skill-routes.ts';
import { HaConfigurationBody } from '../ha/ha-configuration-body.ts';
import { DrainBody, SwitchoverBody } from '../ha/ha-routes.ts';
import { RegistrarUpdate } from '../ha/registrar-routes.ts';

export function confdOpenApiDetails(document: unknown): unknown {
  const listed = withListParameters(document, {
    '/users': LIST_PARAMETERS,
    '/lines': LIST_PARAMETERS,
    '/endpoints/sip': LIST_PARAMETERS,
    '/extensions/features': LIST_PARAMETERS,
    '/extensions': [...LIST_PARAMETERS, { name: 'type', description: 'Keep the extensions of one type', schema: { type: 'string' } }],
    '/contexts': LIST_PARAMETERS,
    '/trunks': LIST_PARAMETERS,
    '/registers/sip': LIST_PARAMETERS,
    '/incalls': LIST_PARAMETERS,
    '/outcalls': LIST_PARAMETERS,
    '/callpermissions': LIST_PARAMETERS,
    '/schedules': LIST_PARAMETERS,
    '/ivr': LIST_PARAMETERS,
    '/groups': LIST_PARAMETERS,
    '/voicemails': LIST_PARAMETERS,
    '/conferences': LIST_PARAMETERS,
    '/queues': LIST_PARAMETERS,
    '/queues/skillrules': LIST_PARAMETERS,
    '/agents': LIST_PARAMETERS,
    '/agents/skills': LIST_PARAMETERS,
    '/registrars': LIST_PARAMETERS,
  });
  return withRequestBodies(listed, {
    'POST /users': NewUser,
    'PUT /users/{user_id}': UserUpdate,
    'PUT /users/{user_id}/services/dnd': ServiceBody,
    'PUT /users/{user_id}/services/incallfilter': ServiceBody,
    'PUT /users/{user_id}/forwards': ForwardsBody,
    'PUT /users/{user_id}/forwards/busy': ForwardBody,
    'PUT /users/{user_id}/forwards/noanswer': ForwardBody,
    'PUT /users/{user_id}/forwards/unconditional': ForwardBody,
    'PUT /users/{user_id}/fallbacks': UserFallbacksBody,
    'POST /lines': NewLine,
    'PUT /lines/{line_id}': LineUpdate,
    'POST /endpoints/sip': EndpointFields,
    'PUT /endpoints/sip/{endpoint_uuid}': EndpointFields,
    'POST /extensions': NewExtension,
    'PUT /extensions/{extension_id}': ExtensionUpdate,
    'PUT /extensions/features/{feature_uuid}': FeatureExtensionUpdate,
    'POST /contexts': NewContext,
    'PUT /contexts/{context_id}': ContextUpdate,
    'POST /trunks': NewTrunk,
    'PUT /trunks/{trunk_id}': TrunkUpdate,
    'POST /registers/sip': NewRegisterSip,
    'PUT /registers/sip/{register_id}': RegisterSipUpdate,
    'POST /incalls': NewIncall,
    'PUT /incalls/{incall_id}': IncallUpdate,
    'POST /outcalls': NewOutcall,
    'PUT /outcalls/{outcall_id}': OutcallUpdate,
    'PUT /outcalls/{outcall_id}/trunks': OutcallTrunks,
    'PUT /outcalls/{outcall_id}/extensions/{extension_id}': OutcallExtensionBody,
    'POST /callpermissions': NewCallPermission,
    'PUT /callpermissions/{callpermission_id}': CallPermissionUpdate,
    'POST /schedules': NewSchedule,
    'PUT /schedules/{schedule_id}': ScheduleUpdate,
    'POST /ivr': NewIvrBody,
    'PUT /ivr/{ivr_id}': IvrUpdate,
    'POST /groups': NewGroup,
    'PUT /groups/{group_id}': GroupUpdate,
    'PUT /groups/{group_id}/members/users': GroupMemberUsers,
    'PUT /groups/{group_id}/fallbacks': GroupFallbacks,
    'POST /blacklist': NewBlacklistEntry,
    'POST /incoming_callerid_rules': NewCallerIdRule,
    'POST /voicemails': NewVoicemail,
    'PUT /voicemails/{voicemail_id}': VoicemailUpdate,
    'POST /conferences': NewConference,
    'PUT /conferences/{conference_id}': ConferenceUpdate,
    'POST /queues': NewQueue,
    'PUT /queues/{queue_id}': QueueUpdate,
    'PUT /queues/{queue_id}/fallbacks': QueueFallbacksBody,
    'PUT /queues/{queue_id}/members/agents/{agent_id}': QueueMemberBody,
    'PUT /queues/{queue_id}/members/users/{user_id}': QueueMemberBody,
    'POST /queues/skillrules': NewSkillRule,
    'PUT /queues/skillrules/{skill_rule_id}': SkillRuleUpdate,
    'POST /agents': NewAgent,
    'PUT /agents/{agent_id}': AgentUpdate,
    'PUT /agents/{agent_id}/skills/{skill_id}': AgentSkillBody,
    'POST /agents/skills': NewSkill,
    'PUT /agents/skills/{skill_id}': SkillUpdate,
    'PUT /registrars/{registrar_id}': RegistrarUpdate,
    // The HA routes are mounted on a node that serves the HA control port.
    ...(hasPath(listed, '/ha') ? { 'PUT /ha': HaConfigurationBody, 'POST /ha/switchover': SwitchoverBody, 'POST /ha/drain': DrainBody, 'POST /ha/undrain': DrainBody } : {}),
  });
}

function hasPath(document: unknown, path: string): boolean {
  return (document as { readonly paths: Readonly<Record<string, unknown>> }).paths[path] !== undefined;
}
