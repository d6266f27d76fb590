import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { identityPolicy, NO_IDENTITY_TRUST } from './trunk-identity.ts';

describe('trunk identity policy', () => {
  it('MUST trust nobody and send no P-Asserted-Identity without options', () => {
    assert.deepEqual(identityPolicy([['qualify', 'yes']]), NO_IDENTITY_TRUST);
  });

  it('MUST read PJSIP\'s send_pai, trust_id_outbound and trust_id_inbound, each on its own', () => {
    assert.deepEqual(identityPolicy([['send_pai', 'yes'], ['trust_id_outbound', 'Yes']]), { sendPai: true, trustOutbound: true, trustInbound: false });
    assert.deepEqual(identityPolicy([['trust_id_inbound', 'on'], ['send_pai', 'no']]), { sendPai: false, trustOutbound: false, trustInbound: true });
  });

  it('MUST read chan_sip\'s sendrpid (yes or pai) and trustrpid, which trusts both ways', () => {
    assert.deepEqual(identityPolicy([['sendrpid', 'pai'], ['trustrpid', 'yes']]), { sendPai: true, trustOutbound: true, trustInbound: true });
    assert.deepEqual(identityPolicy([['sendrpid', 'rpid']]), NO_IDENTITY_TRUST);
  });
});
