/**
 * What the call service is given and what it offers: its options (the node's parts it is built on)
 * and its interface to the rest of the node (SIP in, calld, agentd, HA replication, shutdown).
 */
import type { ActorSystem } from '../../actors/index.ts';
import type { Database } from '../../store/index.ts';
import type { DigestAuthenticator, InviteServerSession, OutOfDialogRequestOptions, OutOfDialogResult, Registrar, ResumeResult, SessionSnapshot, StartInviteOptions, StartInviteResult } from '../../transport/index.ts';
import type { MediaEvent, MediaPool } from '../../media-workers/index.ts';
import type { AgentdPort, CallControlPort, CallDetailsPort, ConferenceControlPort, ContactCenterPort } from '../../api/index.ts';
import type { Redis } from 'ioredis';
import type { EventBus } from '../bus/event-bus.ts';
import type { NodeLogger } from '../logging/create-logger.ts';
import type { CallHooksSettings } from '../config/index.ts';
import type { HaRoleSource } from '../ha/ha-role.ts';
import type { TrunkDialTargets } from './outcall-route.ts';
import type { OutboundIdentityPolicy } from './caller-privacy.ts';
import type { TrunkIdentity } from './invite-admission.ts';
import type { CallReplicationSink } from './call-replicas.ts';
import type { CallReplica } from './call-replica.ts';
import type { ResumeOutcome } from './call-resume.ts';
import type { MoveResult } from './call-moves.ts';

export interface CallServiceOptions {
  readonly system: ActorSystem;
  readonly database: Database;
  readonly registrar: Registrar;
  readonly authenticator: DigestAuthenticator;
  readonly mediaPool: MediaPool;
  /** Subscribes to the media pool's events (a prompt's end, DTMF); returns the unsubscription. */
  readonly mediaEvents: (listener: (event: MediaEvent) => void) => () => void;
  /** Where prompts are found (prompt-files.ts). */
  readonly soundsDir: string;
  /** Where voicemail messages are recorded (voicemail-deposit.ts); absent: a call reaching a mailbox ends without a message. */
  readonly voicemailDir?: string;
  /** Where conference rooms record their mix (supervisors/conferences); absent: no conference rooms on this node. */
  readonly conferenceDir?: string;
  readonly rtpPorts: { readonly start: number; readonly end: number };
  /** The IP address written in SDP and bound by the media workers. */
  readonly mediaAddress: string;
  /** The hosts phones register with; the callee's contacts are looked up under each. */
  readonly registrationDomains: readonly string[];
  /** The host of the node's SIP URIs (From of outbound legs). */
  readonly sipHost: string;
  readonly bus: EventBus;
  readonly nodeUuid: string;
  /** Told the trunk whose count of live calls changed. */
  readonly onTrunkCallCount?: (trunkId: number) => void;
  readonly logger: NodeLogger;
  /** The trunk directory, once the trunk service runs (it starts after calls). */
  readonly trunks?: () => TrunkDirectoryPort | undefined;
  /** The preprocess hooks and the reverse lookup of `cluster.config.ts` (call-hooks.ts). */
  readonly callHooks?: CallHooksSettings;
  /** Runs the node's queues and agents (default true). */
  readonly contactCenter?: boolean;
  /**
   * The cluster's Redis: the contact center runs on the one node holding its lease and the others
   * reach it over the bus (contact-center-link.ts). Absent: this node runs it.
   */
  readonly cluster?: { readonly redis: Redis; readonly keyPrefix: string };
  /** The node's HA role: when given, the contact center runs on the HA master instead of on its lease's holder. */
  readonly haRoles?: HaRoleSource;
}

/** What calls need of the trunks: where each sends its INVITEs, and the credentials a provider challenges for. */
export interface TrunkDirectoryPort extends TrunkDialTargets {
  /** The trunk an INVITE comes from (its peer or registrar address), if any. */
  trunkBySource(source: { readonly address: string; readonly port: number }): TrunkIdentity | undefined;
  /** The `host: dynamic` trunk whose endpoint has this digest username, if any. */
  trunkByUsername(username: string): TrunkIdentity | undefined;
  dialTarget(trunkId: number): (ReturnType<TrunkDialTargets['dialTarget']> & { readonly credentials?: { readonly username: string; readonly password: string } | null; readonly identity?: OutboundIdentityPolicy }) | undefined;
}

export interface CallService {
  onInvite(session: InviteServerSession): void;
  /** Gives the service the stack's `startInvite`, `sendOutOfDialog` and `resumeSession`, once the stack exists. */
  attach(startInvite: (options: StartInviteOptions) => StartInviteResult, sendOutOfDialog?: (request: OutOfDialogRequestOptions) => Promise<OutOfDialogResult>, resumeSession?: (snapshot: SessionSnapshot) => ResumeResult | { readonly type: 'error'; readonly detail: string }): void;
  /** Where changes of calls are told for replication (supervisors/ha); undefined stops telling. */
  attachReplication(sink: CallReplicationSink | undefined): void;
  /** The replica of a running call now, and the calls running. */
  replicaOf(callId: string): CallReplica | undefined;
  callIds(): readonly string[];
  /** Carries on a call from its replica (a failover or a switchover) with actors of epoch `epoch`. */
  resume(replica: CallReplica, epoch: number): Promise<ResumeOutcome>;
  /**
   * Stops serving every call without a word to the phones (another node carries them on from their
   * replicas): dialogs let go at once, before the call returns; then actors stopped, media sessions
   * closed, ports freed. Detach replication first, or the replicas are deleted. Resolves with the
   * number of calls let go.
   */
  quiesce(): Promise<number>;
  /**
   * Moves a call of this node to another node of the cluster (call-moves.ts): the target
   * re-INVITEs both parties with its own address, then this node lets the call go without a BYE.
   */
  migrate(callId: string, node: string): Promise<MoveResult>;
  activeCallCount(): number;
  /** The live calls of this node through trunk `trunkId` (in or out). */
  trunkCallCount(trunkId: number): number;
  /** calld's call control over the calls of this node. */
  readonly control: CallControlPort;
  /** The live details of the node's channels (worker, codec, packet loss) for the console's calls view. */
  readonly details: CallDetailsPort;
  /** calld's conference verbs over the rooms of this node, when it has rooms. */
  readonly conferences?: ConferenceControlPort;
  /** agentd's verbs over the node's agents and queues, when it runs a contact center. */
  readonly agentd?: AgentdPort;
  /** Where the contact center runs, and its planned move to another node. */
  readonly contactCenter?: ContactCenterPort;
  /** RTP/RTCP port pairs held by open media sessions (one per leg). */
  rtpPortsInUse(): number;
  /**
   * Ends every call (BYE or CANCEL to each leg, call logs written) and waits up to `withinMs` for
   * them to be gone; resolves with the number of calls still open then. A node going down calls it
   * first, so no phone is left in a call nobody serves.
   */
  hangUpAll(withinMs: number): Promise<number>;
  close(): Promise<void>;
}
