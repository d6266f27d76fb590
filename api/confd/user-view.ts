/**
 * A user as Wazo confd shows one: every attribute present, null when unset or not kept by this
 * engine (timezone, language, mobile number …), so clients that read them find the key; its lines
 * with their endpoint and extensions, its services and forwards (what `@wazo/sdk` reads of a user).
 */
import { USER_FALLBACK_NAMES, type UserDetailRow, type UserFallbacks } from '../../store/index.ts';

export function userView(user: UserDetailRow): Record<string, unknown> {
  return {
    id: user.id,
    uuid: user.uuid,
    tenant_uuid: user.tenantUuid,
    firstname: user.firstname,
    lastname: user.lastname,
    email: user.email,
    timezone: null,
    language: null,
    description: null,
    caller_id: user.callerId,
    outgoing_caller_id: user.outgoingCallerId,
    mobile_phone_number: null,
    username: null,
    password: null,
    music_on_hold: user.musicOnHold,
    preprocess_subroutine: user.preprocessSubroutine,
    userfield: user.userfield,
    call_transfer_enabled: false,
    dtmf_hangup_enabled: false,
    call_record_enabled: false,
    online_call_record_enabled: false,
    supervision_enabled: true,
    ring_seconds: user.ringSeconds,
    simultaneous_calls: user.simultaneousCalls,
    call_permission_password: user.callPermissionPassword,
    subscription_type: 0,
    created_at: new Date(user.createdAtMs).toISOString(),
    enabled: user.enabled,
    lines: user.lines.map((line) => ({
      id: line.id,
      name: line.name,
      endpoint_sip: line.endpointSip,
      endpoint_sccp: null,
      endpoint_custom: null,
      extensions: line.extensions,
    })),
    services: user.services,
    forwards: user.forwards,
    fallbacks: userFallbacksView(user.fallbacks),
    incalls: [],
    groups: [],
    queues: [],
    switchboards: [],
    call_pickup_target_users: [],
    voicemail: null,
    agent: null,
  };
}

/** The data of `user_created`, `user_edited` and `user_deleted`. */
export function userEventData(user: { readonly id: number; readonly uuid: string; readonly tenantUuid: string }): Record<string, unknown> {
  return { id: user.id, uuid: user.uuid, tenant_uuid: user.tenantUuid, subscription_type: 0 };
}

/** A user's fallbacks as Wazo shows them: each case's destination, null for none. */
export function userFallbacksView(fallbacks: UserFallbacks): Record<string, unknown> {
  return Object.fromEntries(USER_FALLBACK_NAMES.map((name) => [`${name}_destination`, fallbacks[name]]));
}
