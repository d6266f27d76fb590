/**
 * The registrar (RFC 3261 §10.3) and its location service: bindings of addresses of record to
 * contacts, kept in memory or in Redis.
 *
 * @remarks https://www.rfc-editor.org/rfc/rfc3261#section-10
 */
export type { Binding, BindingChange, ExpiredBinding } from './binding.ts';
export type { Clock, LocationStore } from './location-store.ts';
export { createMemoryLocationStore, type MemoryLocationStoreOptions } from './memory-location-store.ts';
export { createRedisLocationStore, type RedisLocationStoreOptions } from './redis-location-store.ts';
export { addressOfRecord } from './address-of-record.ts';
export { sameContactUri, sipUrisEquivalent } from './sip-uri-equivalence.ts';
export { createRegistrar, SUPPORTED_OPTION_TAGS, type Registrar, type RegistrarOptions } from './registrar.ts';
export type { ExpiryPolicy } from './register-contacts.ts';
export type {
  AuthFailureReason,
  RegistrarEvent,
  RegistrationAdded,
  RegistrationAuthFailed,
  RegistrationExpired,
  RegistrationRefreshed,
  RegistrationRemoved,
} from './registrar-events.ts';
