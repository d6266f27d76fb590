/**
 * The node's native control WebSocket (`/api/control`), built once per node: it outlives
 * restarts of the HTTP service (a uWebSockets.js route cannot be removed, and sessions waiting
 * for a resume must survive), hears every bus event, and resolves tokens through the APIs of the
 * moment. Its commands are the built-in ones, the calld verbs over the call service of the moment,
 * the HA commands over the node's HA control port, agentd's verbs over the contact center, and the
 * registrations (lines with their contacts, trunks with their status), and `calls.migrate` over the
 * call service's move of a call to another node of the cluster.
 */
import {
  agentdCommands, builtInCommands, callDetailsCommands, calldCommands, contactCenterCommands, createControlApi, haCommands, migrateCommands, registrationsCommands, ServiceUnavailableError, trunkCommands,
  type AgentdPort, type CallControlPort, type CallDetailsPort, type CallMigrationPort, type ContactCenterPort, type ControlApi, type HaControlPort, type LineRegistrationsPort, type TenantScope, type TokenResolver, type TrunkStatusPort,
} from '../api/index.ts';
import type { EventBus } from './bus/event-bus.ts';
import type { NodeLogger } from './logging/create-logger.ts';

export interface NodeControlApiOptions {
  readonly bus: EventBus;
  /** The token resolver of the running APIs; undefined while the HTTP service is down. */
  readonly tokens: () => TokenResolver | undefined;
  /** The tenant scope of the running APIs. */
  readonly tenants: () => TenantScope | undefined;
  /** Calls in progress on this node, once the call service runs. */
  readonly activeCallCount: () => number;
  /** The call control of the running call service; undefined while it is down. */
  readonly calls: () => CallControlPort | undefined;
  /** The live call details (worker, codec, loss) of the running call service; undefined while it is down. */
  readonly callDetails?: () => CallDetailsPort | undefined;
  /** The node's HA control port; undefined while the store is down. */
  readonly ha: () => HaControlPort | undefined;
  /** The SIP lines with the registrar's contacts (it answers `unavailable` while the store or SIP is down). */
  readonly lines: LineRegistrationsPort;
  /** The running trunks' status; undefined while the trunk service is down. */
  readonly trunks: () => TrunkStatusPort | undefined;
  /** agentd's verbs over the contact center; undefined while the call service (or its contact center) is down. */
  readonly agentd?: () => AgentdPort | undefined;
  /** Where the contact center runs and its planned move; undefined while the call service (or its contact center) is down. */
  readonly contactCenter?: () => ContactCenterPort | undefined;
  /** The move of calls to other nodes of the cluster, of the running call service. */
  readonly migrations?: () => CallMigrationPort | undefined;
  readonly logger: NodeLogger;
}

export function createNodeControlApi(options: NodeControlApiOptions): ControlApi {
  const log = options.logger.child({ component: 'control-api' });
  return createControlApi({
    tokens: { resolve: (tokenId) => options.tokens()?.resolve(tokenId) ?? Promise.resolve(undefined) },
    tenants: { visibleFrom: (tenantUuid) => options.tenants()?.visibleFrom(tenantUuid) ?? Promise.resolve([tenantUuid]) },
    events: (handler) => options.bus.subscribe([], handler),
    commands: { ...builtInCommands({ now: () => Date.now(), activeCallCount: options.activeCallCount }), ...calldCommands(lazyCallControl(options.calls)), ...callDetailsCommands(lazyCallControl(options.calls), lazyCallDetails(options.callDetails)), ...haCommands(lazyHaControl(options.ha)),
      ...agentdCommands(lazyAgentd(options.agentd ?? (() => undefined))),
      ...contactCenterCommands({ agentd: lazyAgentd(options.agentd ?? (() => undefined)), contactCenter: lazyContactCenter(options.contactCenter ?? (() => undefined)) }), ...registrationsCommands(options.lines), ...trunkCommands({ statuses: () => options.trunks()?.statuses() ?? [] }),
      ...migrateCommands(lazyCallControl(options.calls), { migrate: (callId, node) => options.migrations?.()?.migrate(callId, node) ?? Promise.resolve({ type: 'not-found', message: 'the call service is not running' }) }) },
    onError: (error, context) => log.error({ err: error, context }, 'control API failure'),
  });
}

/** The call control of whichever call service runs now: while none does, no call exists. */
function lazyCallControl(current: () => CallControlPort | undefined): CallControlPort {
  const down = { type: 'not-found' } as const;
  return {
    originate: (request) => current()?.originate(request) ?? Promise.resolve({ type: 'unavailable', message: 'the call service is not running' }),
    listCalls: () => current()?.listCalls() ?? Promise.resolve([]),
    getCall: (callId) => current()?.getCall(callId) ?? Promise.resolve(undefined),
    hangUp: (callId) => current()?.hangUp(callId) ?? down,
    hold: (callId, on) => current()?.hold(callId, on) ?? down,
    mute: (callId, on) => current()?.mute(callId, on) ?? down,
    sendDtmf: (callId, digits) => current()?.sendDtmf(callId, digits) ?? down,
    answer: (callId) => current()?.answer(callId) ?? Promise.resolve(down),
    createTransfer: (request) => current()?.createTransfer(request) ?? Promise.resolve({ type: 'not-found', message: 'the call service is not running' }),
    getTransfer: (transferId) => current()?.getTransfer(transferId),
    transfersOfUser: (userUuid) => current()?.transfersOfUser(userUuid) ?? [],
    completeTransfer: (transferId) => current()?.completeTransfer(transferId) ?? down,
    cancelTransfer: (transferId) => current()?.cancelTransfer(transferId) ?? down,
    createRelocate: (request) => current()?.createRelocate(request) ?? Promise.resolve({ type: 'not-found', message: 'the call service is not running' }),
    relocatesOfUser: (userUuid) => current()?.relocatesOfUser(userUuid) ?? [],
    getRelocate: (relocateUuid) => current()?.getRelocate(relocateUuid),
    completeRelocate: (relocateUuid) => current()?.completeRelocate(relocateUuid) ?? down,
    cancelRelocate: (relocateUuid) => current()?.cancelRelocate(relocateUuid) ?? down,
  };
}

/** The call details of whichever call service runs now: while none does, no channel has any. */
function lazyCallDetails(current: (() => CallDetailsPort | undefined) | undefined): CallDetailsPort {
  return {
    nodeName: () => current?.()?.nodeName() ?? '',
    detailsOf: (callIds) => current?.()?.detailsOf(callIds) ?? Promise.resolve(new Map()),
  };
}

/** The HA control port of the moment: while there is none (the store is down), HA cannot be read or changed. */
function lazyHaControl(current: () => HaControlPort | undefined): HaControlPort {
  const down = () => Promise.reject(new Error('the HA configuration is not available (the store is down)'));
  return {
    configuration: () => current()?.configuration() ?? down(),
    configure: (configuration) => current()?.configure(configuration) ?? down(),
    status: () => current()?.status() ?? down(),
    switchover: (target) => current()?.switchover(target) ?? Promise.resolve({ type: 'refused', reason: 'the HA configuration is not available (the store is down)' }),
    drain: (node) => current()?.drain(node) ?? Promise.resolve({ type: 'refused', reason: 'the HA configuration is not available (the store is down)' }),
    undrain: (node) => current()?.undrain(node) ?? Promise.resolve({ type: 'refused', reason: 'the HA configuration is not available (the store is down)' }),
  };
}

/** agentd of the running call service: while none runs, the contact center is unavailable. */
function lazyAgentd(current: () => AgentdPort | undefined): AgentdPort {
  const port = (): AgentdPort => {
    const running = current();
    if (running === undefined) throw new ServiceUnavailableError('the contact center is not running');
    return running;
  };
  return {
    agents: async (tenantUuids) => port().agents(tenantUuids),
    agent: async (ref, tenantUuids) => port().agent(ref, tenantUuids),
    login: async (ref, tenantUuids, at) => port().login(ref, tenantUuids, at),
    logoff: async (ref, tenantUuids) => port().logoff(ref, tenantUuids),
    pause: async (ref, tenantUuids, reason) => port().pause(ref, tenantUuids, reason),
    unpause: async (ref, tenantUuids) => port().unpause(ref, tenantUuids),
    logoffAll: async (tenantUuids) => port().logoffAll(tenantUuids),
    relogAll: async (tenantUuids) => port().relogAll(tenantUuids),
    queueStatistics: async (tenantUuids, queueId) => port().queueStatistics(tenantUuids, queueId),
    waitingHistory: async (tenantUuids, queueId) => port().waitingHistory(tenantUuids, queueId),
  };
}

/** The contact center's place of the running call service: while none runs, it is unavailable. */
function lazyContactCenter(current: () => ContactCenterPort | undefined): ContactCenterPort {
  const port = (): ContactCenterPort => {
    const running = current();
    if (running === undefined) throw new ServiceUnavailableError('the contact center is not running');
    return running;
  };
  return {
    status: async () => port().status(),
    migrate: async (node) => port().migrate(node),
  };
}
