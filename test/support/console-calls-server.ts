/**
 * A console server for the calls view's browser test and bench/console-render: the real console files (the `/console` route) and the real
 * control WebSocket with the calld, call-details and HA command registries, over in-memory ports
 * holding as many synthetic live calls as the bench asks. Events are published as the node's bus
 * would (the calld call model as payload).
 */
import type { TemplatedApp, us_listen_socket } from 'uWebSockets.js';
import { builtInCommands, callDetailsCommands, calldCommands, createControlApi, haCommands, loadConsoleAssets, registerConsoleRoute, type CallDetailsPort, type ChannelDetails, type ControlEvent, type TransferRequest } from '../../api/index.ts';
import { loadNativeUws } from '../../transport/index.ts';
import { createFakeCallControl, fakeCall } from './fake-call-control.ts';
import { createFakeHaControl } from './fake-ha-control.ts';
import { TENANT, tokens } from './control-server.ts';

export const BENCH_NODE = 'bench-node';

export interface ConsoleBenchServer {
  /** The console's address (`http://127.0.0.1:<port>/console`). */
  readonly consoleUrl: string;
  /** Replaces the live calls by `count` answered channels `c0` … `c<count-1>`. */
  setCalls(count: number): void;
  /** The calld model of channel `callId` with `fields` changed, as a call_updated event carries it. */
  updated(callId: string, fields: Readonly<Record<string, unknown>>): ControlEvent;
  /** The transfers asked of the call-control port, in order. */
  readonly transferRequests: readonly TransferRequest[];
  /** Ends channel `callId` and answers its call_ended event. */
  ended(callId: string): ControlEvent;
  publish(event: ControlEvent): void;
  stop(): void;
}

const callIdOf = (index: number): string => `c${index}`;

export async function startConsoleBenchServer(): Promise<ConsoleBenchServer> {
  const uws = loadNativeUws();
  const app: TemplatedApp = uws.App();
  const port = createFakeCallControl();
  const details = new Map<string, ChannelDetails>();
  const detailsPort: CallDetailsPort = {
    nodeName: () => BENCH_NODE,
    detailsOf: (callIds) => Promise.resolve(new Map(callIds.flatMap((callId) => {
      const found = details.get(callId);
      return found === undefined ? [] : [[callId, found] as const];
    }))),
  };
  const handlers = new Set<(event: ControlEvent) => void>();
  const api = createControlApi({
    tokens: { resolve: (id) => Promise.resolve(tokens.get(id)) },
    tenants: { visibleFrom: (tenant) => Promise.resolve([tenant]) },
    events: (handler) => {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    commands: { ...builtInCommands({ now: () => Date.now() }), ...calldCommands(port), ...callDetailsCommands(port, detailsPort), ...haCommands(createFakeHaControl()) },
  });
  api.mount(app);
  registerConsoleRoute(app, loadConsoleAssets());
  const listen = await new Promise<us_listen_socket>((resolve, reject) => app.listen('127.0.0.1', 0, (socket) => (socket ? resolve(socket) : reject(new Error('listen')))));
  const createdAt = new Date(Date.now() - 60_000).toISOString().replace('Z', '+0000');

  const modelOf = (index: number) => {
    const { model } = fakeCall({ callId: callIdOf(index), userUuid: null, tenantUuid: TENANT });
    const peer = index % 2 === 0 ? callIdOf(index + 1) : callIdOf(index - 1);
    return {
      ...model, conversation_id: callIdOf(index - (index % 2)), creation_time: createdAt, caller_id_name: `Caller ${index}`, caller_id_number: String(10_000 + index),
      peer_caller_id_name: `Callee ${index}`, peer_caller_id_number: String(20_000 + index), dialed_extension: String(20_000 + index), talking_to: { [peer]: '' },
    };
  };

  return {
    transferRequests: port.transferRequests,
    consoleUrl: `http://127.0.0.1:${uws.us_socket_local_port(listen)}/console`,
    setCalls(count) {
      port.calls.clear();
      details.clear();
      for (let index = 0; index < count; index += 1) {
        port.calls.set(callIdOf(index), { model: modelOf(index), tenantUuid: TENANT });
        details.set(callIdOf(index), { mediaWorker: index % 4, codec: index % 3 === 0 ? 'PCMA' : 'PCMU', packetLossPercent: (index % 7) * 0.25, context: 'default' });
      }
    },
    updated(callId, fields) {
      const call = port.calls.get(callId);
      const model = { ...(call?.model ?? modelOf(0)), ...fields };
      if (call !== undefined) port.calls.set(callId, { ...call, model: model as typeof call.model });
      return { name: 'call_updated', origin_uuid: BENCH_NODE, required_acl: null, tenant_uuid: TENANT, data: model };
    },
    ended(callId) {
      const model = port.calls.get(callId)?.model ?? modelOf(0);
      port.calls.delete(callId);
      details.delete(callId);
      return { name: 'call_ended', origin_uuid: BENCH_NODE, required_acl: null, tenant_uuid: TENANT, data: { ...model, status: 'Down' } };
    },
    publish(event) {
      for (const handler of handlers) handler(event);
    },
    stop() {
      api.close();
      uws.us_listen_socket_close(listen);
    },
  };
}
