import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createUacDialog } from './create-dialog.ts';
import type { Dialog } from './dialog.ts';
import { createRequestInDialog } from './request-in-dialog.ts';
import { receiveResponseInDialog } from './response-in-dialog.ts';
import { buildAnswer, buildInvite } from './testing/dialog-messages.ts';

const invite = buildInvite({ cseq: 1 });

function earlyUac(): Dialog {
  const created = createUacDialog(invite, buildAnswer(invite, 180, { recordRoute: ['<sip:only-in-1xx.example.com;lr>'] }), { overTls: false });
  if (created.type !== 'ok') throw new Error(created.detail);
  return created.dialog;
}

function confirmedUac(): Dialog {
  const created = createUacDialog(invite, buildAnswer(invite, 200), { overTls: false });
  if (created.type !== 'ok') throw new Error(created.detail);
  return created.dialog;
}

describe('receiveResponseInDialog', () => {
  it('on a 2xx to the INVITE, MUST confirm the early dialog and recompute the route set from the 2xx (§13.2.2.4)', () => {
    const ok = buildAnswer(invite, 200, { recordRoute: ['<sip:p2.domain.com;lr>', '<sip:p1.example.com;lr>'] });
    const { dialog } = receiveResponseInDialog(earlyUac(), invite, ok);
    assert.deepEqual([dialog.state, dialog.routeSet], ['confirmed', ['sip:p1.example.com;lr', 'sip:p2.domain.com;lr']]);
  });

  it('on a non-2xx final response to the INVITE, MUST terminate the early dialog (§12.3)', () => {
    assert.equal(receiveResponseInDialog(earlyUac(), invite, buildAnswer(invite, 486)).dialog.state, 'terminated');
  });

  it('on a 2xx to a request other than the INVITE, MUST NOT confirm the early dialog', () => {
    const built = createRequestInDialog(earlyUac(), 'PRACK');
    if (built.type !== 'ok') throw new Error(built.detail);
    assert.equal(receiveResponseInDialog(built.dialog, built.request, buildAnswer(built.request, 200)).dialog.state, 'early');
  });

  it('on a 2xx to a re-INVITE, MUST replace the remote target with its Contact (§12.2.1.2)', () => {
    const built = createRequestInDialog(confirmedUac(), 'INVITE');
    if (built.type !== 'ok') throw new Error(built.detail);
    const ok = buildAnswer(built.request, 200, { contact: '<sip:callee@moved.example.com>' });
    const { dialog } = receiveResponseInDialog(built.dialog, built.request, ok);
    assert.deepEqual([dialog.remoteTarget, dialog.pendingInvites], ['sip:callee@moved.example.com', {}]);
  });

  it('on a 2xx to a request that is not a target refresh, MUST keep the remote target', () => {
    const built = createRequestInDialog(confirmedUac(), 'INFO');
    if (built.type !== 'ok') throw new Error(built.detail);
    const ok = buildAnswer(built.request, 200, { contact: '<sip:callee@moved.example.com>' });
    assert.equal(receiveResponseInDialog(built.dialog, built.request, ok).dialog.remoteTarget, 'sip:callee@u2.domain.com');
  });

  it('on a 481 or 408, MUST advise ending the dialog', () => {
    const built = createRequestInDialog(confirmedUac(), 'INFO');
    if (built.type !== 'ok') throw new Error(built.detail);
    const advice = [481, 408, 415].map((status) => receiveResponseInDialog(built.dialog, built.request, buildAnswer(built.request, status)).shouldTerminate);
    assert.deepEqual(advice, [true, true, false]);
  });
});
