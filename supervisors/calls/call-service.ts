/**
 * The call service: where an INVITE becomes a call. It admits the INVITE (digest, the caller's
 * line), opens the media session, and starts the inbound channel and the call actor, the call as
 * a temporary child of the calls supervisor whose crash hook ends it cleanly.
 *
 * @remarks
 * The composition root of the call path: every port of the call and channel actors is built here
 * from the adapters beside this file. An INVITE without an offer is refused with 488 until
 * offer-in-200 lands (docs/decisions.md D-019).
 */
import { actorAddress, call, channel, initialActorSnapshot, type ActorSnapshot, type SpawnOrigin, type Supervisor } from '../../actors/index.ts';
import { findConferenceForRouting, insertCallLog } from '../../store/index.ts';
import type { InviteServerSession, OutOfDialogRequestOptions, OutOfDialogResult, ResumeResult, SessionSnapshot, StartInviteOptions, StartInviteResult } from '../../transport/index.ts';
import type { MediaSessionId } from '../../media-workers/index.ts';
import { createActiveCalls } from './active-calls.ts';
import { endCrashedCall } from './crashed-call.ts';
import { createCallControl } from './call-control.ts';
import { createCallDetails } from './call-details.ts';
import { createHandoverControl } from './handover-control.ts';
import { originateCall } from './originate-call.ts';
import { callLogRecord } from './call-log-record.ts';
import { createClientLegPort } from './client-leg-port.ts';
import { outboundFrom, outboundIdentityHeaders } from './caller-privacy.ts';
import { admitInvite, type LineIdentity, type TrunkIdentity } from './invite-admission.ts';
import { createMediaPort } from './media-port.ts';
import { createRoutePort, type CallerLine } from './route-port.ts';
import { withRouteHooks, type RouteHookContext } from './call-hooks.ts';
import { admitTrunkCall, dialedNumber, type StartOptions } from './trunk-admission.ts';
import { createHookRunner, reverseLookupOf } from './hook-runner.ts';
import { createRtpPortAllocator } from './rtp-port-allocator.ts';
import { createServerLegPort, logLegDiagnostic } from './server-leg-port.ts';
import { createTrunkCallCounts } from './trunk-call-counts.ts';
import { createVoicemailDeposits } from './voicemail-deposit.ts';
import { createConferenceMixers } from '../conferences/conference-mixers.ts';
import { createConferenceRooms } from '../conferences/conference-rooms.ts';
import { createNodeContactCenter } from '../contact-center/node-contact-center.ts';
import { contactsOf } from './line-contacts.ts';
import { createCallReplicas, type ReplicableSession } from './call-replicas.ts';
import { callsStandDown } from './calls-stand-down.ts';
import { atMostEvery, createCallResumer, type CallResumerContext } from './call-continuity.ts';
import { createNodeCallMoves } from './node-call-moves.ts';

import type { CallService, CallServiceOptions } from './call-service-port.ts';

export type { CallService, CallServiceOptions, TrunkDirectoryPort } from './call-service-port.ts';

/** At most one dialplan load per takeover or move (its calls are taken on close together). */
const DIALPLAN_ON_RESUME_MS = 2_000;

/** Builds the call service and its calls supervisor. */
export async function createCallService(options: CallServiceOptions): Promise<CallService> {
  const { system, logger } = options;
  const log = logger.child({ component: 'calls' });
  const activeCalls = createActiveCalls();
  const callers = new Map<string, number>();
  const trunkCalls = createTrunkCallCounts((trunkId) => options.onTrunkCallCount?.(trunkId));
  let startInvite: ((o: StartInviteOptions) => StartInviteResult) | undefined;
  let sendOutOfDialog: ((request: OutOfDialogRequestOptions) => Promise<OutOfDialogResult>) | undefined;
  let resumeSession: ((snapshot: SessionSnapshot) => ResumeResult | { readonly type: 'error'; readonly detail: string }) | undefined;
  let sequence = 0;
  /**
   * Asterisk-like unique ids, `<epoch seconds>.<sequence>`, for calls and channels (seed CF-33). In
   * a cluster they start with the node's name, as Asterisk's `systemname` prefixes them, so that the
   * contact center (and queue_log) never sees two calls of two nodes under one id.
   */
  const idPrefix = options.cluster === undefined ? '' : `${system.nodeName}-`;
  const newUniqueId = (): string => `${idPrefix}${Math.floor(Date.now() / 1000)}.${++sequence}`;
  const send = (channelId: string, message: channel.ChannelMessage): void => system.send(actorAddress('channel', channelId), message);
  const rtpPorts = createRtpPortAllocator(options.rtpPorts);
  const mediaPort = createMediaPort({
    pool: options.mediaPool,
    allocator: rtpPorts,
    mediaAddress: options.mediaAddress,
    logger: log,
    onReinviteAnswer: (_callId, channelId, answer) => {
      if (answer.type === 'answer') send(channelId, { type: 'channel.reinvite_answer', sdp: answer.sdp });
      else log.warn({ channelId, status: answer.status, reason: answer.reason }, 're-INVITE offer refused');
    },
    onReoffer: (_callId, channelId, offerSdp) => send(channelId, { type: 'channel.update_media', sdp: offerSdp }),
    soundsDir: options.soundsDir,
    onDtmf: (callId, party, digit) => system.send(actorAddress('call', callId), { type: 'call.dtmf', party, digit }),
  });
  const replicas = createCallReplicas({
    nodeName: system.nodeName,
    mediaState: (callId) => mediaPort.replicaOf(callId),
    mediaSession: (sessionId) => options.mediaPool.snapshotOf(sessionId),
    callerUserId: (callId) => callers.get(callId),
    userIds: (callId) => activeCalls.usersOf(callId),
    trunkIds: (callId) => trunkCalls.trunksOf(callId),
    now: () => Date.now(),
  });
  /** Spawns a channel actor whose stable snapshots (and SIP session) feed the call's replica. */
  const spawnChannelActor = async (callId: string, channelId: string, leg: channel.SipLegPort, from: SpawnOrigin<channel.ChannelSnapshot>, side: 'inbound' | 'outbound', session?: ReplicableSession): Promise<void> => {
    replicas.channelStarted(callId, channelId, side, session);
    const spec = channel.channelSpec({
      channelId, leg, from,
      hooks: { onStableTransition: (snapshot) => replicas.channelChanged(snapshot), onDeactivate: () => replicas.channelEnded(channelId) },
    });
    let ref: Awaited<ReturnType<typeof system.spawn<channel.ChannelSnapshot, channel.ChannelMessage, channel.ChannelEffect, object>>> | undefined;
    const started = await channels.startChild({ id: channelId, restart: 'temporary', shutdownMs: 1_000, start: async () => (ref = await system.spawn(spec)) });
    if (started.type === 'error') throw started.code === 'start-failed' ? started.error : new Error(`channel ${channelId}: ${started.code}`);
    if (ref !== undefined) replicas.channelChanged(ref.toSnapshot());
  };
  const deposits = options.voicemailDir === undefined ? undefined : createVoicemailDeposits({
    pool: options.mediaPool, database: options.database, directory: options.voicemailDir, publish: (event) => options.bus.publish(event), nodeUuid: options.nodeUuid, logger: log,
    playFile: (callId, playId, file, onFinished) => mediaPort.playFile(callId, playId, file, onFinished),
  });
  const rooms = options.conferenceDir === undefined ? undefined : await createConferenceRooms({
    system, publish: (event) => options.bus.publish(event), nodeUuid: options.nodeUuid, logger,
    mixers: createConferenceMixers({ pool: options.mediaPool, soundsDir: options.soundsDir, directory: options.conferenceDir, logger: log, language: call.DEFAULT_PROMPT_LANGUAGE }),
    findConference: async (conferenceId) => {
      const row = await findConferenceForRouting(options.database, conferenceId);
      return row === undefined ? undefined : { tenantUuid: row.tenantUuid };
    },
  });
  const contactCenter = options.contactCenter === false ? undefined : await createNodeContactCenter({
    system, bus: options.bus, database: options.database, nodeUuid: options.nodeUuid, logger, ...(options.cluster === undefined ? {} : { cluster: options.cluster }),
    ...(options.haRoles === undefined ? {} : { roles: options.haRoles }),
    contacts: (usernames) => contactsOf({ registrar: options.registrar, registrationDomains: options.registrationDomains, logger: log }, usernames),
    localUserCalls: () => activeCalls.entries(),
  });
  const unsubscribeMedia = options.mediaEvents((event) => {
    mediaPort.onMediaEvent(event);
    deposits?.onMediaEvent(event);
    rooms?.onMediaEvent(event);
  });
  const routePort = createRoutePort({
    trunks: () => options.trunks?.(),
    database: options.database,
    registrar: options.registrar,
    registrationDomains: options.registrationDomains,
    activeCalls: (userId) => activeCalls.count(userId),
    callerOf: (callId) => {
      const userId = callers.get(callId);
      return userId === undefined ? { type: 'external', number: null } : { type: 'user', userId: userId as never };
    },
    logger: log,
    // A feature code's change is published as confd publishes it (its envelope, ACL and tenant).
    publishConfigChange: (tenantUuid, name, routingKey, data) =>
      options.bus.publish({ name, origin_uuid: options.nodeUuid, required_acl: `events.${routingKey}`, tenant_uuid: tenantUuid, data }),
    ...reverseLookupOf(options.callHooks),
    ...(contactCenter === undefined ? {} : { agents: contactCenter.agentd }),
  });
  // A configuration change announced on the bus (by this node's confd, or another node's through
  // Redis) reaches the next call at once; the version read every 250 ms covers writes made elsewhere.
  const unsubscribeConfig = options.bus.subscribe([], (event) => {
    if (event.required_acl?.startsWith('events.config.') === true) routePort.configurationChanged();
  });
  const hookRunner = createHookRunner({ settings: options.callHooks ?? {}, database: options.database, logger: log });
  /** The ring time a DID hook set, for the call's first route. */
  const didRingSeconds = new Map<string, number>();
  const routeHooks: RouteHookContext = {
    runner: hookRunner, caller: (callId) => snapshots.get(callId)?.caller, callerUserId: (callId) => callers.get(callId),
    tenantOfUser: (userUuid) => routePort.tenantOfUser(userUuid), outcallOf: (context, dialed) => routePort.outcallOf(context, dialed), reroute: (request) => routePort.route(request),
  };
  const ports: call.CallPorts = {
    route: async (request) => {
      const ringSeconds = didRingSeconds.get(request.callId);
      didRingSeconds.delete(request.callId);
      const routed = await routePort.route(request);
      const outcome = await withRouteHooks(routeHooks, request, ringSeconds !== undefined && routed.type === 'dial' ? { ...routed, ringSeconds } : routed);
      if (outcome.type === 'dial') activeCalls.add(outcome.user.userId, request.callId);
      return outcome;
    },
    spawnChannel: async (callId, channelId, target) => {
      if (target.trunkId !== undefined) trunkCalls.add(target.trunkId, callId);
      // A trunk's credentials come from the trunk when the leg starts; the call's snapshot only names the trunk.
      const trunk = target.trunkId === undefined ? undefined : options.trunks?.()?.dialTarget(target.trunkId);
      const credentials = trunk?.credentials ?? undefined;
      const leg = createClientLegPort({
        ...(credentials === undefined ? {} : { credentials }),
        startInvite: (invite) => {
          const started = startInvite?.(invite) ?? { type: 'error', code: 'send-failed', detail: 'SIP stack not attached' };
          if (started.type === 'started') replicas.channelSession(channelId, started.session);
          return started;
        },
        from: (caller) => outboundFrom(caller, options.sipHost),
        identityHeaders: (caller) => outboundIdentityHeaders(caller, trunk?.identity, options.sipHost),
        onFact: (fact) => send(channelId, fact),
        onDiagnostic: (diagnostic) => logLegDiagnostic(log, { channelId, diagnostic }, 'outbound leg'),
      });
      await spawnChannelActor(callId, channelId, leg, { type: 'initial', epoch: 1, data: channel.outboundChannel(channelId, actorAddress('call', callId), Date.now()) }, 'outbound');
    },
    media: mediaPort,
    ...(deposits === undefined ? {} : { voicemail: deposits }),
    ...(rooms === undefined ? {} : { conferences: rooms.calls }),
    ...(contactCenter === undefined ? {} : { queues: contactCenter.calls }),
    publish: (name, userUuid, data, requiredAcl) => {
      // The tenant keeps the event from other tenants' sockets (D-042), whatever their ACLs.
      const tenantUuid = userUuid == null ? undefined : routePort.tenantOfUser(userUuid);
      options.bus.publish({ name, origin_uuid: options.nodeUuid, required_acl: requiredAcl ?? `events.calls.${userUuid ?? ''}`, ...(tenantUuid === undefined ? {} : { tenant_uuid: tenantUuid }), data });
    },
    writeCallLog: (entry) => {
      insertCallLog(options.database, callLogRecord(entry)).then(
        (result) => {
          if (result.type === 'error') log.error({ callId: entry.callId, code: result.code }, 'call log refused');
        },
        (error: unknown) => log.error({ callId: entry.callId, err: error }, 'call log not written'),
      );
    },
  };
  /** The channel actors, temporary children, so that a node standing down can stop them without a word to the phones. */
  const channels: Supervisor = await system.startSupervisor({ name: 'channels', strategy: 'oneForOne', maxRestarts: 1_000, withinMs: 1_000 }, []);
  const calls: Supervisor = await system.startSupervisor(
    {
      name: 'calls', strategy: 'oneForOne', maxRestarts: 1_000, withinMs: 1_000,
      onChildCrashed: (_spec, snapshot, error) => {
        log.error({ err: error, callId: snapshot?.id }, 'call crashed: ending it from its last snapshot');
        if (snapshot !== undefined) endCrashedCall(snapshot.data as call.CallSnapshot, ports, send);
      },
    },
    [],
  );


  /**
   * Starts the call actor under the calls supervisor, from fresh data (then tells it to start) or
   * from a replica's snapshot (a call carried on here); false (media released) when it could not.
   */
  const startCall = async (origin: SpawnOrigin<call.CallSnapshot>): Promise<boolean> => {
    const data = origin.type === 'initial' ? origin.data : origin.snapshot.data;
    const { callId } = data;
    const onStableTransition = (snapshot: ActorSnapshot<call.CallSnapshot>): void => {
      if (!running.has(callId)) return;
      snapshots.set(callId, snapshot.data);
      replicas.callChanged(snapshot);
    };
    const started = await calls.startChild({
      id: callId, restart: 'temporary', shutdownMs: 5_000,
      start: () => system.spawn(call.callSpec({ callId, ports, newChannelId: newUniqueId, from: origin, hooks: { onDeactivate: () => forget(callId), onStableTransition } })),
    });
    if (started.type === 'error') {
      mediaPort.release(callId);
      forget(callId);
      return false;
    }
    running.add(callId);
    snapshots.set(callId, data);
    replicas.callChanged(origin.type === 'initial' ? initialActorSnapshot(actorAddress('call', callId), origin.epoch, data) : { ...origin.snapshot, epoch: origin.epoch ?? origin.snapshot.epoch });
    if (origin.type === 'initial') system.send(actorAddress('call', callId), { type: 'call.start' });
    return true;
  };
  const startFresh = (data: call.CallSnapshot): Promise<boolean> => startCall({ type: 'initial', epoch: 1, data });

  const admit = async (session: InviteServerSession): Promise<void> => {
    const trunk = options.trunks?.()?.trunkBySource(session.source);
    if (trunk !== undefined) return admitFromTrunk(session, trunk);
    // The admission looks the caller's line up once; the call reuses that answer.
    let line: CallerLine | undefined;
    const admission = await admitInvite(session.request, {
      authenticator: options.authenticator,
      lookupLine: async (username) => (line = await routePort.callerLine(username)),
      lookupTrunk: (username) => options.trunks?.()?.trunkByUsername(username),
    });
    if (admission.type === 'challenge') return void session.reject(401, { headers: admission.headers });
    if (admission.type === 'forbidden') return void session.reject(403);
    if (admission.type === 'malformed') return void session.reject(400, { reason: admission.reason });
    if (admission.type === 'trunk') return admitFromTrunk(session, admission.trunk);
    await startInbound(session, admission.caller, line);
  };

  const admitFromTrunk = (session: InviteServerSession, trunk: TrunkIdentity): Promise<void> =>
    admitTrunkCall({ routePort, hookRunner, start: (started, admitted, hooked) => startInbound(started, admitted, undefined, hooked) }, session, trunk);

  /** Opens the media of an admitted INVITE and starts its call. */
  const startInbound = async (session: InviteServerSession, admitted: LineIdentity, line: CallerLine | undefined, hooked: StartOptions = {}): Promise<void> => {
    if (session.offer === undefined) return void session.reject(488, { reason: 'an offer is required in the INVITE' });
    const callId = newUniqueId();
    const media = await mediaPort.open(callId, session.offer);
    if (media.type === 'rejected') return void session.reject(media.status, { reason: media.reason });
    if (hooked.trunkId !== undefined) trunkCalls.add(hooked.trunkId, callId);
    if (line !== undefined) {
      callers.set(callId, line.userId);
      activeCalls.add(line.userId, callId);
    }
    // The caller's channel is named like the call, as Asterisk's first channel names its linkedid.
    const callerChannel = callId;
    const callAddress = actorAddress('call', callId);
    // What the caller's phone did while the call was being set up (a CANCEL, say) waits until the
    // channel and the call exist and the call has started, so no fact is lost to a dead letter.
    const early: channel.SipLegFact[] = [];
    let deliver = (fact: channel.SipLegFact): void => void early.push(fact);
    // The ACK confirms the caller's dialog: its replica now carries the session, whatever the channel makes of the fact.
    const onFact = (fact: channel.SipLegFact): void => {
      if (fact.type === 'sip.confirmed') replicas.sessionChanged(callerChannel);
      deliver(fact);
    };
    const leg = createServerLegPort(session, { onFact, onDiagnostic: (diagnostic) => logLegDiagnostic(log, { channelId: callerChannel, diagnostic }, 'inbound leg') });
    await spawnChannelActor(callId, callerChannel, leg, { type: 'initial', epoch: 1, data: channel.inboundChannel(callerChannel, callAddress, Date.now(), session.offer) }, 'inbound', session);
    const caller: call.CallerParty = {
      channelId: callerChannel, name: admitted.name, number: admitted.number, context: admitted.context,
      ...(admitted.userUuid === undefined ? {} : { userUuid: admitted.userUuid }),
      ...(line === undefined ? {} : { lineId: Number(line.lineId) }),
      sipCallId: session.callId,
      ...(line?.musicOnHold === undefined ? {} : { musicOnHold: line.musicOnHold }),
    };
    if (hooked.ringSeconds !== undefined) didRingSeconds.set(callId, hooked.ringSeconds);
    const data = call.newCall(callId, caller, hooked.dialed ?? dialedNumber(session.request.uri), { callerAnswerSdp: media.callerAnswerSdp, calleeOfferSdp: media.calleeOfferSdp }, Date.now());
    if (!(await startFresh(data))) {
      send(callerChannel, { type: 'channel.hangup', cause: channel.CAUSES.congestion });
      return;
    }
    deliver = (fact) => send(callerChannel, fact);
    for (const fact of early.splice(0)) deliver(fact);
  };

  const running = new Set<string>();
  /** The last stable snapshot of each running call, read by call control. */
  const snapshots = new Map<string, call.CallSnapshot>();
  const control = createCallControl({
    system, tenantOfUser: (userUuid) => routePort.tenantOfUser(userUuid), snapshots: () => snapshots.values(),
    handovers: createHandoverControl({ system, snapshots: () => snapshots.values(), routePort }),
    originate: originateCall({
      database: options.database, routePort, mediaPort, newUniqueId,
      start: (data, userId) => {
        callers.set(data.callId, userId);
        activeCalls.add(userId, data.callId);
        return startFresh(data);
      },
    }),
    sendOutOfDialog: (request) => sendOutOfDialog?.(request) ?? Promise.resolve({ type: 'error', code: 'send-failed', detail: 'SIP stack not attached' }),
    sendDtmf: (callId, leg, digits) => {
      options.mediaPool.request({ type: 'leg.dtmf', sessionId: callId as MediaSessionId, leg, digits }).then(
        (reply) => {
          if (reply.type === 'error') log.warn({ callId, leg, code: reply.code, reason: reply.message }, 'DTMF not sent');
        },
        (error: unknown) => log.error({ callId, err: error }, 'DTMF not sent'),
      );
    },
  });
  const forget = (callId: string): void => {
    running.delete(callId);
    snapshots.delete(callId);
    activeCalls.end(callId);
    callers.delete(callId);
    trunkCalls.end(callId);
    didRingSeconds.delete(callId);
    replicas.callEnded(callId);
  };

  const resumer: CallResumerContext = {
    rtpPorts, mediaPool: options.mediaPool, mediaPort, resumeSession: () => resumeSession, spawnChannelActor, send, log,
    bookkeeping: { callers, activeCalls, trunkCalls },
    startCall: (snapshot, epoch) => startCall({ type: 'snapshot', snapshot, epoch }),
    endFromSnapshot: (snapshot) => endCrashedCall(snapshot, ports, send),
    learnTenants: atMostEvery(DIALPLAN_ON_RESUME_MS, () => void routePort.reload()),
  };
  const resume = createCallResumer(resumer);
  const moves = createNodeCallMoves({
    system, resumer, replicas, calls, channels, nodeName: system.nodeName, mediaAddress: options.mediaAddress, mediaPool: options.mediaPool, cluster: options.cluster, log,
    haRoles: options.haRoles, running: (callId) => running.has(callId), releaseMedia: (callId) => mediaPort.release(callId),
    reoffer: (callId, party, channelId) => mediaPort.hold(callId, party, false, channelId, call.DEFAULT_MUSIC_ON_HOLD),
  });

  return {
    onInvite(session) {
      admit(session).catch((error: unknown) => {
        log.error({ err: error }, 'INVITE handling failed');
        session.reject(500);
      });
    },
    attach(start, send, resumeWith) {
      startInvite = start;
      sendOutOfDialog = send;
      resumeSession = resumeWith;
    },
    attachReplication: (sink) => replicas.attach(sink),
    replicaOf: (callId) => replicas.replicaOf(callId),
    callIds: () => replicas.callIds(),
    resume,
    migrate: (callId, node) => moves.migrate(callId, node),
    activeCallCount: () => mediaPort.openCalls(),
    trunkCallCount: (trunkId) => trunkCalls.count(trunkId),
    control,
    details: createCallDetails({ nodeName: system.nodeName, snapshots: () => snapshots.values(), mediaOf: (callId) => mediaPort.replicaOf(callId), pool: options.mediaPool }),
    ...(rooms === undefined ? {} : { conferences: rooms.control }),
    ...(contactCenter === undefined ? {} : { agentd: contactCenter.agentd, contactCenter: contactCenter.mover }),
    rtpPortsInUse: () => rtpPorts.inUse(),
    ...callsStandDown({
      system, running, legs: () => replicas.legsOf(), calls, channels, openMediaCalls: () => mediaPort.openCalls(), releaseMedia: (callId) => mediaPort.release(callId), mediaReleased: () => mediaPort.releasesDone(),
    }),
    async close() {
      unsubscribeMedia();
      unsubscribeConfig();
      await moves.close();
      await calls.stop('shutdown');
      await channels.stop('shutdown');
      await rooms?.close();
      await contactCenter?.close();
    },
  };
}
