import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createUasDialog } from './create-dialog.ts';
import type { Dialog } from './dialog.ts';
import { receiveRequestInDialog, respondInDialog, type InDialogRequestVerdict } from './receive-in-dialog.ts';
import { buildAnswer, buildInvite, buildPeerRequest } from './testing/dialog-messages.ts';

const options = { random: () => 0.5 };

function confirmedUas(cseq = 10): Dialog {
  const invite = buildInvite({ cseq });
  const created = createUasDialog(invite, buildAnswer(invite, 200), { overTls: false });
  if (created.type !== 'ok') throw new Error(created.detail);
  return created.dialog;
}

function accepted(verdict: InDialogRequestVerdict): Dialog {
  if (verdict.type !== 'accepted') throw new Error(`rejected ${String(verdict.status)}`);
  return verdict.dialog;
}

describe('receiveRequestInDialog (RFC 3261 §12.2.2)', () => {
  it('MUST reject a request with a lower CSeq with 500 and change nothing', () => {
    const dialog = confirmedUas(10);
    const verdict = receiveRequestInDialog(dialog, buildPeerRequest('INFO', 9), options);
    assert.deepEqual(verdict, { type: 'rejected', status: 500, reason: 'Server Internal Error' });
  });

  it('MUST accept a CSeq more than one above the last one and remember it', () => {
    const dialog = accepted(receiveRequestInDialog(confirmedUas(10), buildPeerRequest('INFO', 15), options));
    assert.equal(dialog.remoteSequence, 15);
  });

  it('MUST set an empty remote sequence from the first request', () => {
    const { remoteSequence: _empty, ...rest } = confirmedUas();
    const dialog = accepted(receiveRequestInDialog({ ...rest, role: 'uac' }, buildPeerRequest('BYE', 77), options));
    assert.equal(dialog.remoteSequence, 77);
  });

  it('MUST replace the remote target with the Contact of a target refresh request', () => {
    const reInvite = buildPeerRequest('INVITE', 11, { contact: ['<sip:caller@new.example.com>'] });
    assert.equal(accepted(receiveRequestInDialog(confirmedUas(10), reInvite, options)).remoteTarget, 'sip:caller@new.example.com');
  });

  it('MUST NOT change the remote target on a request that is not a target refresh', () => {
    const info = buildPeerRequest('INFO', 11, { contact: ['<sip:caller@new.example.com>'] });
    assert.equal(accepted(receiveRequestInDialog(confirmedUas(10), info, options)).remoteTarget, 'sip:caller@u1.example.com');
  });

  it('MUST accept an ACK without applying the CSeq rules', () => {
    assert.equal(receiveRequestInDialog(confirmedUas(10), buildPeerRequest('ACK', 10), options).type, 'accepted');
  });

  describe('INVITE glare (§14.2)', () => {
    it('MUST answer 491 to an INVITE received while our INVITE is in progress', () => {
      const dialog = { ...confirmedUas(10), pendingInvites: { local: 1 } };
      const verdict = receiveRequestInDialog(dialog, buildPeerRequest('INVITE', 11), options);
      assert.deepEqual(verdict, { type: 'rejected', status: 491, reason: 'Request Pending' });
    });

    it('MUST answer 500 with a Retry-After of 0 to 10 s to a second INVITE before the first was answered', () => {
      const first = accepted(receiveRequestInDialog(confirmedUas(10), buildPeerRequest('INVITE', 11), options));
      const verdict = receiveRequestInDialog(first, buildPeerRequest('INVITE', 12), { random: () => 0.999 });
      assert.deepEqual(verdict, { type: 'rejected', status: 500, reason: 'Server Internal Error', retryAfterSeconds: 10 });
    });

    it('MUST accept a new INVITE once the previous one was answered', () => {
      const reInvite = buildPeerRequest('INVITE', 11);
      const first = accepted(receiveRequestInDialog(confirmedUas(10), reInvite, options));
      const answered = respondInDialog(first, reInvite, buildAnswer(reInvite, 200));
      assert.equal(receiveRequestInDialog(answered, buildPeerRequest('INVITE', 12), options).type, 'accepted');
    });
  });
});

describe('respondInDialog', () => {
  it('MUST confirm the early dialog when we send a 2xx to the INVITE that created it', () => {
    const invite = buildInvite();
    const created = createUasDialog(invite, buildAnswer(invite, 180), { overTls: false });
    if (created.type !== 'ok') throw new Error(created.detail);
    assert.equal(respondInDialog(created.dialog, invite, buildAnswer(invite, 200)).state, 'confirmed');
  });

  it('MUST terminate the early dialog when we send a non-2xx final response to that INVITE', () => {
    const invite = buildInvite();
    const created = createUasDialog(invite, buildAnswer(invite, 183), { overTls: false });
    if (created.type !== 'ok') throw new Error(created.detail);
    assert.equal(respondInDialog(created.dialog, invite, buildAnswer(invite, 486)).state, 'terminated');
  });
});
