/**
 * What a trunk does towards its peer outside calls: the outbound registration (REGISTER with
 * digest, refresh, backoff, removal) and the qualify probes (OPTIONS), each a pure machine with a
 * thin shell on the transaction layer.
 */
export {
  DEFAULT_REGISTRATION_POLICY,
  INITIAL_REGISTRATION_STATE,
  isRegistered,
  retryDelayMs,
  stepRegistration,
  type RegistrationChallenge,
  type RegistrationEffect,
  type RegistrationEvent,
  type RegistrationFailure,
  type RegistrationPolicy,
  type RegistrationState,
  type RegistrationStep,
} from './registration-machine.ts';
export { createRegistrationClient, type RegistrationClient, type RegistrationClientOptions } from './registration-client.ts';
export {
  DEFAULT_QUALIFY_POLICY,
  INITIAL_QUALIFY_STATE,
  stepQualify,
  type QualifyEffect,
  type QualifyEvent,
  type QualifyPolicy,
  type QualifyState,
  type Reachability,
} from './qualify-machine.ts';
export { createQualifyClient, type QualifyClient, type QualifyClientOptions } from './qualify-client.ts';
export { createSystemClock, type SipClock, type TransactionLayer } from '../transactions/index.ts';
