import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SipRequest } from '../message/index.ts';
import { getHeader, getHeaders } from '../message/index.ts';
import type { Dialog } from './dialog.ts';
import { createRequestInDialog, type InDialogRequestOptions } from './request-in-dialog.ts';

function dialog(fields: Partial<Dialog> = {}): Dialog {
  return {
    id: { callId: 'call-1@u1.example.com', localTag: '9fxced76sl', remoteTag: '314159' },
    role: 'uac',
    state: 'confirmed',
    localSequence: 1,
    localAddress: { displayName: 'Caller', uri: 'sip:caller@example.com', params: {} },
    remoteAddress: { displayName: 'Callee', uri: 'sip:callee@domain.com', params: {} },
    remoteTarget: 'sip:callee@u2.domain.com',
    routeSet: [],
    secure: false,
    ownsCallId: true,
    pendingInvites: {},
    ...fields,
  };
}

function build(state: Dialog, method: string, options: InDialogRequestOptions = {}): { dialog: Dialog; request: SipRequest } {
  const result = createRequestInDialog(state, method, options);
  if (result.type !== 'ok') throw new Error(result.detail);
  return result;
}

function refusal(state: Dialog, method: string, options: InDialogRequestOptions = {}): string {
  const result = createRequestInDialog(state, method, options);
  return result.type === 'error' ? result.code : 'built';
}

describe('createRequestInDialog (RFC 3261 §12.2.1.1)', () => {
  describe('Request-URI and Route', () => {
    it('with an empty route set, MUST address the remote target and add no Route', () => {
      const { request } = build(dialog(), 'BYE');
      assert.deepEqual([request.uri, getHeaders(request, 'route')], ['sip:callee@u2.domain.com', []]);
    });

    it('with a loose first route, MUST address the remote target and carry the route set in order', () => {
      const { request } = build(dialog({ routeSet: ['sip:p1.example.com;lr', 'sip:p2.domain.com;lr'] }), 'BYE');
      assert.deepEqual([request.uri, getHeaders(request, 'route')], ['sip:callee@u2.domain.com', ['<sip:p1.example.com;lr>', '<sip:p2.domain.com;lr>']]);
    });

    it('with a strict first route, MUST address it and put the remote target last in Route', () => {
      const routeSet = ['sip:proxy1', 'sip:proxy2', 'sip:proxy3;lr', 'sip:proxy4'];
      const { request } = build(dialog({ routeSet, remoteTarget: 'sip:user@remoteua' }), 'BYE');
      assert.equal(request.uri, 'sip:proxy1');
      assert.deepEqual(getHeaders(request, 'route'), ['<sip:proxy2>', '<sip:proxy3;lr>', '<sip:proxy4>', '<sip:user@remoteua>']);
    });

    it('with a strict first route, MUST strip the parameters a Request-URI may not carry', () => {
      const { request } = build(dialog({ routeSet: ['sip:proxy1;transport=tcp;method=INVITE?subject=x'] }), 'BYE');
      assert.equal(request.uri, 'sip:proxy1;transport=tcp');
    });
  });

  describe('headers', () => {
    it('MUST put the remote URI and tag in To, the local URI and tag in From, and the Call-ID of the dialog', () => {
      const { request } = build(dialog(), 'INFO');
      assert.deepEqual(
        [getHeader(request, 'to'), getHeader(request, 'from'), getHeader(request, 'call-id')],
        ['"Callee" <sip:callee@domain.com>;tag=314159', '"Caller" <sip:caller@example.com>;tag=9fxced76sl', 'call-1@u1.example.com'],
      );
    });

    it('MUST omit the tag parameter when the remote tag is null', () => {
      const { request } = build(dialog({ id: { callId: 'c', localTag: 'a', remoteTag: '' } }), 'INFO');
      assert.equal(getHeader(request, 'to'), '"Callee" <sip:callee@domain.com>');
    });

    it('MUST put the given Via first and the given Contact in', () => {
      const { request } = build(dialog(), 'INVITE', { via: 'SIP/2.0/UDP u1.example.com;branch=z9hG4bKnew', contact: '<sip:caller@u1.example.com>' });
      assert.deepEqual([Object.keys(request.headers)[0], getHeader(request, 'contact')], ['via', '<sip:caller@u1.example.com>']);
    });
  });

  describe('CSeq', () => {
    it('MUST increment the local sequence number by one', () => {
      const { request, dialog: next } = build(dialog({ localSequence: 41 }), 'INFO');
      assert.deepEqual([getHeader(request, 'cseq'), next.localSequence], ['42 INFO', 42]);
    });

    it('MUST start an empty local sequence at the initial value given', () => {
      const { localSequence: _none, ...uasDialog } = dialog({ role: 'uas', remoteSequence: 7 });
      const { request } = build(uasDialog, 'BYE', { initialSequence: 9000 });
      assert.equal(getHeader(request, 'cseq'), '9000 BYE');
    });

    it('MUST give an ACK the CSeq number of its INVITE and leave the local sequence alone', () => {
      const { request, dialog: next } = build(dialog({ localSequence: 5 }), 'ACK', { ackOf: 5 });
      assert.deepEqual([getHeader(request, 'cseq'), next.localSequence], ['5 ACK', 5]);
    });

    it('MUST refuse to go past the largest CSeq number', () => {
      assert.equal(refusal(dialog({ localSequence: 0xffff_ffff }), 'INFO'), 'sequence-exhausted');
    });
  });

  describe('refusals', () => {
    it('MUST refuse CANCEL, which copies the request it cancels', () => {
      assert.equal(refusal(dialog(), 'CANCEL'), 'not-a-dialog-request');
    });

    it('MUST refuse an INVITE while another INVITE transaction is in progress (§14.1)', () => {
      assert.equal(refusal(dialog({ pendingInvites: { remote: 3 } }), 'INVITE'), 'invite-in-progress');
    });

    it('MUST record a re-INVITE as in progress', () => {
      assert.deepEqual(build(dialog({ localSequence: 2 }), 'INVITE').dialog.pendingInvites, { local: 3 });
    });

    it('MUST refuse a BYE from the callee on an early dialog (§15)', () => {
      assert.equal(refusal(dialog({ role: 'uas', state: 'early' }), 'BYE'), 'not-a-dialog-request');
    });

    it('MUST refuse a non-SIPS Contact on a secure dialog', () => {
      assert.equal(refusal(dialog({ secure: true }), 'INVITE', { contact: '<sip:caller@u1.example.com>' }), 'contact-not-sips');
    });

    it('MUST refuse any request on a terminated dialog', () => {
      assert.equal(refusal(dialog({ state: 'terminated' }), 'BYE'), 'dialog-terminated');
    });
  });
});
