import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createUacDialog, createUasDialog } from './create-dialog.ts';
import type { Dialog } from './dialog.ts';
import { buildAnswer, buildInvite } from './testing/dialog-messages.ts';

const recordRoute = ['<sip:p2.domain.com;lr>', '<sip:p1.example.com;lr>'];

function uas(invite = buildInvite({ recordRoute }), status = 200, overTls = false): Dialog {
  const result = createUasDialog(invite, buildAnswer(invite, status), { overTls });
  if (result.type !== 'ok') throw new Error(result.detail);
  return result.dialog;
}

function uac(invite = buildInvite(), status = 200, overTls = false): Dialog {
  const result = createUacDialog(invite, buildAnswer(invite, status, { recordRoute }), { overTls });
  if (result.type !== 'ok') throw new Error(result.detail);
  return result.dialog;
}

describe('createUasDialog (RFC 3261 §12.1.1)', () => {
  it('MUST take the route set from the Record-Route of the request, in order', () => {
    assert.deepEqual(uas().routeSet, ['sip:p2.domain.com;lr', 'sip:p1.example.com;lr']);
  });

  it('MUST take the local tag from the response To, the remote tag from the request From', () => {
    assert.deepEqual(uas().id, { callId: '3848276298220188511@u1.example.com', localTag: '314159', remoteTag: '9fxced76sl' });
  });

  it('MUST set the remote sequence from the request CSeq and leave the local one empty', () => {
    const dialog = uas(buildInvite({ cseq: 4711 }));
    assert.deepEqual([dialog.remoteSequence, dialog.localSequence], [4711, undefined]);
  });

  it('MUST set the remote target to the Contact URI of the request', () => {
    assert.equal(uas().remoteTarget, 'sip:caller@u1.example.com');
  });

  it('MUST set the remote URI from From and the local URI from To, without tags', () => {
    const dialog = uas();
    assert.deepEqual([dialog.remoteAddress.uri, dialog.localAddress.uri, dialog.localAddress.params], ['sip:caller@example.com', 'sip:callee@domain.com', {}]);
  });

  it('MUST accept a request without From tag (RFC 2543), with an empty remote tag', () => {
    assert.equal(uas(buildInvite({ fromTag: null })).id.remoteTag, '');
  });

  it("MUST create an 'early' dialog from a 1xx and a 'confirmed' one from a 2xx", () => {
    assert.deepEqual([uas(buildInvite(), 180).state, uas(buildInvite(), 200).state], ['early', 'confirmed']);
  });

  it('MUST set secure only when the request came over TLS with a SIPS Request-URI', () => {
    const sips = buildInvite({ uri: 'sips:callee@u2.domain.com' });
    assert.deepEqual([uas(sips, 200, true).secure, uas(sips, 200, false).secure, uas(buildInvite(), 200, true).secure], [true, false, false]);
  });

  it('MUST refuse a request whose Contact is not a SIP or SIPS URI', () => {
    const invite = buildInvite({ contact: '<mailto:caller@example.com>' });
    const result = createUasDialog(invite, buildAnswer(invite, 200), { overTls: false });
    assert.equal(result.type === 'error' ? result.code : result.type, 'invalid-contact');
  });
});

describe('createUacDialog (RFC 3261 §12.1.2)', () => {
  it('MUST take the route set from the Record-Route of the response, in reverse order', () => {
    assert.deepEqual(uac().routeSet, ['sip:p1.example.com;lr', 'sip:p2.domain.com;lr']);
  });

  it('MUST take the local tag from the request From, the remote tag from the response To', () => {
    assert.deepEqual(uac().id, { callId: '3848276298220188511@u1.example.com', localTag: '9fxced76sl', remoteTag: '314159' });
  });

  it('MUST set the local sequence from the request CSeq and leave the remote one empty', () => {
    const dialog = uac(buildInvite({ cseq: 17 }));
    assert.deepEqual([dialog.localSequence, dialog.remoteSequence], [17, undefined]);
  });

  it('MUST set the remote target to the Contact URI of the response', () => {
    assert.equal(uac().remoteTarget, 'sip:callee@u2.domain.com');
  });

  it('MUST own the Call-ID it generated', () => {
    assert.equal(uac().ownsCallId, true);
  });

  it('MUST refuse a provisional response without To tag', () => {
    const invite = buildInvite();
    const result = createUacDialog(invite, buildAnswer(invite, 180, { toTag: '' }), { overTls: false });
    assert.equal(result.type === 'error' ? result.code : result.type, 'missing-tag');
  });

  it('MUST refuse 100 and non-2xx final responses, which establish no dialog', () => {
    const invite = buildInvite();
    const codes = [100, 486].map((status) => {
      const result = createUacDialog(invite, buildAnswer(invite, status), { overTls: false });
      return result.type === 'error' ? result.code : result.type;
    });
    assert.deepEqual(codes, ['not-dialog-creating', 'not-dialog-creating']);
  });

  it('MUST refuse a response without Contact', () => {
    const invite = buildInvite();
    const result = createUacDialog(invite, buildAnswer(invite, 200, { contact: null }), { overTls: false });
    assert.equal(result.type === 'error' ? result.code : result.type, 'missing-contact');
  });
});
