/**
 * The store: the configuration database (PostgreSQL, or the embedded PGlite), its migrations and
 * its repositories.
 *
 * @remarks
 * The only entry into `store/` for the rest of the engine; it imports nothing from actors/,
 * api/ or supervisors/.
 */
export type { Database, DatabaseKind, Queryable, QueryResult } from './database.ts';
export { openDatabase, EMBEDDED_DIRECTORY_NAME, type OpenDatabaseOptions } from './open-database.ts';
export { migrate, type AppliedMigration, type MigrationReport } from './migrate.ts';
export { loadMigrations, MIGRATIONS_DIRECTORY, type Migration } from './migration-files.ts';
export {
  STORE_ERROR_CODES,
  StoreError,
  StoreUnavailableError,
  StoreQueryError,
  MigrationFailedError,
  MigrationInvalidError,
  MigrationMismatchError,
  SchemaTooNewError,
  DataDirLockedError,
  InvalidStoreOptionsError,
  DemoConflictError,
  hasStoreErrorCode,
  storeErrorBrand,
  type StoreErrorCode,
} from './errors.ts';
export { STORE_VIOLATION_CODES, type StoreViolation, type StoreViolationCode, type WriteResult } from './write-result.ts';
export { isUuid } from './ids.ts';
export type {
  CallLogId,
  ContextId,
  EndpointSipId,
  ExtensionId,
  LineId,
  MohId,
  MohUuid,
  TenantUuid,
  UserId,
  UserUuid,
} from './ids.ts';
export { createContext, findContext, type ContextRow, type ContextType, type NewContext } from './repositories/contexts.ts';
export { createUser, countUsers, findUserTenants, type NewUser, type UserRow } from './repositories/users.ts';
export { createSipLine, listLines, type LineQuery, type LineRow, type NewSipLine, type SipLineRow } from './repositories/lines.ts';
export { findSipCredentials, findTrunkSipCredentials, SIP_USERNAME_PATTERN, type SipCredentials, type TrunkSipCredentials } from './repositories/sip-credentials.ts';
export { createExtension, type ExtensionRow, type ExtensionType, type NewExtension } from './repositories/extensions.ts';
export { includeContext, type ContextIncludeRow, type NewContextInclude } from './repositories/context-includes.ts';
export { setUserMusicOnHold } from './repositories/user-music-on-hold.ts';
export { readConfigurationVersion } from './repositories/configuration-version.ts';
export {
  findFeatureExtension,
  listFeatureExtensionPage,
  loadFeatureExtensions,
  lockFeatureExtensions,
  updateFeatureExtension,
  type FeatureExtensionOrder,
  type FeatureExtensionRow,
} from './repositories/feature-extensions.ts';
export { createAuthToken, deleteAuthToken, deleteAuthTokensOf, deleteExpiredAuthTokens, findAuthToken, type AuthTokenRow, type NewAuthToken } from './repositories/auth-tokens.ts';
export {
  findUserCallSettings,
  setUserForward,
  setUserService,
  type UserCallSettings,
  type UserForward,
  type UserForwardName,
  type UserService,
  type UserServiceName,
} from './repositories/user-services.ts';
export { findUserFallbacks, setUserFallbacks, USER_FALLBACK_NAMES, type UserFallbackName, type UserFallbacks } from './repositories/user-fallbacks.ts';
export {
  loadDialplan,
  type Dialplan,
  type DialplanContext,
  type DialplanDestination,
  type DialplanExtension,
  type DialplanLine,
  type DialplanUser,
} from './repositories/dialplan.ts';
export {
  createMohClass,
  DEFAULT_MOH_CLASS,
  findMohClass,
  listMohClasses,
  type MohClassRow,
  type MohMode,
  type MohPlayOrder,
  type NewMohClass,
} from './repositories/moh-classes.ts';
export type {
  CallDirection,
  CallLogInsert,
  CallLogParticipant,
  CallLogParticipantRole,
  CallLogParties,
  CallLogRow,
  NewCallLog,
} from './repositories/call-log.ts';
export { insertCallLog } from './repositories/call-log-insert.ts';
export {
  CALL_LOG_LIST_DEFAULT_LIMIT,
  CALL_LOG_LIST_MAX_LIMIT,
  findCallLog,
  findCallLogById,
  listCallLogs,
  type CallLogOrder,
  type CallLogPage,
  type CallLogQuery,
} from './repositories/call-log-queries.ts';
export {
  CALL_LOG_TAG_MAX_LENGTH,
  CALL_LOG_TAGS_MAX_COUNT,
  CALL_LOG_TEXT_MAX_LENGTH,
  splitUserfield,
  toCallLogText,
} from './repositories/call-log-text.ts';
export {
  associateLineExtension,
  associateUserLine,
  dissociateLineExtension,
  dissociateUserLine,
  type LineExtensionRow,
  type UserLineRow,
} from './repositories/associations.ts';
export {
  ensureDemoConfiguration,
  DEMO_CONTEXT,
  DEMO_NUMBERS,
  type DemoConfigurationResult,
  type DemoCredentials,
} from './demo-configuration.ts';
export {
  createMigratedTestDatabase,
  createTestDatabase,
  TEST_DATABASE_KINDS,
  TEST_POSTGRES_URL,
  type TestDatabase,
} from './test-database.ts';
export { expectWritten } from './expect-written.ts';
export {
  authUserExists,
  createAuthUser,
  deleteAuthUser,
  findAuthUser,
  findAuthUserCredentials,
  findAuthUserPasswordHash,
  listAuthUsers,
  setAuthUserPasswordHash,
  updateAuthUser,
  type AuthUserChanges,
  type AuthUserCredentials,
  type AuthUserOrder,
  type AuthUserPurpose,
  type AuthUserRow,
  type NewAuthUser,
} from './repositories/auth-users.ts';
export {
  attachUserPolicy,
  BUILT_IN_POLICIES,
  createAuthPolicy,
  deleteAuthPolicy,
  detachUserPolicy,
  findAuthPolicy,
  findBuiltInPolicy,
  listAuthPolicies,
  listUserPolicies,
  updateAuthPolicy,
  type AuthPolicyChanges,
  type AuthPolicyOrder,
  type AuthPolicyRow,
  type NewAuthPolicy,
} from './repositories/auth-policies.ts';
export { createTenant, deleteTenant, findRootTenant, findTenant, listTenants, renameTenant, tenantSubtree, type TenantOrder, type TenantRow } from './repositories/tenants.ts';
export { deleteRefreshToken, ensureRefreshToken, findRefreshToken, listRefreshTokens, type RefreshTokenRow } from './repositories/refresh-tokens.ts';
export type { Page, PageQuery } from './repositories/list-page.ts';
export { findAuthTemplateVariables, type AuthTemplateVariables } from './repositories/auth-variables.ts';
export { listUserPage, findUserDetail, updateUserDetail, deleteUserDetail, type UserChanges, type UserDetailRow, type UserOrder } from './repositories/user-admin.ts';
export {
  associateLineEndpointSip,
  createLine,
  deleteLineDetail,
  dissociateLineEndpointSip,
  findLineDetail,
  listLinePage,
  updateLineDetail,
  type LineChanges,
  type LineDetailRow,
  type LineOrder,
  type NewLine,
} from './repositories/line-admin.ts';
export {
  createEndpointSip,
  deleteEndpointSip,
  findEndpointSip,
  listEndpointSipPage,
  updateEndpointSip,
  type EndpointSipChanges,
  type EndpointSipOrder,
  type EndpointSipRow,
  type EndpointSipType,
  type NewEndpointSip,
} from './repositories/endpoint-sip-admin.ts';
export {
  deleteExtensionDetail,
  findExtensionDetail,
  listExtensionPage,
  updateExtensionDetail,
  type ExtensionChanges,
  type ExtensionDetailRow,
  type ExtensionOrder,
} from './repositories/extension-admin.ts';
export { deleteContextById, findContextById, listContextPage, updateContextById, type ContextChanges, type ContextOrder } from './repositories/context-admin.ts';
export {
  associateIncallExtension,
  createIncall,
  deleteIncall,
  dissociateIncallExtension,
  findIncall,
  listIncallPage,
  setIncallSchedule,
  updateIncall,
  type CallerIdMode,
  type IncallFields,
  type IncallOrder,
  type IncallRow,
  type StoredDestination,
} from './repositories/incalls.ts';
export {
  associateOutcallCallPermission,
  associateOutcallExtension,
  createOutcall,
  deleteOutcall,
  dissociateOutcallCallPermission,
  dissociateOutcallExtension,
  findOutcall,
  listOutcallPage,
  setOutcallSchedule,
  setOutcallTrunks,
  updateOutcall,
  type OutcallExtensionRow,
  type OutcallExtensionSettings,
  type OutcallFields,
  type OutcallOrder,
  type OutcallRow,
} from './repositories/outcalls.ts';
export {
  associateUserCallPermission,
  createCallPermission,
  deleteCallPermission,
  dissociateUserCallPermission,
  findCallPermission,
  listCallPermissionPage,
  listUserCallPermissions,
  updateCallPermission,
  type CallPermissionFields,
  type CallPermissionMode,
  type CallPermissionOrder,
  type CallPermissionRow,
} from './repositories/call-permissions.ts';
export {
  createSchedule,
  deleteSchedule,
  findSchedule,
  listSchedulePage,
  setUserSchedule,
  updateSchedule,
  type ScheduleFields,
  type ScheduleOrder,
  type ScheduleRow,
  type StoredPeriod,
} from './repositories/schedules.ts';
export {
  createCallerIdRule,
  deleteBlacklistEntry,
  deleteCallerIdRule,
  listBlacklist,
  listCallerIdRules,
  putBlacklistEntry,
  type BlacklistEntry,
  type CallerIdRuleRow,
} from './repositories/caller-id-rules.ts';
export { loadRoutingObjects, type RoutingObjectsSnapshot } from './repositories/routing-snapshot.ts';
export { loadPreprocessSubroutines, type PreprocessSubroutines } from './repositories/preprocess-subroutines.ts';
export {
  createIvr,
  deleteIvr,
  findIvr,
  listIvrPage,
  updateIvr,
  type IvrChanges,
  type IvrChoiceRow,
  type IvrOrder,
  type IvrRow,
  type NewIvr,
} from './repositories/ivrs.ts';
export { associateIvrExtension, dissociateIvrExtension, freeIvrExtensions, ivrExtensionIds } from './repositories/ivr-extensions.ts';
export {
  associateGroupCallPermission,
  associateGroupExtension,
  createGroup,
  deleteGroup,
  dissociateGroupCallPermission,
  dissociateGroupExtension,
  findGroup,
  listGroupPage,
  loadGroupRouting,
  setGroupFallback,
  setGroupMembers,
  setGroupSchedule,
  updateGroup,
  type GroupFields,
  type GroupMemberRow,
  type GroupOrder,
  type GroupRoutingRow,
  type GroupRow,
  type RingStrategy,
} from './repositories/groups.ts';
export {
  associateConferenceExtension,
  createConference,
  deleteConference,
  dissociateConferenceExtension,
  existingConferenceIds,
  findConference,
  findConferenceForRouting,
  listConferencePage,
  updateConference,
  type ConferenceFields,
  type ConferenceOrder,
  type ConferenceRow,
} from './repositories/conferences.ts';
export {
  associateTrunkEndpointSip,
  associateTrunkRegisterSip,
  createTrunk,
  deleteTrunk,
  dissociateTrunkEndpointSip,
  dissociateTrunkRegisterSip,
  findTrunk,
  listTrunkPage,
  updateTrunk,
  type NewTrunk,
  type OutgoingCallerIdFormat,
  type TrunkChanges,
  type TrunkOrder,
  type TrunkRow,
} from './repositories/trunk-admin.ts';
export {
  createRegisterSip,
  deleteRegisterSip,
  findRegisterSip,
  listRegisterSipPage,
  updateRegisterSip,
  type NewRegisterSip,
  type RegisterSipChanges,
  type RegisterSipFields,
  type RegisterSipOrder,
  type RegisterSipRow,
  type RegisterTransport,
} from './repositories/register-sip-admin.ts';
export { loadTrunkRuntime, type TrunkRuntimeRow } from './repositories/trunk-runtime.ts';
export {
  findHaNode, haEnabledOnAnyNode, listHaNodes, lockHaNodes, recordHaNodeAddress, saveHaNode,
  type HaNodeConfiguration, type HaNodeRow, type HaNodeType,
} from './repositories/ha-nodes.ts';
export {
  DEFAULT_REGISTRAR_ID, ensureDefaultRegistrar, findRegistrar, listRegistrarPage, updateRegistrar,
  type RegistrarChanges, type RegistrarFields, type RegistrarOrder, type RegistrarRow,
} from './repositories/registrars.ts';
export {
  associateUserVoicemail,
  createVoicemail,
  deleteVoicemail,
  dissociateUserVoicemail,
  findEnabledVoicemail,
  findEnabledVoicemailByNumber,
  findUserVoicemail,
  findVoicemail,
  listVoicemailPage,
  updateVoicemail,
  type VoicemailFields,
  type VoicemailOrder,
  type VoicemailRow,
} from './repositories/voicemails.ts';
export {
  deleteVoicemailMessage,
  findVoicemailMessage,
  insertVoicemailMessage,
  countVoicemailMessages,
  findMailboxOfSipUsername,
  listVoicemailMessages,
  moveVoicemailMessage,
  type NewVoicemailMessage,
  type VoicemailFolder,
  type VoicemailMessageRow,
} from './repositories/voicemail-messages.ts';
export {
  associateQueueExtension,
  createQueue,
  deleteQueue,
  dissociateQueueExtension,
  findQueue,
  listQueuePage,
  putQueueMember,
  removeQueueMember,
  setQueueFallbacks,
  setQueueSchedule,
  findQueueForRouting,
  updateQueue,
  type QueueFallbackName,
  type QueueFallbacks,
  type QueueFields,
  type QueueMemberRow,
  type QueueOrder,
  type QueueRow,
} from './repositories/queues.ts';
export { createAgent, deleteAgent, findAgent, findAgentByNumber, listAgentPage, putAgentSkill, removeAgentSkill, updateAgent, type AgentFields, type AgentOrder, type AgentRow } from './repositories/agents.ts';
export {
  createSkill,
  createSkillRule,
  deleteSkill,
  deleteSkillRule,
  findSkill,
  findSkillRule,
  listSkillPage,
  listSkillRulePage,
  updateSkill,
  updateSkillRule,
  type SkillFields,
  type SkillOrder,
  type SkillRow,
  type SkillRuleFields,
  type SkillRuleOrder,
  type SkillRuleRow,
} from './repositories/skills.ts';
export {
  readQueueStatistics,
  rebuildQueueStatistics,
  writeQueueLogRows,
  type QueueLogFold,
  type StoredCallOnQueue,
  type StoredQueueLogRow,
  type StoredQueuePeriod,
} from './repositories/queue-log.ts';
export { loadContactCenterRows, queueHourCounts, queueWaits, type QueueHourCounts, type QueueWaitRow } from './repositories/contact-center.ts';
