/**
 * The berofos failover switch (seed HA-09, HA-10): its bnfos.conf, its HTTP control binding and
 * what its relays join. A leaf: it imports nothing from the rest of the repository.
 */
export { BEROFOS_ERROR_CODES, BnfosConfigInvalidError, describeProblem } from './errors.ts';
export type { BerofosFailure, BerofosFailureCode, BnfosConfigProblem, BnfosConfigProblemCode } from './errors.ts';
export { MAX_BEROFOS_DEVICES, MAX_BNFOS_CONFIG_BYTES, parseBnfosConfig } from './bnfos-config.ts';
export type { BerofosDevice, BerofosLogin, BnfosConfigResult } from './bnfos-config.ts';
export { readBnfosConfigFile } from './bnfos-config-file.ts';
export { BEROFOS_PARAMETER_NAMES, HA_PARAMETERS, PARAMETER_WIRE, portJoins, portOf, relayModeFor } from './berofos-relays.ts';
export type { BerofosParameterName, BerofosParameters, BerofosPort, NodePort, ParameterWire, PortJoin, RelayMode } from './berofos-relays.ts';
export { formatDump, readDump } from './berofos-dump.ts';
export type { DumpReadResult } from './berofos-dump.ts';
export { createBerofosClient, DEFAULT_REQUEST_TIMEOUT_MS } from './berofos-client.ts';
export type { BerofosClient, BerofosClientOptions, BerofosResult } from './berofos-client.ts';
export { syncBerofos } from './berofos-sync.ts';
export type { SyncReport, SyncRequest } from './berofos-sync.ts';
