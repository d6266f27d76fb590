/**
 * An in-memory call-control port for the handler tests of calld's routes and commands: channels
 * placed by the test, transfers and relocates kept in maps with the rules the engine answers by
 * (a call of another tenant is not found, another user's call forbidden, a second transfer or
 * relocate from the same initiator call a conflict), and every request recorded.
 */
import type {
  ActiveCall, CallControlPort, CallControlResult, RelocateModel, RelocateRequest, RelocateResult, TransferModel, TransferRequest, TransferResult,
} from '../../api/index.ts';

export interface FakeCallControl extends CallControlPort {
  readonly calls: Map<string, ActiveCall>;
  readonly transfers: Map<string, { readonly transfer: TransferModel; readonly tenantUuid: string | null }>;
  readonly relocates: Map<string, RelocateModel>;
  readonly transferRequests: TransferRequest[];
  readonly relocateRequests: RelocateRequest[];
  /** The verbs run, as `completeTransfer t1`. */
  readonly verbsRun: string[];
  /** What the next transfer or relocate verb answers instead of its own result (then cleared). */
  nextVerbResult: CallControlResult | undefined;
}

export interface FakeCallOptions {
  readonly callId: string;
  readonly userUuid: string | null;
  readonly tenantUuid: string | null;
  /** The channels it talks to, with their users. */
  readonly talkingTo?: Readonly<Record<string, string>>;
}

/** One answered channel in the calld call model. */
export function fakeCall(options: FakeCallOptions): ActiveCall {
  return {
    tenantUuid: options.tenantUuid,
    model: {
      call_id: options.callId, conversation_id: `conversation-${options.callId}`, bridges: [], caller_id_name: '', caller_id_number: '',
      peer_caller_id_name: '', peer_caller_id_number: '', creation_time: '2026-01-01T00:00:00.000Z', answer_time: '2026-01-01T00:00:01.000Z',
      hangup_time: null, status: 'Up', on_hold: false, muted: false, record_state: 'inactive', talking_to: options.talkingTo ?? {},
      user_uuid: options.userUuid, line_id: null, is_caller: true, is_video: false, dialed_extension: '', sip_call_id: null, direction: 'internal', parked: false,
    },
  };
}

export function createFakeCallControl(): FakeCallControl {
  const calls = new Map<string, ActiveCall>();
  const transfers: FakeCallControl['transfers'] = new Map();
  const relocates = new Map<string, RelocateModel>();
  const transferRequests: TransferRequest[] = [];
  const relocateRequests: RelocateRequest[] = [];
  const verbsRun: string[] = [];
  let counter = 0;
  const callIn = (callId: string, tenants: readonly string[]) => {
    const found = calls.get(callId);
    return found !== undefined && found.tenantUuid !== null && tenants.includes(found.tenantUuid) ? found : undefined;
  };
  const callVerb = (callId: string): CallControlResult => (calls.has(callId) ? { type: 'done' } : { type: 'not-found' });
  const fake: FakeCallControl = {
    calls, transfers, relocates, transferRequests, relocateRequests, verbsRun, nextVerbResult: undefined,
    originate: () => Promise.resolve({ type: 'unavailable', message: 'the fake does not originate' }),
    listCalls: () => Promise.resolve([...calls.values()]),
    getCall: (callId) => Promise.resolve(calls.get(callId)),
    hangUp: callVerb, hold: callVerb, mute: callVerb, sendDtmf: callVerb, answer: (callId) => Promise.resolve(callVerb(callId)),
    createTransfer(request) {
      transferRequests.push(request);
      return Promise.resolve(createTransfer(request));
    },
    getTransfer: (transferId) => transfers.get(transferId),
    transfersOfUser: (userUuid) => [...transfers.values()].map((entry) => entry.transfer).filter((transfer) => transfer.initiator_uuid === userUuid),
    completeTransfer: (transferId) => handoverVerb(`completeTransfer ${transferId}`, transfers.has(transferId)),
    cancelTransfer: (transferId) => handoverVerb(`cancelTransfer ${transferId}`, transfers.delete(transferId)),
    createRelocate(request) {
      relocateRequests.push(request);
      return Promise.resolve(createRelocate(request));
    },
    relocatesOfUser: (userUuid) => [...relocates.values()].filter((relocate) => relocate.initiator === userUuid),
    getRelocate: (relocateUuid) => relocates.get(relocateUuid),
    completeRelocate: (relocateUuid) => handoverVerb(`completeRelocate ${relocateUuid}`, relocates.has(relocateUuid)),
    cancelRelocate: (relocateUuid) => handoverVerb(`cancelRelocate ${relocateUuid}`, relocates.delete(relocateUuid)),
  };

  function handoverVerb(verb: string, found: boolean): CallControlResult {
    verbsRun.push(verb);
    const forced = fake.nextVerbResult;
    fake.nextVerbResult = undefined;
    return forced ?? (found ? { type: 'done' } : { type: 'not-found' });
  }

  function createTransfer(request: TransferRequest): TransferResult {
    const initiator = callIn(request.initiatorCall, request.tenantUuids);
    if (initiator === undefined || callIn(request.transferredCall, request.tenantUuids) === undefined) return { type: 'not-found', message: 'channel not found' };
    if (request.userUuid !== undefined && initiator.model.user_uuid !== request.userUuid) return { type: 'forbidden', message: 'another user\'s call' };
    if ([...transfers.values()].some((entry) => entry.transfer.initiator_call === request.initiatorCall)) return { type: 'conflict', message: `transfer already started from ${request.initiatorCall}` };
    counter += 1;
    const transfer: TransferModel = {
      id: `transfer-${counter}`, initiator_uuid: initiator.model.user_uuid, initiator_tenant_uuid: initiator.tenantUuid,
      transferred_call: request.transferredCall, initiator_call: request.initiatorCall, recipient_call: `recipient-${counter}`,
      status: request.flow === 'blind' ? 'blind_transferred' : 'ringback', flow: request.flow,
    };
    transfers.set(transfer.id, { transfer, tenantUuid: initiator.tenantUuid });
    return { type: 'created', transfer };
  }

  function createRelocate(request: RelocateRequest): RelocateResult {
    const initiator = callIn(request.initiatorCall, request.tenantUuids);
    if (initiator === undefined) return { type: 'not-found', message: 'initiator call not found' };
    if (initiator.model.user_uuid !== request.userUuid) return { type: 'forbidden', message: 'another user\'s call' };
    const [relocated] = Object.keys(initiator.model.talking_to);
    if (relocated === undefined) return { type: 'invalid', message: 'relocated channel not found' };
    if ([...relocates.values()].some((relocate) => relocate.initiator_call === request.initiatorCall)) return { type: 'conflict', message: `relocate already started from ${request.initiatorCall}` };
    counter += 1;
    const relocate: RelocateModel = {
      uuid: `relocate-${counter}`, relocated_call: relocated, initiator_call: request.initiatorCall, recipient_call: null,
      completions: request.completions, initiator: request.userUuid,
    };
    relocates.set(relocate.uuid, relocate);
    return { type: 'created', relocate };
  }

  return fake;
}
